"""How often one client address may post, reply or subscribe, counted in the shared
cache (Redis in production) so that every worker sees the same count."""

import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def client_network(request):
    """The client's address; IPv6 clients are counted by their /64 network, since
    one connection usually owns the whole of it."""
    address = request.META.get("REMOTE_ADDR", "")
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


# What check() finds.
ALLOWED = "allowed"
LIMITED = "limited"
UNCOUNTED = "uncounted"  # the cache cannot be reached, so nothing can be counted


def check(request, action):
    """Count one `action` for the client and say whether it is within the limit."""
    limit, window = settings.COOPERATION_RATE_LIMITS[action]
    key = f"cooperation:rate:{action}:{client_network(request)}"

    try:
        count = count_one(key, window)
    except Exception:
        # Refused rather than let through: while the cache is down, the limits are
        # the only brake on a flood of posts and mails.
        logger.warning("The cache is unavailable; refusing %s uncounted", action)
        return UNCOUNTED

    if count > limit:
        logger.info("Rate limit for %s reached by %s", action, client_network(request))
        return LIMITED
    return ALLOWED


def count_one(key, window):
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:
        # The window ended between add() and incr(): this is the first of a new one.
        cache.set(key, 1, timeout=window)
        return 1
