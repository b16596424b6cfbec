"""History, revert, version locking and protected deletion in the admin."""

import pytest
from django.forms import CheckboxInput
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime

from glossary.models import Term
from tests.factories import (
    ConditionFactory,
    InterventionFactory,
    TermFactory,
    TrialFactory,
    TrialInterventionFactory,
)
from trials.models import Condition, Intervention, Trial

pytestmark = pytest.mark.django_db


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def form_data(response, **changes):
    """What a browser would post back from an admin form page, with `changes` typed in."""
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if isinstance(field.widget, CheckboxInput):
                if value:
                    data[form[name].html_name] = "on"
            elif isinstance(value, list | tuple):
                data[form[name].html_name] = [str(item) for item in value]
            elif value is not None:
                data[form[name].html_name] = str(value)
    return data | changes


def edit(client, obj, **changes):
    """Open the change form of `obj` and save it with `changes`."""
    page = client.get(admin_url(type(obj), "change", obj.pk))
    return client.post(admin_url(type(obj), "change", obj.pk), form_data(page, **changes))


@pytest.fixture
def other_editor(django_user_model):
    user = django_user_model.objects.create_superuser("other", "other@example.org", "secret")
    client = Client()
    client.force_login(user)
    return client


def test_saving_in_the_admin_records_a_version_with_the_editor(admin_client, admin_user):
    trial = TrialFactory(public_title_en="A study")

    assert edit(admin_client, trial, public_title_it="Uno studio").status_code == 302
    assert edit(admin_client, trial, public_title_de="Eine Studie").status_code == 302

    latest, previous, created = trial.history.all()
    assert (created.history_type, previous.history_type) == ("+", "~")
    assert (latest.history_user, previous.history_user) == (admin_user, admin_user)
    assert (latest.public_title_it, latest.public_title_de) == ("Uno studio", "Eine Studie")
    assert [record.version for record in (created, previous, latest)] == [1, 2, 3]


def test_history_page_shows_who_changed_a_translation_from_what_to_what(admin_client):
    trial = TrialFactory(public_title_en="A study", public_title_it="Studio vecchio")

    edit(admin_client, trial, public_title_it="Studio nuovo")
    content = admin_client.get(admin_url(Trial, "history", trial.pk)).content.decode()

    assert "Public title [it]" in content
    assert "<del>Studio vecchio</del>" in content
    assert "<ins>Studio nuovo</ins>" in content
    assert ">admin</a>" in content


def test_revert_restores_every_translation_and_the_conditions(admin_client, admin_user):
    old_condition, new_condition = ConditionFactory(), ConditionFactory()
    trial = TrialFactory(
        public_title_en="First title",
        public_title_it="Primo titolo",
        brief_summary_de="Erste Zusammenfassung",
        conditions=[old_condition],
    )
    first = trial.history.first()  # Setting the conditions saved a second record.
    edit(
        admin_client,
        trial,
        public_title_en="Second title",
        public_title_it="Secondo titolo",
        brief_summary_de="Zweite Zusammenfassung",
        conditions=[str(new_condition.pk)],
    )

    revert_url = admin_url(Trial, "simple_history", trial.pk, first.history_id)
    page = admin_client.get(revert_url)
    response = admin_client.post(revert_url, form_data(page))

    assert response.status_code == 302
    trial = Trial.objects.get(pk=trial.pk)
    assert trial.public_title_en == "First title"
    assert trial.public_title_it == "Primo titolo"
    assert trial.brief_summary_de == "Erste Zusammenfassung"
    assert list(trial.conditions.all()) == [old_condition]
    # Versions count on after a revert, so that a form opened before it cannot overwrite it.
    assert trial.version == 3
    assert trial.history.first().history_user == admin_user


def test_revert_to_a_published_version_does_not_publish_again(admin_client):
    trial = TrialFactory(public_title_en="Published title", state="published")
    published = trial.history.first()
    trial.state = "unpublished"
    trial.public_title_en = "Withdrawn title"
    trial.save()

    revert_url = admin_url(Trial, "simple_history", trial.pk, published.history_id)
    page = admin_client.get(revert_url)
    response = admin_client.post(revert_url, form_data(page))

    assert response.status_code == 302
    trial = Trial.objects.get(pk=trial.pk)
    assert trial.public_title_en == "Published title"
    assert trial.state == "unpublished"


