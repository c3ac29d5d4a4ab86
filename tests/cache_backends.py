"""Cache backends for tests that need the cache server to misbehave."""

from django.core.cache.backends.base import BaseCache

UNREACHABLE = {"default": {"BACKEND": "tests.cache_backends.UnreachableCache"}}


class UnreachableCache(BaseCache):
    """A cache server that cannot be reached, as Redis behaves when it is down."""

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("cache server unreachable")

    get = set = add = delete = clear = incr = get_many = set_many = _fail
