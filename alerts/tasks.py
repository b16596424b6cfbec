"""Celery tasks: the daily digests (CELERY_BEAT_SCHEDULE), and the e-mails a subscription
request sends."""

from smtplib import SMTPException

from celery import shared_task

from .digests import AlreadySending, send_digests
from .models import Subscription
from .subscribing import subscription_email


@shared_task
def send_alert_digests() -> str:
    """Send the digests of every confirmed subscription; a run elsewhere makes this a no-op."""
    try:
        return f"{send_digests()} sent"
    except AlreadySending:
        return "already sending"


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=5,
)
def send_subscription_email(pk: int, message: str) -> str:
    """Send a subscription its confirmation link, or the word that it exists already."""
    subscription = Subscription.objects.filter(pk=pk).first()
    if subscription is None:
        return "gone"
    subscription_email(subscription, message).send()
    return "sent"
