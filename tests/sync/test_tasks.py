import os
import time

import pytest
from celery.exceptions import Retry
from django.core.cache import caches

from config.celery import app
from sync.models import FollowedSearch
from sync.syncing import search_lock
from sync.tasks import sync_all_followed_searches, sync_followed_search
from trials.importers.clients import TransientRegistryError
from trials.models import Trial

from .registry_server import Reply, ctgov_pages

PAGE = ["NCT01640457", "NCT03607838"]


@pytest.fixture
def followed(db):
    return FollowedSearch.objects.create(registry="ctgov", kind="condition", value="disc")


def test_without_a_broker_tasks_run_at_once_in_this_process(settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER and app.conf.task_always_eager


def test_sync_all_runs_every_enabled_search_and_is_idempotent(registry, followed):
    FollowedSearch.objects.create(registry="ctgov", kind="sponsor", value="off", enabled=False)
    registry.routes["/ctgov/studies"] = ctgov_pages(PAGE)
    assert sync_all_followed_searches.delay().get() == 1
    assert Trial.objects.count() == 2
    assert (
        sync_followed_search.delay(followed.pk).get()
        == "0 created, 0 updated, 2 unchanged, 0 failed"
    )
    followed.refresh_from_db()
    assert followed.records_done == 2


def test_a_transient_error_makes_the_task_retry_later_with_its_progress_saved(
    registry, followed, no_waiting
):
    # Without a broker, the retry Celery schedules is raised here instead of waiting.
    registry.routes["/ctgov/studies"] = ctgov_pages(PAGE, PAGE, broken={2: Reply(b"", status=503)})
    with pytest.raises(Retry) as retry:
        sync_followed_search.delay(followed.pk)
    assert isinstance(retry.value.exc, TransientRegistryError)
    followed.refresh_from_db()
    assert followed.cursor["page_token"] == "page-2" and followed.records_done == 2
    assert sync_followed_search.max_retries == 5


def test_a_search_being_synced_is_not_synced_again_at_the_same_time(registry, followed):
    with search_lock(followed.pk):
        assert sync_followed_search.delay(followed.pk).get() == "already running"
    assert registry.requests == []


REDIS_URL = os.environ.get("TEST_REDIS_URL")


def reset_connections():
    """Connections are made lazily from the broker URL in use: drop those of the last one."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL is not set")
@pytest.mark.django_db(transaction=True)
def test_a_worker_runs_the_sync_through_the_redis_broker_holding_a_redis_lock(registry, settings):
    from celery.contrib.testing.worker import start_worker

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    caches["default"].clear()
    search = FollowedSearch.objects.create(registry="ctgov", kind="condition", value="disc")
    registry.routes["/ctgov/studies"] = ctgov_pages(PAGE)
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=REDIS_URL, task_always_eager=False)
    reset_connections()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            # The lock is in Redis: the worker sees this test holding it and does nothing.
            with search_lock(search.pk):
                sync_followed_search.delay(search.pk)
                time.sleep(3)
            assert registry.requests == []
            sync_followed_search.delay(search.pk)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                search.refresh_from_db()
                if search.last_synced_at:
                    break
                time.sleep(0.2)
    finally:
        app.conf.update(saved)
        reset_connections()
        caches["default"].clear()
    assert search.last_synced_at is not None
    assert (search.records_done, search.records_failed) == (2, 0)
    assert Trial.objects.count() == 2
