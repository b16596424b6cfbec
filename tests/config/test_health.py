"""`/healthz` tells a load balancer whether this server can answer: its databases and its
cache, each within seconds; never cached, never throttled."""

import time

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

pytestmark = pytest.mark.django_db


def test_a_healthy_server_answers_200_in_json_and_uncached(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database:default": "ok", "cache": "ok"},
    }
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_a_database_that_does_not_answer_is_503(client, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["database:default"] == "unavailable"


def test_a_cache_that_does_not_answer_is_503_within_seconds(client, settings):
    # Nothing listens on port 1: the connection is refused (or times out after 2 s).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    started = time.monotonic()

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database:default": "ok", "cache": "unavailable"}
    assert time.monotonic() - started < 5


@pytest.mark.reader_cache
def test_the_health_check_is_not_served_from_the_readers_cache(client, monkeypatch):
    assert client.get("/healthz").status_code == 200
    monkeypatch.setattr("config.health.cache_answers", lambda: False)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert "ETag" not in response


def test_the_health_check_is_not_throttled(client, monkeypatch):
    monkeypatch.setattr(
        "rest_framework.throttling.AnonRateThrottle.THROTTLE_RATES", {"anon": "1/hour"}
    )
    client.get("/api/v1/conditions/")
    assert client.get("/api/v1/conditions/").status_code == 429

    assert [client.get("/healthz").status_code for _ in range(3)] == [200, 200, 200]
