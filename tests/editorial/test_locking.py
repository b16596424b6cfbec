"""No lost updates on any model editors change in the admin: the second of two editors who
opened the same row is refused, told who changed it and when, and keeps their input."""

import pytest
from django.test import Client

from results.models import OutcomeResult
from tests.editorial.test_history import admin_url, form_data
from tests.factories import (
    ContactFactory,
    OutcomeFactory,
    SectionTextFactory,
    SiteFactory,
    TrialFactory,
)
from trials.models import Contact, Outcome, Site, SummarySection, Trial

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_editor(django_user_model):
    user = django_user_model.objects.create_superuser("other", "other@example.org", "secret")
    client = Client()
    client.force_login(user)
    return client


def outcome_result():
    return OutcomeResult.objects.create(trial=TrialFactory(), kind="primary", title_en="Pain")


# (model, how to make one, the field both editors change, its value to start from)
ROWS = [
    (Outcome, lambda: OutcomeFactory(measure_en="Pain"), "measure_en"),
    (Site, lambda: SiteFactory(facility="Hospital"), "facility"),
    (Contact, lambda: ContactFactory(name="Dr Rossi"), "name"),
    (OutcomeResult, outcome_result, "title_en"),
]


@pytest.mark.parametrize(
    ("model", "make", "field"), ROWS, ids=lambda value: getattr(value, "__name__", "")
)
def test_second_editor_of_a_row_is_refused_and_keeps_their_input(
    admin_client, other_editor, model, make, field
):
    obj = make()
    url = admin_url(model, "change", obj.pk)
    page_a, page_b = admin_client.get(url), other_editor.get(url)

    saved = admin_client.post(url, form_data(page_a, **{field: "By A"}))
    refused = other_editor.post(url, form_data(page_b, **{field: "By B"}))

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert refused.context["adminform"].form[field].value() == "By B"
    obj.refresh_from_db()
    assert getattr(obj, field) == "By A"
    # Sent again after the refusal, B's input is saved: they have seen A's change.
    assert other_editor.post(url, form_data(refused)).status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == "By B"


def test_refusal_names_who_changed_the_row_when_and_what(admin_client, other_editor):
    site = SiteFactory(facility="Hospital")
    url = admin_url(Site, "change", site.pk)
    page_a, page_b = admin_client.get(url), other_editor.get(url)

    admin_client.post(url, form_data(page_a, facility="Hospital A"))
    content = other_editor.post(url, form_data(page_b, city="Turin")).content.decode()

    record = site.history.first()
    assert record.history_user.username == "admin"
    assert "admin changed this site on " in content
    assert "Facility: Hospital → Hospital A" in content
    assert "Your changes have not been saved, so that theirs are not overwritten." in content


def test_refusal_of_a_row_without_history_still_refuses(admin_client, other_editor):
    contact = ContactFactory(name="Dr Rossi")
    url = admin_url(Contact, "change", contact.pk)
    page_b = other_editor.get(url)

    Contact.objects.filter(pk=contact.pk).update(name="Dr Bianchi")  # As an import would.
    content = other_editor.post(url, form_data(page_b, name="Dr Verdi")).content.decode()

    assert "Someone else changed this contact since you opened it." in content
    contact.refresh_from_db()
    assert contact.name == "Dr Bianchi"


def test_section_text_changed_since_the_trial_form_was_opened_is_not_overwritten(
    admin_client, other_editor
):
    trial = TrialFactory()
    text = SectionTextFactory(trial=trial, section=SummarySection.OVERVIEW, text_en="First")
    url = admin_url(Trial, "change", trial.pk)
    page_b = other_editor.get(url)

    text.text_en = "By A"
    text.save()
    refused = other_editor.post(url, form_data(page_b, **{"section_texts-0-text_en": "By B"}))

    assert refused.status_code == 200
    assert "This section text was changed on " in refused.content.decode()
    text.refresh_from_db()
    assert text.text_en == "By A"


def test_section_text_left_as_it_was_opened_does_not_revert_someone_elses_change(
    admin_client, other_editor
):
    trial = TrialFactory(public_title_en="Title")
    text = SectionTextFactory(trial=trial, section=SummarySection.OVERVIEW, text_en="First")
    url = admin_url(Trial, "change", trial.pk)
    page_b = other_editor.get(url)

    text.text_en = "By A"
    text.save()
    # B's form still holds "First": saving it would put it back.
    refused = other_editor.post(url, form_data(page_b, public_title_en="Title by B"))

    assert refused.status_code == 200
    text.refresh_from_db()
    assert text.text_en == "By A"
