"""Cached page fragments and when they go stale.

Expensive parts of pages that look the same for every visitor (the home page's
figures and map, the methodology, the choice lists of the filter forms) are kept in
Django's cache under a key that contains the *content version*. Saving or deleting
any record those parts show sets a new content version (at once, and again when the
transaction commits), so the next request renders them afresh; the old entries simply
expire.

Writes that send no signals (bulk_create, QuerySet.update, raw SQL) cannot be seen
here: the commands that make them call `content_changed()` themselves, and every
entry also expires after FRAGMENT_TIMEOUT, which bounds how stale anything can get.

The cache is an optimisation, never a dependency: when it fails (Redis down), pages
are rendered uncached and the failure is logged.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

VERSION_KEY = "portal:content-version"
FRAGMENT_TIMEOUT = 10 * 60

# The apps whose records the cached fragments show, and the models in them that no
# fragment shows (their saves need not throw the fragments away).
WATCHED_APPS = {"clusters", "cooperation"}
UNWATCHED_MODELS = {"cooperation.reply", "cooperation.subscription"}

# A marker for "not in the cache" that no cached value can equal.
MISSING = object()


def content_version():
    """The current content version; a new one is made when there is none."""
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception:
        logger.warning("The cache is unavailable; rendering fragments uncached")
        return None
    return version


def content_changed(**kwargs):
    """Start a new content version: every cached fragment is stale from now on."""
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.warning("The cache is unavailable; could not invalidate fragments")


def shows_in_fragments(model):
    label = model._meta.label_lower
    return model._meta.app_label in WATCHED_APPS and label not in UNWATCHED_MODELS


def invalidate_after_write(sender, **kwargs):
    """Signal receiver: a watched record changed, so the fragments go stale now, and
    once more when the change commits: a request in between may have cached what it
    still read before the commit."""
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed: wait for what actually changed
    if shows_in_fragments(sender):
        content_changed()
        transaction.on_commit(content_changed)


def fragment_key(name, version, *parts):
    suffix = ":".join(str(part) for part in parts)
    return f"portal:fragment:{name}:{version}:{suffix}"


def cached(name, build, *parts, timeout=FRAGMENT_TIMEOUT):
    """The value `build()` returns, kept in the cache under `name` and `parts` for the
    current content version."""
    version = content_version()
    if version is None:
        return build()

    key = fragment_key(name, version, *parts)
    try:
        value = cache.get(key, MISSING)
    except Exception:
        logger.warning("The cache is unavailable; building %s uncached", name)
        return build()
    if value is not MISSING:
        return value

    value = build()
    try:
        cache.set(key, value, timeout=timeout)
    except Exception:
        logger.warning("The cache is unavailable; could not keep %s", name)
    return value
