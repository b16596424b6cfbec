"""The alerts' tasks on a real broker: a Celery worker takes the confirmation e-mail a request
queues once its transaction commits, and the digests, from Redis (TEST_REDIS_URL in CI, or a
redis:// CELERY_BROKER_URL); without one the other tests run them in-process."""

import os
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import caches
from django.utils import timezone

from alerts.models import Subscription
from alerts.tasks import send_alert_digests
from config.celery import app
from tests.sync.test_tasks import reset_connections
from trials.models import TrialChange

from .conftest import link

BROKER = os.environ.get("TEST_REDIS_URL") or (
    os.environ.get("CELERY_BROKER_URL", "")
    if os.environ.get("CELERY_BROKER_URL", "").startswith("redis://")
    else ""
)


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.skipif(not BROKER, reason="neither TEST_REDIS_URL nor a redis CELERY_BROKER_URL")
@pytest.mark.django_db(transaction=True)
def test_a_worker_sends_the_confirmation_and_the_digest_through_the_redis_broker(
    client, registry, settings
):
    from celery.contrib.testing.worker import start_worker

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": BROKER}
    }
    caches["default"].clear()
    condition = registry.import_earlier()
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=BROKER, task_always_eager=False)
    reset_connections()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            response = client.post(
                "/en/alerts/", {"email": "reader@example.org", "condition": condition.slug}
            )
            assert response.status_code == 302
            # The request has answered: the e-mail comes from the worker.
            assert wait_for(lambda: len(mail.outbox) == 1)
            client.post(link(mail.outbox[0], "confirm"))
            registry.import_real()
            an_hour_ago = timezone.now() - timedelta(hours=1)
            TrialChange.objects.update(changed_at=an_hour_ago)
            Subscription.objects.update(digest_until=an_hour_ago - timedelta(minutes=1))
            send_alert_digests.delay()
            assert wait_for(lambda: len(mail.outbox) == 2)
    finally:
        app.conf.update(saved)
        reset_connections()
        caches["default"].clear()
    digest = mail.outbox[1]
    assert digest.to == ["reader@example.org"]
    assert "The status changed from “Recruiting” to “Completed”." in digest.body
    assert Subscription.objects.get().digest_until > an_hour_ago
