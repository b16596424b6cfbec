"""`load_demo` (run by `make run`) fills only what is missing: editors' changes to the demo
content survive it."""

import pytest
from django.core.management import call_command

from editorial.models import PublicationState
from glossary.models import Term
from trials.demo import INTERVENTION_SLUG, TRIAL_IDENTIFIER, load_demo
from trials.models import Intervention, Trial

pytestmark = pytest.mark.django_db


def test_loading_the_demo_again_keeps_what_an_editor_changed():
    load_demo()
    trial = Trial.objects.get(primary_identifier=TRIAL_IDENTIFIER)
    trial.public_title_en = "An editor's title"
    trial.save()
    trial.outcomes.all().delete()
    Intervention.objects.filter(slug=INTERVENTION_SLUG).update(name_it="Nome scelto")
    Term.objects.filter(slug="non-union").update(definition_en="An editor's definition.")
    versions = trial.history.count()

    content = load_demo()

    trial.refresh_from_db()
    assert trial.public_title_en == "An editor's title"
    assert not trial.outcomes.exists()
    assert Intervention.objects.get(slug=INTERVENTION_SLUG).name_it == "Nome scelto"
    assert Term.objects.get(slug="non-union").definition_en == "An editor's definition."
    assert trial.history.count() == versions
    assert content.created == []


def test_loading_the_demo_does_not_republish_what_an_editor_withdrew():
    load_demo()
    Trial.objects.filter(primary_identifier=TRIAL_IDENTIFIER).update(
        state=PublicationState.UNPUBLISHED
    )

    load_demo()

    assert Trial.objects.get(primary_identifier=TRIAL_IDENTIFIER).state == (
        PublicationState.UNPUBLISHED
    )


def test_loading_the_demo_creates_only_what_is_missing_and_says_so(capsys):
    load_demo()
    Term.objects.filter(slug="non-union").delete()

    call_command("load_demo")

    assert Term.objects.get(slug="non-union").definition_en.startswith("A fracture")
    out = capsys.readouterr().out
    assert "1 objects created, 12 already there left as they were" in out
    call_command("load_demo")
    assert "already there (13 objects): nothing changed" in capsys.readouterr().out