def test_second_editor_saving_an_outdated_version_is_refused_and_shown_who_changed_what(
    admin_client, other_editor
):
    trial = TrialFactory(public_title_en="Original title")
    url = admin_url(Trial, "change", trial.pk)
    page_a, page_b = admin_client.get(url), other_editor.get(url)

    saved = admin_client.post(url, form_data(page_a, public_title_en="Title by A"))
    refused = other_editor.post(url, form_data(page_b, public_title_en="Title by B"))

    assert saved.status_code == 302
    assert refused.status_code == 200
    content = refused.content.decode()
    when = trial.history.first().history_date
    assert f"admin changed this trial on {date_format(localtime(when), 'DATETIME_FORMAT')}" in (
        content
    )
    assert "Public title [en]: Original title → Title by A" in content
    trial.refresh_from_db()
    assert trial.public_title_en == "Title by A"
    assert trial.version == 2


def test_refused_save_keeps_the_editors_input_and_saves_it_when_sent_again(
    admin_client, other_editor
):
    trial = TrialFactory(public_title_en="Original title", brief_summary_en="Old summary")
    url = admin_url(Trial, "change", trial.pk)
    page_a, page_b = admin_client.get(url), other_editor.get(url)
    admin_client.post(url, form_data(page_a, public_title_en="Title by A"))

    refused = other_editor.post(url, form_data(page_b, brief_summary_en="Summary by B"))
    # B keeps A's title (the refusal named it) and sends their own summary again.
    again = other_editor.post(url, form_data(refused, public_title_en="Title by A"))

    assert refused.context["adminform"].form["brief_summary_en"].value() == "Summary by B"
    assert again.status_code == 302
    trial.refresh_from_db()
    assert (trial.public_title_en, trial.brief_summary_en) == ("Title by A", "Summary by B")


def test_outdated_revert_is_refused(admin_client, other_editor):
    trial = TrialFactory(public_title_en="Original title")
    revert_url = admin_url(Trial, "simple_history", trial.pk, trial.history.first().history_id)
    revert_page = admin_client.get(revert_url)

    edit(other_editor, trial, public_title_en="Newer title")
    response = admin_client.post(revert_url, form_data(revert_page))

    assert "other changed this trial on" in response.content.decode()
    trial.refresh_from_db()
    assert trial.public_title_en == "Newer title"


def test_intervention_that_trials_use_cannot_be_deleted(admin_client):
    intervention = InterventionFactory()
    link = TrialInterventionFactory(intervention=intervention)
    url = admin_url(Intervention, "delete", intervention.pk)

    content = admin_client.get(url).content.decode()
    admin_client.post(url, {"post": "yes"})

    assert "Cannot delete intervention" in content
    assert f'Trial: <a href="{admin_url(Trial, "change", link.trial.pk)}">' in content
    assert "Intervention of the trial:" not in content
    assert Intervention.objects.filter(pk=intervention.pk).exists()


def test_condition_that_trials_use_cannot_be_deleted(admin_client):
    condition = ConditionFactory()
    trial = TrialFactory(conditions=[condition])
    url = admin_url(Condition, "delete", condition.pk)

    content = admin_client.get(url).content.decode()
    admin_client.post(url, {"post": "yes"})

    assert "Cannot delete condition" in content
    assert trial.primary_identifier in content
    assert Condition.objects.filter(pk=condition.pk).exists()


def test_unused_condition_and_glossary_term_can_be_deleted(admin_client):
    condition, term = ConditionFactory(), TermFactory()

    admin_client.post(admin_url(Condition, "delete", condition.pk), {"post": "yes"})
    admin_client.post(admin_url(Term, "delete", term.pk), {"post": "yes"})

    assert not Condition.objects.exists()
    assert not Term.objects.exists()


def test_deleted_trial_keeps_its_history_and_can_be_restored(admin_client, admin_user):
    trial = TrialFactory(public_title_en="A study", public_title_it="Uno studio")
    pk = trial.pk

    admin_client.post(admin_url(Trial, "delete", pk), {"post": "yes"})

    assert not Trial.objects.filter(pk=pk).exists()
    deletion, creation = Trial.history.filter(id=pk)
    assert (deletion.history_type, deletion.history_user) == ("-", admin_user)
    assert admin_client.get(admin_url(Trial, "history", pk)).status_code == 200

    revert_url = admin_url(Trial, "simple_history", pk, creation.history_id)
    response = admin_client.post(revert_url, form_data(admin_client.get(revert_url)))

    assert response.status_code == 302
    restored = Trial.objects.get(pk=pk)
    assert (restored.public_title_en, restored.public_title_it) == ("A study", "Uno studio")


def test_conditions_changed_from_the_condition_are_in_the_trials_history():
    condition, trial = ConditionFactory(), TrialFactory()

    condition.trials.add(trial)
    added = trial.history.first()
    condition.trials.clear()
    cleared = trial.history.first()

    assert [row.condition for row in added.conditions.all()] == [condition]
    assert list(cleared.conditions.all()) == []
    assert trial.history.count() == 3
