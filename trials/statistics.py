"""What intervention and condition pages say of all their trials, kept ready in the database.

A page of an intervention with 50,000 trials states its facts from aggregates, and must not
read those trials to do it. So three things are kept up to date here:

- each link of a trial and an intervention carries the trial's facts that the page counts and
  sorts by (`TrialIntervention.TRIAL_FACTS`): its counts are then an index's, not a join's;
- each intervention and condition keeps its number of published trials (`trial_count`; and,
  for interventions, `studied_trial_count`: not as a placebo, sham, comparator or auxiliary);
- each keeps `statistics` that would cost a scan of hundreds of thousands of sites to compute
  for a request: the countries of its trials and what else they study; for interventions, how
  many of its trials have posted results and which were the latest to post them.

The import writes the facts with the links it writes, counts again after each batch and
computes the statistics after its last one; signals do the same for every other change (admin
edits, publishing, deletes).
"""

import threading
from contextlib import contextmanager

from django.db import transaction
from django.db.models import (
    Count,
    F,
    Max,
    Min,
    OuterRef,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, NullIf, RowNumber
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from editorial.models import PublicationState
from results.models import TrialResults

from .models import (
    Condition,
    Intervention,
    InterventionRole,
    Site,
    Trial,
    TrialCountry,
    TrialIntervention,
    recruiting,
)

CHUNK = 1000
# How many related interventions or conditions the statistics keep (and every country).
TOP = 10
# How many of an intervention's trials with results its statistics name, the latest first.
LATEST_WITH_RESULTS = 5
PUBLISHED = PublicationState.PUBLISHED
# The roles in which a trial does not study the intervention it gives.
NOT_STUDIED = (
    InterventionRole.PLACEBO,
    InterventionRole.SHAM,
    InterventionRole.ACTIVE_COMPARATOR,
    InterventionRole.AUXILIARY,
    InterventionRole.COMPARED,
)
_deferred = threading.local()


# The trial's facts on its links --------------------------------------------------------------


def trial_facts(trial):
    """{link field: value} of the trial's facts that its links carry."""
    facts = {
        link: getattr(trial, name) or "" for link, name in TrialIntervention.TRIAL_FACTS.items()
    }
    facts["trial_status_code"] = trial.registry_status_code
    facts["trial_recruiting"] = trial.is_recruiting
    return facts


def copy_trial_facts(trial_pks):
    """Copy the trials' facts onto their links (after a change the import did not write)."""
    trial = Trial.objects.filter(pk=OuterRef("trial_id"))
    copied = {
        link: Subquery(trial.values(name)[:1])
        for link, name in TrialIntervention.TRIAL_FACTS.items()
    }
    copied["trial_recruiting"] = Subquery(
        trial.annotate(recruiting=recruiting()).values("recruiting")[:1]
    )
    for start in range(0, len(trial_pks), CHUNK):
        TrialIntervention.objects.filter(trial_id__in=trial_pks[start : start + CHUNK]).update(
            **copied
        )


# Counts -------------------------------------------------------------------------------------


def refresh_trial_counts(*, interventions=(), conditions=()):
    """Count again the published trials of these interventions and conditions (pks)."""
    links = TrialIntervention.objects.filter(
        trial_state=PUBLISHED, intervention_id=OuterRef("pk")
    ).values("intervention_id")
    _update(
        Intervention,
        interventions,
        trial_count=_count(links),
        studied_trial_count=_count(links.exclude(role__in=NOT_STUDIED)),
    )
    _update(
        Condition,
        conditions,
        trial_count=_count(
            Trial.conditions.through.objects.filter(
                trial__state=PUBLISHED, condition_id=OuterRef("pk")
            ).values("condition_id")
        ),
    )


def _count(links):
    return Coalesce(
        Subquery(links.order_by().annotate(count=Count("trial_id", distinct=True)).values("count")),
        0,
    )


def _update(model, pks, **values):
    pks = sorted(set(pks) - {None})
    for start in range(0, len(pks), CHUNK):
        model.objects.filter(pk__in=pks[start : start + CHUNK]).update(**values)


# Statistics ---------------------------------------------------------------------------------


def refresh_statistics(*, interventions=(), conditions=()):
    """Compute again the statistics of these interventions and conditions (pks): their
    published trials by status, phase and role, their start dates, the countries where they
    run and the conditions or interventions they study, and, for interventions, their trials
    with results. A few queries every `CHUNK` of them."""
    interventions = sorted(set(interventions) - {None})
    for start in range(0, len(interventions), CHUNK):
        pks = interventions[start : start + CHUNK]
        facts = _facts(
            TrialIntervention.objects.filter(intervention_id__in=pks, trial_state=PUBLISHED),
            "intervention_id",
            {
                "status": "trial_status",
                "code": "trial_status_code",
                "phase": "trial_phase",
                "study_type": "trial_study_type",
                "role": "role",
                "start": "trial_start_date",
            },
        )
        links = "trial__trial_interventions"
        published = {f"{links}__intervention_id__in": pks, f"{links}__trial_state": PUBLISHED}
        countries = _countries(f"{links}__intervention_id", published)
        studied = _top_by(
            Trial.conditions.through.objects.filter(**published),
            f"{links}__intervention_id",
            "condition_id",
        )
        with_results = _with_results(pks)
        _store(
            Intervention,
            {
                pk: {
                    **facts.get(pk, EMPTY_FACTS),
                    "countries": countries.get(pk, [["", 0]]),
                    "conditions": studied.get(pk, []),
                    "results": with_results.get(pk, [0, []]),
                }
                for pk in pks
            },
        )
    conditions = sorted(set(conditions) - {None})
    for start in range(0, len(conditions), CHUNK):
        pks = conditions[start : start + CHUNK]
        facts = _facts(
            Trial.conditions.through.objects.filter(condition_id__in=pks, trial__state=PUBLISHED),
            "condition_id",
            {
                "status": "trial__status",
                "code": "trial__registry_status_code",
                "phase": "trial__phase",
                "study_type": "trial__study_type",
                "start": "trial__start_date",
            },
        )
        published = {"trial__conditions__in": pks, "trial__state": PUBLISHED}
        countries = _countries("trial__conditions", published)
        studied = _top_by(
            TrialIntervention.objects.filter(**published).exclude(role__in=NOT_STUDIED),
            "trial__conditions",
            "intervention_id",
        )
        _store(
            Condition,
            {
                pk: {
                    **facts.get(pk, EMPTY_FACTS),
                    "countries": countries.get(pk, [["", 0]]),
                    "interventions": studied.get(pk, []),
                }
                for pk in pks
            },
        )


EMPTY_FACTS = {"statuses": [], "phases": [], "roles": [], "observational": 0, "start": ["", ""]}


def _facts(rows, owner, columns):
    """{owner pk: {"statuses": [[status, CTIS code, trials]], "phases": [[phase, trials]],
    "roles": [[role, trials]] (interventional trials), "observational": trials, "start":
    [first, last] start date}} of these links' published trials."""
    start = columns.pop("start")
    grouped = rows.order_by().values(owner, *columns.values()).annotate(trials=Count("trial_id"))
    found = {}
    for row in grouped:
        facts = found.setdefault(
            row[owner], {"statuses": {}, "phases": {}, "roles": {}, "observational": 0}
        )
        trials = row["trials"]
        status = (row[columns["status"]], row[columns["code"]])
        facts["statuses"][status] = facts["statuses"].get(status, 0) + trials
        phase = row[columns["phase"]]
        facts["phases"][phase] = facts["phases"].get(phase, 0) + trials
        if row[columns["study_type"]] == "observational":
            facts["observational"] += trials
        elif "role" in columns:
            role = row[columns["role"]]
            facts["roles"][role] = facts["roles"].get(role, 0) + trials
    dates = (
        rows.order_by()
        .values(owner)
        .annotate(first=Min(NullIf(start, Value(""))), last=Max(NullIf(start, Value(""))))
    )
    for row in dates:
        found[row[owner]]["start"] = [row["first"] or "", row["last"] or ""]
    return {
        pk: {
            "statuses": [[status, code, n] for (status, code), n in facts["statuses"].items()],
            "phases": [[phase, n] for phase, n in facts["phases"].items()],
            "roles": [[role, n] for role, n in facts["roles"].items()],
            "observational": facts["observational"],
            "start": facts.get("start", ["", ""]),
        }
        for pk, facts in found.items()
    }


def _store(model, statistics):
    """Write each object's statistics, in one statement."""
    objects = [model(pk=pk, statistics=values) for pk, values in statistics.items()]
    model.objects.bulk_update(objects, ["statistics"], batch_size=CHUNK)


def _top_by(rows, owner, key):
    """{owner pk: [[pk, trials]]} of the `TOP` values of `key` in the most trials of each."""
    counted = rows.order_by().values(owner, key).annotate(trials=Count("trial_id", distinct=True))
    found = {}
    for row in counted:
        found.setdefault(row[owner], []).append([row[key], row["trials"]])
    return {
        pk: sorted(items, key=lambda item: (-item[1], item[0]))[:TOP] for pk, items in found.items()
    }


def _with_results(pks):
    """{intervention pk: [published trials with posted results, [the pks of the latest
    `LATEST_WITH_RESULTS` of them to post results, the latest first]]}."""
    links = TrialIntervention.objects.filter(
        intervention_id__in=pks,
        trial_state=PUBLISHED,
        trial_id__in=TrialResults.objects.values("trial_id"),
    ).order_by()
    found = {
        row["intervention_id"]: [row["trials"], []]
        for row in links.values("intervention_id").annotate(trials=Count("trial_id"))
    }
    latest = (
        links.annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("intervention_id"),
                order_by=(F("trial__results__first_posted").desc(), F("trial_id").asc()),
            )
        )
        .filter(rank__lte=LATEST_WITH_RESULTS)
        .values_list("intervention_id", "trial_id", "rank")
    )
    for intervention, trial, _rank in sorted(latest, key=lambda row: (row[0], row[2])):
        found[intervention][1].append(trial)
    return found


