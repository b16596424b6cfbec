"""The published-trial counts kept on interventions and conditions follow every change."""

from pathlib import Path

import pytest

from editorial.models import PublicationState
from editorial.publishing import publish, unpublish
from tests.factories import (
    ConditionFactory,
    InterventionFactory,
    TrialFactory,
    TrialInterventionFactory,
)
from trials.importers.sources import iter_source_items
from trials.importing import import_items
from trials.models import Condition, Intervention

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
