"""The anonymous rate limit holds exactly when requests arrive together: on Redis (shared by
every worker, `TEST_REDIS_URL`) and on the local-memory cache of one process."""

import os
import threading

import pytest
import redis
from django.core.cache import caches
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
LIMIT = 20
CLIENTS = 60


@pytest.fixture(params=["redis", "locmem"])
def shared_cache(request, settings):
    if request.param == "locmem":
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    else:
        server = redis.Redis.from_url(REDIS_URL)
        try:
            server.ping()
        except redis.exceptions.ConnectionError:
            if os.environ.get("TEST_REDIS_URL"):
                raise
            pytest.skip(f"no Redis at {REDIS_URL} (set TEST_REDIS_URL to require one)")
        server.flushdb()
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
            }
        }
    caches["default"].clear()
    yield request.param
    caches["default"].clear()


class Ping(APIView):
    """A view with the API's throttles and nothing else, so that only they are measured."""

    def get(self, request):
        return Response({"ok": True})


def statuses_of_simultaneous_requests(count):
    view = Ping.as_view()
    factory = APIRequestFactory()
    start = threading.Barrier(count)
    statuses = []

    def request():
        start.wait()
        statuses.append(view(factory.get("/api/v1/ping/", REMOTE_ADDR="203.0.113.9")).status_code)

    threads = [threading.Thread(target=request) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_exactly_the_limit_passes_when_requests_arrive_together(shared_cache, monkeypatch):
    monkeypatch.setattr(
        "rest_framework.throttling.AnonRateThrottle.THROTTLE_RATES", {"anon": f"{LIMIT}/hour"}
    )

    statuses = statuses_of_simultaneous_requests(CLIENTS)

    assert statuses.count(200) == LIMIT
    assert statuses.count(429) == CLIENTS - LIMIT


def test_other_clients_have_their_own_count(shared_cache, monkeypatch):
    monkeypatch.setattr(
        "rest_framework.throttling.AnonRateThrottle.THROTTLE_RATES", {"anon": "1/hour"}
    )
    view = Ping.as_view()
    factory = APIRequestFactory()

    first = view(factory.get("/", REMOTE_ADDR="203.0.113.1"))
    again = view(factory.get("/", REMOTE_ADDR="203.0.113.1"))
    other = view(factory.get("/", REMOTE_ADDR="203.0.113.2"))

    assert (first.status_code, again.status_code, other.status_code) == (200, 429, 200)
    assert 0 < int(again["Retry-After"]) <= 3600
