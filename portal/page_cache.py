"""Whole public pages kept in the cache for visitors who bring nothing of their own.

Rendering a list page, a portrait or a search costs tens of milliseconds of template
work; handing over a kept copy costs one cache read. A copy can be shared when the page
shows nothing that belongs to one visitor:

- The request carries no session cookie (no comparison, no editor logged in) and no
  messages cookie (no "added to the comparison" waiting to be shown). Visitors with
  either always get a page rendered for them.
- The page holds no CSRF token. The only forms on shared pages, the language switcher
  and "Add to comparison", post to views that change nothing but the visitor's own
  preferences, and those views are exempt from the CSRF check (see the URLconfs).

Copies are keyed by the content version (portal.fragments), so saving any record makes
every copy stale at once; by the day, so a cooperation request that expires at midnight
leaves the board then; by the interface language; and by the full path with its query.
Only successful HTML answers to GET are kept: exports, errors and redirects are not.
"""

import hashlib
import logging
import threading
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from . import fragments

logger = logging.getLogger(__name__)

PAGE_TIMEOUT = fragments.FRAGMENT_TIMEOUT

# Each worker also keeps the pages it served last in its own memory, up to this many
# bytes of HTML: a page taken from there needs no transfer from the cache server and no
# unpickling, only the content version, which one cache read tells.
LOCAL_BUDGET_BYTES = 16 * 1024 * 1024


class RecentPages:
    """The pages a process served last, by key, within a budget of bytes."""

    def __init__(self, budget):
        self.budget = budget
        self.size = 0
        self.pages = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key, page):
        content = page[0]
        if len(content) > self.budget:
            return
        with self.lock:
            if key in self.pages:
                return
            self.pages[key] = page
            self.size += len(content)
            while self.size > self.budget:
                _key, (old_content, _headers) = self.pages.popitem(last=False)
                self.size -= len(old_content)


recent_pages = RecentPages(LOCAL_BUDGET_BYTES)


def visitor_has_own_state(request):
    own_cookies = {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name}
    return not own_cookies.isdisjoint(request.COOKIES)


def page_key(request, version):
    # Hashed: a path with its query string may be as long as the server allows.
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    day = timezone.localdate().isoformat()
    return fragments.fragment_key("page", version, day, get_language(), path)


def can_be_shared(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
        and not response.has_header("Cache-Control")
    )


def kept_page(key):
    """(content, headers) of the page kept under `key`, or None."""
    page = recent_pages.get(key)
    if page is not None:
        return page
    try:
        page = cache.get(key)
    except Exception:
        logger.warning("The cache is unavailable; rendering the page")
        return None
    if page is not None:
        recent_pages.put(key, page)
    return page


def keep_page(key, response):
    page = (response.content, dict(response.items()))
    recent_pages.put(key, page)
    try:
        cache.set(key, page, timeout=PAGE_TIMEOUT)
    except Exception:
        logger.warning("The cache is unavailable; the page is kept in this process")


def shared_page(view):
    """Serve `view`'s page from the cache to visitors without a state of their own."""

    @wraps(view)
    def serve(request, *args, **kwargs):
        if request.method != "GET" or visitor_has_own_state(request):
            return view(request, *args, **kwargs)

        version = fragments.content_version()
        if version is None:
            return view(request, *args, **kwargs)
        key = page_key(request, version)
        page = kept_page(key)
        if page is not None:
            content, headers = page
            return HttpResponse(content, headers=headers)

        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if can_be_shared(response):
            keep_page(key, response)
        return response

    return serve
