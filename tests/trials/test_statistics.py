"""The counts and statistics kept on interventions and conditions follow every change."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import F, Q

from editorial.models import PublicationState
from editorial.publishing import publish, unpublish
from tests.factories import (
    ConditionFactory,
    InterventionFactory,
    SiteFactory,
    TrialFactory,
    TrialInterventionFactory,
)
from trials.importers.sources import iter_source_items
from trials.importers.writer import import_items
from trials.models import Condition, Intervention, Trial, TrialIntervention
from trials.statistics import LATEST_WITH_RESULTS, trial_facts

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[1] / "fixtures"


def counts(obj):
    obj.refresh_from_db()
    return obj.trial_count


def test_import_counts_the_trials_of_what_it_writes():
    import_items(iter_source_items([str(FIXTURES / "ctgov")]), publish=True)

    placebo = Intervention.objects.get(slug="placebo")
    assert placebo.trial_count == placebo.trials.published().count() >= 3
    assert placebo.studied_trial_count == 0
    for condition in Condition.objects.all():
        assert condition.trial_count == condition.trials.published().count()


def test_a_draft_import_counts_nothing_until_it_is_published():
    import_items(iter_source_items([str(FIXTURES / "ctgov" / "NCT00711542.json")]), publish=False)
    [condition, *_] = Condition.objects.all()
    assert condition.trial_count == 0

    publish(objects=list(condition.trials.all()))

    assert counts(condition) == 1


def test_publishing_unpublishing_linking_and_deleting_count_again():
    intervention, condition = InterventionFactory(), ConditionFactory()
    trial = TrialFactory(state=PublicationState.DRAFT, conditions=[condition])
    link = TrialInterventionFactory(trial=trial, intervention=intervention)
    assert (counts(intervention), counts(condition)) == (0, 0)

    publish(objects=[trial])
    assert (counts(intervention), counts(condition)) == (1, 1)

    other = InterventionFactory()
    link.intervention = other
    link.save()
    assert (counts(intervention), counts(other)) == (0, 1)

    trial.conditions.remove(condition)
    assert counts(condition) == 0
    condition.trials.add(trial)
    assert counts(condition) == 1

    unpublish(objects=[trial])
    assert counts(other) == 0
    publish(objects=[trial])
    trial.delete()
    assert (counts(other), counts(condition)) == (0, 0)


def test_a_placebo_is_counted_but_not_as_studied():
    placebo = InterventionFactory()
    TrialInterventionFactory(intervention=placebo, role="placebo")
    TrialInterventionFactory(intervention=placebo, role="experimental")

    placebo.refresh_from_db()
    assert (placebo.trial_count, placebo.studied_trial_count) == (2, 1)


def test_links_carry_their_trials_facts_after_import_and_edits():
    import_items(iter_source_items([str(FIXTURES / "ctgov"), str(FIXTURES / "ctis")]), publish=True)

    for link in TrialIntervention.objects.select_related("trial"):
        assert trial_facts(link.trial) == {
            name: getattr(link, name) for name in trial_facts(link.trial)
        }
    trial = TrialIntervention.objects.first().trial
    trial.status, trial.registry_status_code, trial.phase = "completed", None, "phase3"
    trial.start_date = "2001-02"
    trial.save()
    link = trial.trial_interventions.first()
    link.refresh_from_db()
    assert (link.trial_status, link.trial_phase, link.trial_start_date) == (
        "completed",
        "phase3",
        "2001-02",
    )
    assert link.trial_recruiting is False


def as_dict(pairs):
    return {key: value for key, value in pairs}


def test_statistics_are_the_counts_of_the_published_trials(django_capture_on_commit_callbacks):
    import_items(iter_source_items([str(FIXTURES / "ctgov"), str(FIXTURES / "ctis")]), publish=True)

    for intervention in Intervention.objects.filter(trial_count__gt=0):
        trials = intervention.trials.published().distinct()
        statistics = intervention.statistics
        statuses = {}
        for status, code, count in statistics["statuses"]:
            statuses[(status, code)] = statuses.get((status, code), 0) + count
        assert statuses == {
            key: trials.filter(status=key[0], registry_status_code=key[1]).count()
            for key in statuses
        }
        assert sum(statuses.values()) == intervention.trial_count
        phases = as_dict(statistics["phases"])
        assert phases == {phase: trials.filter(phase=phase).count() for phase in phases}
        starts = sorted(date for date in trials.values_list("start_date", flat=True) if date)
        assert statistics["start"] == ([starts[0], starts[-1]] if starts else ["", ""])
        *top, (blank, total) = statistics["countries"]
        assert blank == ""
        countries = {
            code
            for trial in trials
            for code in [*trial.sites.values_list("country", flat=True)]
            + [*trial.countries.values_list("country", flat=True)]
        }
        assert total == len(countries)
        for code, count in top:
            in_country = Q(sites__country=code) | Q(countries__country=code)
            assert count == trials.filter(in_country).distinct().count()
        for condition_pk, count in statistics["conditions"]:
            assert count == trials.filter(conditions=condition_pk).count()
        with_results = trials.filter(results__isnull=False).order_by(
            F("results__first_posted").desc(), "pk"
        )
        assert statistics["results"] == [
            with_results.count(),
            list(with_results.values_list("pk", flat=True)[:LATEST_WITH_RESULTS]),
        ]

    for condition in Condition.objects.filter(trial_count__gt=0):
        trials = condition.trials.published()
        assert sum(count for *_, count in condition.statistics["statuses"]) == condition.trial_count


def test_an_edit_computes_the_statistics_again_once_committed(django_capture_on_commit_callbacks):
    intervention, condition = InterventionFactory(), ConditionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        trial = TrialFactory(conditions=[condition], phase="phase2", start_date="2020-05")
        TrialInterventionFactory(trial=trial, intervention=intervention)
        SiteFactory(trial=trial, country="FR")
    intervention.refresh_from_db()
    assert intervention.statistics["phases"] == [["phase2", 1]]
    assert intervention.statistics["countries"] == [["FR", 1], ["", 1]]
    assert intervention.statistics["conditions"] == [[condition.pk, 1]]
    condition.refresh_from_db()
    assert condition.statistics["interventions"] == [[intervention.pk, 1]]

    with django_capture_on_commit_callbacks(execute=True):
        unpublish(objects=[trial])
    intervention.refresh_from_db()
    assert intervention.statistics["statuses"] == []


def test_the_command_computes_everything_again():
    trial = TrialFactory(phase="phase1")
    link = TrialInterventionFactory(trial=trial)
    TrialIntervention.objects.filter(pk=link.pk).update(trial_phase="", trial_state="draft")
    Intervention.objects.update(trial_count=0, statistics={})

    call_command("refresh_statistics", stdout=StringIO())

    link.refresh_from_db()
    assert (link.trial_phase, link.trial_state) == ("phase1", "published")
    intervention = link.intervention
    intervention.refresh_from_db()
    assert intervention.trial_count == 1
    assert intervention.statistics["phases"] == [["phase1", 1]]


def import_record(record, tmp_path):
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    report = import_items(iter_source_items([str(path)]), publish=True)
    assert report.failed == 0, report.failures


def with_results(slug):
    return Intervention.objects.get(slug=slug).statistics["results"]


def test_the_trials_with_results_are_counted_again_when_results_come_and_go(
    tmp_path, django_capture_on_commit_callbacks
):
    record = json.loads((FIXTURES / "ctgov" / "NCT02210780.json").read_text(encoding="utf-8"))
    posted = record.pop("resultsSection")
    import_record(record, tmp_path)
    assert with_results("dupilumab") == with_results("placebo") == [0, []]

    record["resultsSection"] = posted
    import_record(record, tmp_path)
    trial = Trial.objects.get(primary_identifier="NCT02210780")
    assert with_results("dupilumab") == with_results("placebo") == [1, [trial.pk]]

    with django_capture_on_commit_callbacks(execute=True):
        unpublish(objects=[trial])
    assert with_results("dupilumab") == [0, []]
    with django_capture_on_commit_callbacks(execute=True):
        publish(objects=[trial])
    assert with_results("dupilumab") == [1, [trial.pk]]

    # A new version of the record without results, then with them again.
    del record["resultsSection"]
    import_record(record, tmp_path)
    assert with_results("dupilumab") == [0, []]
    record["resultsSection"] = posted
    import_record(record, tmp_path)
    assert with_results("dupilumab") == [1, [trial.pk]]

    # Results removed by an editor (the admin), not by an import.
    with django_capture_on_commit_callbacks(execute=True):
        trial.results.delete()
    assert with_results("dupilumab") == [0, []]