def _countries(owner, published):
    """{owner pk: [[country code, trials], ...]} of the countries of its trials (a site, or a
    CTIS decision), the most trials first, with ["", number of countries] at the end."""
    counts = {}
    for model in (Site, TrialCountry):
        rows = (
            model.objects.filter(**published)
            .order_by()
            .values(owner, "country")
            .annotate(trials=Count("trial_id", distinct=True))
        )
        for row in rows:
            countries = counts.setdefault(row[owner], {})
            countries[row["country"]] = max(countries.get(row["country"], 0), row["trials"])
    ranked = {}
    for pk, countries in counts.items():
        ordered = sorted(countries.items(), key=lambda item: (-item[1], item[0]))
        ranked[pk] = [[code, trials] for code, trials in ordered] + [["", len(countries)]]
    return ranked


# Keeping them: the import's batches, and signals for everything else -----------------------


@contextmanager
def refreshed_by_caller():
    """Within it, saves do not count again: the caller (the import) does it in bulk."""
    _deferred.active = True
    try:
        yield
    finally:
        _deferred.active = False


def _signalled():
    return not getattr(_deferred, "active", False)


def _refresh_for_trials(pks):
    interventions = set(
        TrialIntervention.objects.filter(trial_id__in=pks).values_list("intervention_id", flat=True)
    )
    conditions = set(
        Trial.conditions.through.objects.filter(trial_id__in=pks).values_list(
            "condition_id", flat=True
        )
    )
    refresh_after_commit(interventions=interventions, conditions=conditions)


