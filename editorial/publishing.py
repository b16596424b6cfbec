"""Moving content through the publication states, recording who published it and when.

Each function takes the objects to move and the user who moves them (None for imports and the
demo), saves only the objects whose state changes, in one transaction, and returns how many.
"""

from django.db import transaction
from django.utils import timezone

from .models import PublicationState

# The states from which each move is allowed.
PUBLISHABLE_FROM = (
    PublicationState.DRAFT,
    PublicationState.IN_REVIEW,
    PublicationState.UNPUBLISHED,
)
REVIEWABLE_FROM = (PublicationState.DRAFT, PublicationState.UNPUBLISHED)
UNPUBLISHABLE_FROM = (PublicationState.PUBLISHED,)
RETURNABLE_FROM = (PublicationState.IN_REVIEW,)

PUBLICATION_FIELDS = ["state", "published_at", "published_by"]


def _move(objects, allowed_from, move):
    moved = 0
    with transaction.atomic():
        for obj in objects:
            if obj.state not in allowed_from:
                continue
            move(obj)
            obj.save(update_fields=PUBLICATION_FIELDS)
            moved += 1
    return moved


def publish(*, objects, user=None):
    """Publish the objects that are not published yet, as `user`, now."""
    return _move(objects, PUBLISHABLE_FROM, lambda obj: obj.publish(user))


def unpublish(*, objects, user=None):
    """Withdraw the published objects from the public, recording who did it and when."""
    return _move(objects, UNPUBLISHABLE_FROM, lambda obj: obj.unpublish(user))


def send_to_review(*, objects):
    """Mark drafts (and withdrawn objects) as ready for a publisher's review."""
    return _move(objects, REVIEWABLE_FROM, _set_state(PublicationState.IN_REVIEW))


def return_to_draft(*, objects):
    """Take objects back from review for more editing."""
    return _move(objects, RETURNABLE_FROM, _set_state(PublicationState.DRAFT))


def _set_state(state):
    def move(obj):
        obj.state = state

    return move


def publication_defaults(*, publish, user=None):
    """The field values of an object created as published (`publish`) or as a draft."""
    if not publish:
        return {"state": PublicationState.DRAFT}
    return {
        "state": PublicationState.PUBLISHED,
        "published_at": timezone.now(),
        "published_by": user,
    }
