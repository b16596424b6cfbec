"""The number of published trials of each intervention and condition, kept in its row.

Pages that rank or list interventions and conditions (the home page, A to Z, the API) read
this number instead of counting the links of thousands of trials at every request. It is
counted again whenever what it counts changes: by the import for what it writes (in bulk,
after each batch), and by signals for every other change (admin edits, publishing, deletes).
"""

import threading
from contextlib import contextmanager

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from editorial.models import PublicationState

from .models import Condition, Intervention, InterventionRole, Trial, TrialIntervention

CHUNK = 1000
_deferred = threading.local()


# The roles in which a trial does not study the intervention it gives.
NOT_STUDIED = (
    InterventionRole.PLACEBO,
    InterventionRole.SHAM,
    InterventionRole.ACTIVE_COMPARATOR,
    InterventionRole.AUXILIARY,
)


def refresh_trial_counts(*, interventions=(), conditions=()):
    """Count again the published trials of these interventions and conditions (pks)."""
    links = TrialIntervention.objects.filter(
        trial__state=PublicationState.PUBLISHED, intervention_id=OuterRef("pk")
    ).values("intervention_id")
    _refresh(
        Intervention,
        interventions,
        trial_count=links,
        studied_trial_count=links.exclude(role__in=NOT_STUDIED),
    )
    _refresh(
        Condition,
        conditions,
        trial_count=Trial.conditions.through.objects.filter(
            trial__state=PublicationState.PUBLISHED, condition_id=OuterRef("pk")
        ).values("condition_id"),
    )


def _refresh(model, pks, **counts):
    counted = {
        name: Coalesce(
            Subquery(
                links.order_by().annotate(count=Count("trial_id", distinct=True)).values("count")
            ),
            0,
        )
        for name, links in counts.items()
    }
    pks = sorted(set(pks))
    for start in range(0, len(pks), CHUNK):
        model.objects.filter(pk__in=pks[start : start + CHUNK]).update(**counted)


@contextmanager
def counts_refreshed_by_caller():
    """Within it, saves do not count again: the caller (the import) does it in bulk."""
    _deferred.active = True
    try:
        yield
    finally:
        _deferred.active = False


def _counting():
    return not getattr(_deferred, "active", False)


def _refresh_for_trials(pks):
    refresh_trial_counts(
        interventions=TrialIntervention.objects.filter(trial_id__in=pks).values_list(
            "intervention_id", flat=True
        ),
        conditions=Trial.conditions.through.objects.filter(trial_id__in=pks).values_list(
            "condition_id", flat=True
        ),
    )


def _trial_saved(sender, instance, **kwargs):
    if _counting():
        _refresh_for_trials([instance.pk])


def _trial_deleting(sender, instance, **kwargs):
    instance._counted = (
        list(instance.trial_interventions.values_list("intervention_id", flat=True)),
        list(instance.conditions.values_list("pk", flat=True)),
    )


def _trial_deleted(sender, instance, **kwargs):
    interventions, conditions = getattr(instance, "_counted", ((), ()))
    if _counting():
        refresh_trial_counts(interventions=interventions, conditions=conditions)


def _link_changing(sender, instance, **kwargs):
    """A link moved to another intervention changes the count of the one it leaves too."""
    if instance.pk and _counting():
        instance._counted = list(
            TrialIntervention.objects.filter(pk=instance.pk).values_list(
                "intervention_id", flat=True
            )
        )


def _link_changed(sender, instance, **kwargs):
    if _counting():
        refresh_trial_counts(
            interventions={instance.intervention_id, *getattr(instance, "_counted", ())}
        )


def _conditions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not _counting():
        return
    if action == "pre_clear" and not reverse:
        instance._counted = list(instance.conditions.values_list("pk", flat=True))
    elif action not in ("post_add", "post_remove", "post_clear"):
        return
    elif reverse:  # condition.trials changed: the condition is the instance
        refresh_trial_counts(conditions=[instance.pk])
    elif action == "post_clear":
        refresh_trial_counts(conditions=getattr(instance, "_counted", ()))
    else:
        refresh_trial_counts(conditions=pk_set or ())


def connect():
    post_save.connect(_trial_saved, sender=Trial, dispatch_uid="count-trial-saved")
    pre_delete.connect(_trial_deleting, sender=Trial, dispatch_uid="count-trial-deleting")
    post_delete.connect(_trial_deleted, sender=Trial, dispatch_uid="count-trial-deleted")
    pre_save.connect(_link_changing, sender=TrialIntervention, dispatch_uid="count-link-moving")
    post_save.connect(_link_changed, sender=TrialIntervention, dispatch_uid="count-link-saved")
    post_delete.connect(_link_changed, sender=TrialIntervention, dispatch_uid="count-link-deleted")
    m2m_changed.connect(
        _conditions_changed, sender=Trial.conditions.through, dispatch_uid="count-conditions"
    )
