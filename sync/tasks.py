"""Celery tasks: sync one followed search, or all of them (daily, see CELERY_BEAT_SCHEDULE)."""

import logging

from celery import shared_task
from celery.exceptions import Retry

from trials.importers.clients import RegistryError, TransientRegistryError

from .models import FollowedSearch
from .syncing import AlreadyRunning, sync_search

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(TransientRegistryError,),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=5,
)
def sync_followed_search(pk: int) -> str:
    """Sync one followed search; a run of the same search elsewhere makes this one a no-op.
    Safe to repeat: an unchanged record is counted, not written again."""
    search = FollowedSearch.objects.enabled().filter(pk=pk).first()
    if search is None:
        return "not found or disabled"
    try:
        report = sync_search(search)
    except AlreadyRunning:
        return "already running"
    return report.summary()


@shared_task
def sync_all_followed_searches() -> int:
    """Queue a sync of every enabled followed search; how many were queued."""
    pks = list(FollowedSearch.objects.enabled().values_list("pk", flat=True))
    for pk in pks:
        try:
            sync_followed_search.delay(pk)
        except (RegistryError, Retry) as error:
            # Only without a broker, where the task runs here: one search's failure (saved on
            # it) must not keep the others from running.
            logger.warning("followed search %s failed: %s", pk, error)
    return len(pks)
