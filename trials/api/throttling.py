"""The anonymous rate limit, exact under several workers: one counter per client and window,
incremented atomically in the shared cache. DRF's `AnonRateThrottle` reads a list of request
times, appends and writes it back: two workers between the read and the write both pass."""

import time

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache import cache as default_cache
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import AnonRateThrottle

# INCR and, for the window's first request, EXPIRE, in one step on the Redis server.
COUNT_IN_WINDOW = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


class AtomicAnonRateThrottle(AnonRateThrottle):
    """At most `num_requests` per client in each fixed window of `duration` seconds (the
    windows start at multiples of it)."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        ident = self.get_cache_key(request, view)
        if ident is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_end = (window + 1) * self.duration
        count = self.count(f"{ident}:{window}")
        return count <= self.num_requests

    def count(self, key):
        """This request's number in the key's window."""
        timeout = self.duration + 1  # a little past the window's end, which the key names
        # `django.core.cache.cache` is a proxy: the backend behind it says what it is.
        cache = caches[DEFAULT_CACHE_ALIAS] if self.cache is default_cache else self.cache
        if isinstance(cache, RedisCache):
            key = cache.make_and_validate_key(key)
            client = cache._cache.get_client(key, write=True)
            return client.eval(COUNT_IN_WINDOW, 1, key, timeout)
        # Other caches: `add` then `incr`, atomic within the process (local memory's lock).
        cache.add(key, 0, timeout)
        try:
            return cache.incr(key)
        except ValueError:  # expired between the two
            cache.add(key, 1, timeout)
            return 1

    def wait(self):
        return max(0.0, self.window_end - self.timer()) or None

    timer = staticmethod(time.time)
