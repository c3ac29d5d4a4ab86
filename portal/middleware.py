"""Request and response handling every page shares: the client's real address behind
reverse proxies, the refusal of NUL characters in paths and cookies, and the security
headers Django does not set itself (Content-Security-Policy, Permissions-Policy;
SecurityMiddleware and XFrameOptionsMiddleware cover the rest)."""

import ipaddress
import logging

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def serialize_policy(directives):
    return "; ".join(
        " ".join([directive, *sources]) for directive, sources in directives.items()
    )


def parse_address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


class ClientAddressMiddleware:
    """Behind the reverse proxies of TRUSTED_PROXIES, REMOTE_ADDR is a proxy's address;
    the client's is the last one in X-Forwarded-For that no trusted proxy added.
    Earlier entries came from the client itself and may be forged, so they are never
    read. Rate limits count by this address."""

    def __init__(self, get_response):
        if not settings.TRUSTED_PROXIES:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.trusted_networks = [
            ipaddress.ip_network(proxy, strict=False)
            for proxy in settings.TRUSTED_PROXIES
        ]

    def __call__(self, request):
        request.META["REMOTE_ADDR"] = self.client_address(request.META)
        return self.get_response(request)

    def is_trusted(self, address):
        return any(address in network for network in self.trusted_networks)

    def client_address(self, meta):
        address = meta.get("REMOTE_ADDR", "")
        parsed = parse_address(address)
        if parsed is None or not self.is_trusted(parsed):
            return address

        forwarded = meta.get("HTTP_X_FORWARDED_FOR", "").split(",")
        for hop in reversed(forwarded):
            hop_address = parse_address(hop)
            if hop_address is None:
                break
            address = str(hop_address)
            if not self.is_trusted(hop_address):
                break
        return address


class NullCharacterMiddleware:
    """Answers 400 to a request with a NUL character in its path or cookies.

    No page has such a path and no browser sets such a cookie, but a quoted cookie
    value can spell one as an escape (`\\000`), and PostgreSQL refuses NUL in text:
    left alone, a session lookup would fail as a server error. Query strings and
    posted forms are left to the forms, which reject NUL characters with a message
    beside the field and keep the rest of what was entered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.carries_null(request):
            logger.info("Refused a request with a NUL character: %r", request.path)
            return HttpResponseBadRequest(
                _(
                    "The request contains a null character, which this site never "
                    "accepts."
                ),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    def carries_null(self, request):
        return "\x00" in request.path_info or any(
            "\x00" in cookie for cookie in request.COOKIES.values()
        )


class SecurityHeadersMiddleware:
    """Sets the site's Content-Security-Policy and Permissions-Policy on every
    response that has none of its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.content_security_policy = serialize_policy(
            settings.CONTENT_SECURITY_POLICY
        )
        self.permissions_policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)

        # Django's technical 404 and 500 pages are styled inline; while DEBUG is on
        # they must render, and they never reach a visitor in production.
        if settings.DEBUG and response.status_code in {404, 500}:
            return response

        response.headers.setdefault(
            "Content-Security-Policy", self.content_security_policy
        )
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response
