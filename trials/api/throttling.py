"""The anonymous rate limit, exact under several workers: one counter per client and window,
incremented atomically in the shared cache. DRF's `AnonRateThrottle` reads a list of request
times, appends and writes it back: two workers between the read and the write both pass."""

import time

from rest_framework.throttling import AnonRateThrottle

from config.throttling import count_in_window


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
        # A little past the window's end, which the key names.
        return count_in_window(key, self.duration + 1, self.cache)

    def wait(self):
        return max(0.0, self.window_end - self.timer()) or None

    timer = staticmethod(time.time)
