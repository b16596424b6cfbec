"""A local-memory cache under several workers is flagged: each would count the API's rate
limit and keep pages on its own."""

import pytest

from config.checks import configured_workers, shared_cache_for_several_workers

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
}


@pytest.mark.parametrize(
    "environ, workers",
    [
        ({}, None),
        ({"WEB_CONCURRENCY": "4"}, 4),
        ({"GUNICORN_CMD_ARGS": "--bind 0.0.0.0:8000 -w 3"}, 3),
        ({"GUNICORN_CMD_ARGS": "--workers=2"}, 2),
        ({"GUNICORN_CMD_ARGS": "-w2", "WEB_CONCURRENCY": "8"}, 2),
    ],
)
def test_the_workers_are_read_from_gunicorn_s_environment(environ, workers):
    assert configured_workers(environ) == workers


def test_several_workers_with_a_local_cache_are_warned_about(settings, monkeypatch):
    settings.CACHES, settings.DEBUG = LOCMEM, True
    monkeypatch.setenv("WEB_CONCURRENCY", "2")

    [warning] = shared_cache_for_several_workers(None)

    assert warning.id == "config.W001"
    assert "2 workers" in warning.msg and "CACHE_URL" in warning.hint


def test_production_with_a_local_cache_is_warned_about(settings, monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("GUNICORN_CMD_ARGS", raising=False)
    settings.CACHES, settings.DEBUG = LOCMEM, False

    assert [w.id for w in shared_cache_for_several_workers(None)] == ["config.W001"]


@pytest.mark.parametrize("caches, debug, workers", [(REDIS, False, "4"), (LOCMEM, True, "1")])
def test_a_shared_cache_or_one_development_worker_is_fine(
    settings, monkeypatch, caches, debug, workers
):
    monkeypatch.setenv("WEB_CONCURRENCY", workers)
    settings.CACHES, settings.DEBUG = caches, debug

    assert shared_cache_for_several_workers(None) == []