def refresh_after_commit(*, interventions=(), conditions=()):
    """Count now; compute the statistics once the change is committed (they take longer)."""
    refresh_trial_counts(interventions=interventions, conditions=conditions)
    interventions, conditions = set(interventions), set(conditions)
    transaction.on_commit(
        lambda: refresh_statistics(interventions=interventions, conditions=conditions)
    )


def _trial_saved(sender, instance, **kwargs):
    if _signalled():
        copy_trial_facts([instance.pk])
        _refresh_for_trials([instance.pk])


def _trial_deleting(sender, instance, **kwargs):
    instance._counted = (
        list(instance.trial_interventions.values_list("intervention_id", flat=True)),
        list(instance.conditions.values_list("pk", flat=True)),
    )


def _trial_deleted(sender, instance, **kwargs):
    interventions, conditions = getattr(instance, "_counted", ((), ()))
    if _signalled():
        refresh_after_commit(interventions=interventions, conditions=conditions)


def _link_changing(sender, instance, **kwargs):
    """A link takes its trial's facts; one moved to another intervention changes the counts of
    the one it leaves too."""
    if not _signalled():
        return
    if instance.trial_id:
        for name, value in trial_facts(instance.trial).items():
            setattr(instance, name, value)
    if instance.pk:
        instance._counted = list(
            TrialIntervention.objects.filter(pk=instance.pk).values_list(
                "intervention_id", flat=True
            )
        )


def _link_changed(sender, instance, **kwargs):
    if _signalled():
        refresh_after_commit(
            interventions={instance.intervention_id, *getattr(instance, "_counted", ())}
        )


def _results_changed(sender, instance, **kwargs):
    """Results posted or removed outside an import (which counts its own) count again."""
    if _signalled():
        refresh_after_commit(
            interventions=set(
                TrialIntervention.objects.filter(trial_id=instance.trial_id).values_list(
                    "intervention_id", flat=True
                )
            )
        )


def _conditions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not _signalled():
        return
    if action == "pre_clear" and not reverse:
        instance._counted = list(instance.conditions.values_list("pk", flat=True))
    elif action not in ("post_add", "post_remove", "post_clear"):
        return
    elif reverse:  # condition.trials changed: the condition is the instance
        refresh_after_commit(conditions=[instance.pk])
    elif action == "post_clear":
        refresh_after_commit(conditions=getattr(instance, "_counted", ()))
    else:
        refresh_after_commit(conditions=pk_set or ())


def connect():
    post_save.connect(_trial_saved, sender=Trial, dispatch_uid="statistics-trial-saved")
    pre_delete.connect(_trial_deleting, sender=Trial, dispatch_uid="statistics-trial-deleting")
    post_delete.connect(_trial_deleted, sender=Trial, dispatch_uid="statistics-trial-deleted")
    pre_save.connect(
        _link_changing, sender=TrialIntervention, dispatch_uid="statistics-link-saving"
    )
    post_save.connect(_link_changed, sender=TrialIntervention, dispatch_uid="statistics-link-saved")
    post_delete.connect(
        _link_changed, sender=TrialIntervention, dispatch_uid="statistics-link-deleted"
    )
    post_save.connect(_results_changed, sender=TrialResults, dispatch_uid="statistics-results")
    post_delete.connect(
        _results_changed, sender=TrialResults, dispatch_uid="statistics-results-deleted"
    )
    m2m_changed.connect(
        _conditions_changed, sender=Trial.conditions.through, dispatch_uid="statistics-conditions"
    )
