"""Addresses for the outside world: absolute URLs and canonical page addresses."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import QueryDict

# Parameters every list page understands besides its filters.
PAGE_PARAMETER = "page"


def absolute_url(path):
    """`path` on the portal's public address (settings.SITE_URL)."""
    return f"{settings.SITE_URL}{path}"


def site_protocol():
    return urlsplit(settings.SITE_URL).scheme or "https"


def site_domain():
    return urlsplit(settings.SITE_URL).netloc


def canonical_query(query, known):
    """The part of `query` that names the page: the parameters in `known` that carry a
    value, in the order of `known`; tracking or unknown parameters are dropped, and so
    is the first page's number."""
    canonical = QueryDict(mutable=True)
    for name in known:
        values = [value for value in query.getlist(name) if value.strip()]
        if name == PAGE_PARAMETER:
            values = [value for value in values if value.strip() != "1"][:1]
        if values:
            canonical.setlist(name, values)
    return canonical.urlencode()


def canonical_url(request, known=()):
    query = canonical_query(request.GET, known)
    path = absolute_url(request.path)
    return f"{path}?{query}" if query else path
