import re
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from results.models import OutcomeResult, ResultDocument, ResultGroup, TrialResults
from tests.factories import (
    InterventionFactory,
    SectionTextFactory,
    TermFactory,
    TrialFactory,
    complete_trial,
)
from trials.models import (
    Arm,
    Condition,
    SummarySection,
    Trial,
    TrialCountry,
    TrialIdentifier,
)

pytestmark = pytest.mark.django_db

# django-axes' records of login attempts are read-only in the admin and made only by logins.
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label != "axes"),
    key=lambda model: model._meta.label,
)
OUR_MODELS = [
    model for model in REGISTERED if model._meta.app_label in ("trials", "results", "glossary")
]

INLINE_PREFIXES = ["section_texts"]


@pytest.fixture
def one_of_everything(admin_user):
    intervention = InterventionFactory()
    trial = complete_trial(intervention=intervention)
    Arm.objects.create(trial=trial, label_en="Placebo")
    TrialCountry.objects.create(trial=trial, country="IT")
    TrialResults.objects.create(trial=trial, first_posted="2024-05-02")
    ResultGroup.objects.create(
        trial=trial, module="adverse_events", title_en="Placebo", serious_affected=1
    )
    OutcomeResult.objects.create(trial=trial, kind="primary", title_en="Pain at week 12")
    ResultDocument.objects.create(trial=trial, kind="summary_results", title="Summary")
    SectionTextFactory(intervention=intervention, section=SummarySection.OVERVIEW, text_en="Hi.")
    TermFactory()
    Group.objects.create(name="Editors")


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def trial_form(**fields):
    """The Trial add form as the admin posts it, with empty inlines unless given."""
    data = {"primary_identifier": "NCT01234567", "status": "recruiting"}
    for prefix in INLINE_PREFIXES:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | fields


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_admin_add_page_loads(admin_client, model):
    response = admin_client.get(admin_url(model, "add"))

    assert response.status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_admin_change_page_loads(admin_client, one_of_everything, model):
    obj = model._default_manager.first()
    assert obj is not None

    response = admin_client.get(admin_url(model, "change", obj.pk))

    assert response.status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_admin_list_page_loads(admin_client, one_of_everything, model):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda model: model._meta.label)
def test_admin_change_page_links_to_the_object_on_the_site(admin_client, one_of_everything, model):
    obj = model._default_manager.first()

    content = admin_client.get(admin_url(model, "change", obj.pk)).content.decode()

    match = re.search(r'<a href="([^"]+)" class="viewsitelink"', content)
    assert match, "no “View on site” link"
    public = admin_client.get(match.group(1), follow=True)
    assert public.status_code == 200
    assert urlsplit(public.redirect_chain[-1][0]).path.startswith("/en/")


def test_malformed_primary_identifier_is_refused_with_the_accepted_formats(admin_client):
    response = admin_client.post(admin_url(Trial, "add"), trial_form(primary_identifier="NCT123"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "“NCT123” is not a trial registry identifier. Accepted formats:" in content
    assert "ClinicalTrials.gov (NCT01234567)" in content
    assert "EU Clinical Trials Information System (CTIS) (2025-520841-60-00)" in content
    assert not Trial.objects.exists()


def test_malformed_secondary_identifier_is_refused(admin_client):
    trial = TrialFactory()
    data = {"trial": trial.pk, "value": "ISRCTN12", "kind": ""}

    response = admin_client.post(admin_url(TrialIdentifier, "add"), data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "“ISRCTN12” is not a trial registry identifier. Accepted formats:" in content
    assert "ISRCTN registry (ISRCTN96912679)" in content
    assert not TrialIdentifier.objects.exists()


def test_identifier_of_the_wrong_kind_is_refused(admin_client):
    trial = TrialFactory()
    data = {"trial": trial.pk, "value": "NCT07000001", "kind": "ISRCTN"}

    response = admin_client.post(admin_url(TrialIdentifier, "add"), data)

    assert "This is not a ISRCTN identifier." in response.content.decode()
    assert not TrialIdentifier.objects.exists()


def test_admin_saves_identifiers_in_their_registry_spelling(admin_client):
    response = admin_client.post(
        admin_url(Trial, "add"), trial_form(primary_identifier=" nct01234567 ")
    )
    assert response.status_code == 302
    trial = Trial.objects.get()
    for value, kind in ((" isrctn 96912679", ""), ("ortho-01", "SPONSOR")):
        data = {"trial": trial.pk, "value": value, "kind": kind}
        assert admin_client.post(admin_url(TrialIdentifier, "add"), data).status_code == 302

    assert trial.primary_identifier == "NCT01234567"
    assert sorted((i.kind, i.value) for i in trial.identifiers.all()) == [
        ("ISRCTN", "ISRCTN96912679"),
        ("SPONSOR", "ortho-01"),
    ]


@pytest.mark.parametrize("model", [Trial, Condition], ids=lambda model: model._meta.label)
def test_translated_admin_page_serves_jquery_ui_locally(admin_client, one_of_everything, model):
    obj = model._default_manager.first()

    content = admin_client.get(admin_url(model, "change", obj.pk)).content.decode()

    assert '<script src="/static/vendor/jquery-ui/jquery-ui.min.js"></script>' in content
    assert "//ajax.googleapis.com" not in content
    assert re.findall(r'<script[^>]+src="(?:https?:)?//[^"]*"', content) == []
