"""Each confirmed subscription's digest: the changes the registries made to the trials it
follows since its last digest, in its language, with the links to the trials' pages and to
end it (`List-Unsubscribe`, one click as RFC 8058 has it). No e-mail when nothing changed."""

import logging
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from smtplib import SMTPException

from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation

from trials.models import Trial, TrialChange
from trials.summary.changes import ChangeNote, change_notes

from .links import absolute_url, followed_page_url, followed_title
from .models import Subscription
from .subscribing import subscription_links
from .tokens import confirmation_lifetime

logger = logging.getLogger(__name__)

# A change is written with its batch of an import, committed moments later: a digest leaves
# the last minutes to the next one, so that no change is between two digests unseen.
SETTLE = timedelta(minutes=15)
# A digest lists the trials changed last, up to this many, and links to the others.
DIGEST_TRIALS = 50
LOCK_KEY = "alerts:sending-digests"
LOCK_SECONDS = 6 * 3600


class AlreadySending(Exception):
    """Another process is sending the digests now."""


@dataclass(frozen=True)
class ChangedTrial:
    identifier: str
    title: str
    title_lang: str | None
    url: str  # absolute
    notes: tuple[ChangeNote, ...]


@dataclass(frozen=True)
class Digest:
    subscription: Subscription
    until: datetime
    title: str
    trials: tuple[ChangedTrial, ...]
    more: int  # changed trials not listed
    page_url: str  # absolute: what the subscription follows
    unsubscribe_url: str
    delete_url: str


def matching_changes(*, subscription, since, until):
    """The changes of published trials the subscription follows, noted in (since, until]."""
    changes = TrialChange.objects.published().filter(changed_at__gt=since, changed_at__lte=until)
    changed = Trial.objects.filter(pk__in=changes.values("trial_id"))
    return changes.filter(trial__in=subscription.followed_trials(among=changed).values("pk"))


def build_digest(*, subscription, until):
    """The subscription's digest of the changes up to `until`, or None if none matched."""
    since = subscription.digest_until or subscription.confirmed_at
    if since is None or since >= until:
        return None
    changes = matching_changes(subscription=subscription, since=since, until=until)
    latest_first = list(
        changes.values("trial_id")
        .annotate(latest=Max("changed_at"))
        .order_by("-latest", "trial_id")
        .values_list("trial_id", flat=True)
    )
    if not latest_first:
        return None
    listed = latest_first[:DIGEST_TRIALS]
    language = subscription.language
    notes = change_notes(changes.filter(trial__in=listed).for_notes().newest_first(), language)
    # The newest first: each trial where its latest change puts it.
    by_trial = {}
    for note in notes:
        by_trial.setdefault(note.identifier, []).append(note)
    with translation.override(language):
        trials = tuple(
            ChangedTrial(
                identifier=identifier,
                title=trial_notes[0].title.text,
                title_lang=trial_notes[0].title.lang,
                url=absolute_url(f"{trial_notes[0].page_url}#recent-changes"),
                notes=tuple(trial_notes),
            )
            for identifier, trial_notes in by_trial.items()
        )
        return Digest(
            subscription=subscription,
            until=until,
            title=followed_title(subscription),
            trials=trials,
            more=len(latest_first) - len(listed),
            page_url=absolute_url(followed_page_url(subscription)),
            **subscription_links(subscription),
        )


def digest_message(*, digest, connection=None):
    """The digest as an e-mail (plain text and HTML), with the headers of one-click
    unsubscription."""
    subscription = digest.subscription
    with translation.override(subscription.language):
        context = {"digest": digest, "language": subscription.language}
        text = render_to_string("alerts/email/digest.txt", context)
        html = render_to_string("alerts/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(digest.title.split()),
        body=text,
        to=[subscription.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{digest.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "Content-Language": subscription.language,
        },
    )
    message.attach_alternative(html, "text/html")
    return message


@contextmanager
def sending_lock():
    """Held by one sender at a time, through the shared cache; expires should its holder die."""
    token = uuid.uuid4().hex
    if not cache.add(LOCK_KEY, token, timeout=LOCK_SECONDS):
        raise AlreadySending("the alert digests are being sent already")
    try:
        yield
    finally:
        if cache.get(LOCK_KEY) == token:
            cache.delete(LOCK_KEY)


def send_digests(*, now=None, connection=None):
    """Send every confirmed subscription its digest, if anything matched, and delete the
    subscriptions never confirmed; how many e-mails were sent. A digest that could not be sent
    is sent, with what changed since, next time."""
    now = now or timezone.now()
    until = now - SETTLE
    sent = 0
    with sending_lock():
        Subscription.objects.unconfirmed_since(now - confirmation_lifetime()).delete()
        connection = connection or get_connection()
        subscriptions = Subscription.objects.confirmed().filter(digest_until__lt=until)
        for subscription in subscriptions.select_related("intervention", "condition").iterator():
            digest = build_digest(subscription=subscription, until=until)
            if digest is not None:
                try:
                    digest_message(digest=digest, connection=connection).send()
                except (SMTPException, OSError) as error:
                    logger.warning(
                        "alert digest of subscription %s failed: %s", subscription.pk, error
                    )
                    continue
                sent += 1
            Subscription.objects.filter(pk=subscription.pk).update(digest_until=until)
    return sent
