"""Counters of requests in fixed windows, exact under several workers: one counter per key and
window, incremented atomically in the shared cache (the API's rate limit, the alerts' limits)."""

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache import cache as default_cache
from django.core.cache.backends.redis import RedisCache

# INCR and, for the window's first request, EXPIRE, in one step on the Redis server.
COUNT_IN_WINDOW = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


def count_in_window(key, timeout, cache=default_cache):
    """This request's number under `key` (which names its window), kept `timeout` seconds."""
    # `django.core.cache.cache` is a proxy: the backend behind it says what it is.
    cache = caches[DEFAULT_CACHE_ALIAS] if cache is default_cache else cache
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
