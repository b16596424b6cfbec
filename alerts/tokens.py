"""The signed links of the alerts' e-mails: to confirm a subscription (they expire), to end it
and to delete every subscription of an address (they do not). A token names a subscription and
a digest of its address, never the address itself: a link is worthless once the row is gone,
and says nothing to whoever reads it in a log."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import router
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import Subscription

CONFIRM = "alerts.confirm"
UNSUBSCRIBE = "alerts.unsubscribe"
DELETE = "alerts.delete"


class InvalidLink(Exception):
    """A link that was not made by this site, or was changed."""


class ExpiredLink(Exception):
    """A confirmation link older than ALERTS_CONFIRMATION_DAYS."""


class Gone(Exception):
    """A genuine link whose subscription no longer exists (ended, deleted, or expired)."""


def _address_digest(subscription):
    value = f"{subscription.pk}:{subscription.email.lower()}"
    return salted_hmac("alerts.address", value).hexdigest()[:20]


def make_token(subscription, purpose):
    payload = {"s": subscription.pk, "a": _address_digest(subscription)}
    if purpose == CONFIRM:
        return signing.TimestampSigner(salt=purpose).sign_object(payload, compress=False)
    return signing.Signer(salt=purpose).sign_object(payload)


def confirmation_lifetime():
    return timedelta(days=settings.ALERTS_CONFIRMATION_DAYS)


def subscription_of(token, purpose):
    """The subscription a token of this purpose names; InvalidLink, ExpiredLink or Gone."""
    try:
        if purpose == CONFIRM:
            payload = signing.TimestampSigner(salt=purpose).unsign_object(
                token, max_age=confirmation_lifetime()
            )
        else:
            payload = signing.Signer(salt=purpose).unsign_object(token)
    except signing.SignatureExpired:
        raise ExpiredLink(token) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidLink(token) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        raise InvalidLink(token)
    # From the primary: a link may be followed moments after its row was written.
    primary = Subscription.objects.db_manager(router.db_for_write(Subscription))
    subscription = primary.filter(pk=payload["s"]).first()
    if subscription is None or not constant_time_compare(
        _address_digest(subscription), str(payload.get("a", ""))
    ):
        raise Gone(token)
    return subscription
