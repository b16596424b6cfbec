"""A reader's subscriptions: asked for (a confirmation e-mail, nothing else, until the reader
follows its link), confirmed, ended and deleted. Whether an address was known already never
shows in what the site answers: every request gets the same page, and the e-mail goes to the
address's owner only."""

import logging
from smtplib import SMTPException

from celery.exceptions import Retry
from django.contrib.auth.base_user import BaseUserManager
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .links import absolute_url, followed_title
from .models import Subscription
from .tokens import CONFIRM, DELETE, UNSUBSCRIBE, confirmation_lifetime, make_token

logger = logging.getLogger(__name__)

CONFIRMATION = "confirmation"
ALREADY_SUBSCRIBED = "already_subscribed"


def normalised_address(email):
    return BaseUserManager.normalize_email(email.strip())


@transaction.atomic
def subscribe(*, email, language, followed, recruiting_only):
    """Ask for a subscription; its address gets a confirmation link (again, if it was asked
    for before), or word that it is subscribed already. Returns None whatever happened."""
    candidate = Subscription(
        email=normalised_address(email),
        language=language,
        recruiting_only=recruiting_only,
        **followed,
    )
    existing = Subscription.objects.like(candidate).select_for_update().first()
    if existing is None:
        candidate.save()
        _send_after_commit(candidate.pk, CONFIRMATION)
    elif existing.is_confirmed:
        _send_after_commit(existing.pk, ALREADY_SUBSCRIBED)
    else:
        # A new link, good for as long as the first: the row lives as long as its link.
        existing.language = language
        existing.created_at = timezone.now()
        existing.save(update_fields=["language", "created_at"])
        _send_after_commit(existing.pk, CONFIRMATION)


def _send_after_commit(pk, message):
    from .tasks import send_subscription_email

    def send():
        try:
            send_subscription_email.delay(pk, message)
        except (Retry, SMTPException, OSError) as error:
            # Only without a broker, where the task runs here: the reader may ask again.
            logger.warning("alert e-mail %s to subscription %s failed: %s", message, pk, error)

    transaction.on_commit(send)


def confirm(subscription):
    """Start the subscription's digests from now; a second confirmation changes nothing."""
    if subscription.is_confirmed:
        return
    now = timezone.now()
    subscription.confirmed_at = subscription.digest_until = now
    subscription.save(update_fields=["confirmed_at", "digest_until"])


def unsubscribe(subscription):
    subscription.delete()


def delete_address(subscription):
    """Delete every subscription of the subscription's address; how many there were."""
    deleted, _by_model = Subscription.objects.of_address(subscription.email).delete()
    return deleted


def subscription_links(subscription):
    """The absolute addresses of the links every e-mail of a subscription carries."""
    with translation.override(subscription.language):
        return {
            "unsubscribe_url": absolute_url(
                reverse("alert_unsubscribe", args=[make_token(subscription, UNSUBSCRIBE)])
            ),
            "delete_url": absolute_url(
                reverse("alert_delete", args=[make_token(subscription, DELETE)])
            ),
        }


def subscription_email(subscription, message):
    """The confirmation e-mail, or the word that the address is subscribed already."""
    with translation.override(subscription.language):
        context = {
            "title": followed_title(subscription),
            "subscription": subscription,
            "days": confirmation_lifetime().days,
            "confirm_url": absolute_url(
                reverse("alert_confirm", args=[make_token(subscription, CONFIRM)])
            ),
            **subscription_links(subscription),
        }
        subject = render_to_string(f"alerts/email/{message}_subject.txt", context)
        body = render_to_string(f"alerts/email/{message}.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[subscription.email],
        headers={"Auto-Submitted": "auto-generated", "Content-Language": subscription.language},
    )
