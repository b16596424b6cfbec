import re
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alerts.models import Subscription
from results.models import OutcomeResult, ResultDocument, ResultGroup, TrialResults
from sync.models import FollowedSearch
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
    Outcome,
    Site,
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
# Readers ask for their alerts themselves: staff cannot add a subscription.
NOT_ADDED_IN_ADMIN = {"alerts.Subscription"}


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
    FollowedSearch.objects.create(registry="ctgov", kind="condition", value="asthma")
    Subscription.objects.create(
        email="reader@example.org", language="en", kind="intervention", intervention=intervention
    )


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

    assert response.status_code == (403 if model._meta.label in NOT_ADDED_IN_ADMIN else 200)


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


def trial_with_rows(sites, outcomes):
    trial = complete_trial()
    Site.objects.bulk_create(
        Site(trial=trial, facility=f"Hospital {n}", city="Lyon", country="FR")
        for n in range(sites - trial.sites.count())
    )
    Outcome.objects.bulk_create(
        Outcome(trial=trial, kind="secondary", measure_en=f"Measure {n}", order=n)
        for n in range(outcomes - trial.outcomes.count())
    )
    return trial


def measured_get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.content)


def test_change_form_of_a_trial_with_thousands_of_rows_is_as_small_as_a_small_trials(
    admin_client,
):
    small, big = trial_with_rows(sites=5, outcomes=5), trial_with_rows(sites=2000, outcomes=500)
    admin_client.get(admin_url(Trial, "change", small.pk))  # Caches the content types.

    small_queries, small_size = measured_get(admin_client, admin_url(Trial, "change", small.pk))
    big_queries, big_size = measured_get(admin_client, admin_url(Trial, "change", big.pk))

    assert big_queries == small_queries
    # The big trial's form shows 10 sites and 10 outcomes where the small one shows 5 of each.
    assert big_size - small_size < 5_000
    assert big_size < 300_000


def test_change_form_counts_the_rows_and_links_to_their_filtered_list(admin_client):
    trial = trial_with_rows(sites=2000, outcomes=5)

    content = admin_client.get(admin_url(Trial, "change", trial.pk)).content.decode()

    assert "2000 in all; the first 10:" in content
    assert f'href="{admin_url(Site, "changelist")}?trial__id__exact={trial.pk}"' in content
    listed = admin_client.get(f"{admin_url(Site, 'changelist')}?trial__id__exact={trial.pk}")
    assert listed.context["cl"].result_count == 2000
    assert len(listed.context["cl"].result_list) == 50


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda model: model._meta.label)
def test_change_list_makes_as_many_queries_for_many_rows_as_for_one(
    admin_client, one_of_everything, model
):
    url = admin_url(model, "changelist")
    one, _size = measured_get(admin_client, url)
    TrialResults.objects.create(
        trial=complete_trial(intervention=InterventionFactory()), first_posted="2024-05-02"
    )
    for trial in Trial.objects.all():
        Arm.objects.create(trial=trial, label_en="Active")
        TrialCountry.objects.get_or_create(trial=trial, country="ES")
        ResultGroup.objects.create(trial=trial, module="adverse_events", title_en="Drug")
        OutcomeResult.objects.create(trial=trial, kind="secondary", title_en="Sleep")
        ResultDocument.objects.create(trial=trial, kind="summary_results", title="Lay")
    InterventionFactory.create_batch(3)
    TermFactory.create_batch(3)

    many, _size = measured_get(admin_client, url)

    assert model._default_manager.count() > 1
    assert many == one


@pytest.mark.parametrize("language", ["it", "de"])
def test_view_on_site_link_carries_the_page_in_every_language(
    admin_client, one_of_everything, language
):
    trial = Trial.objects.first()
    content = admin_client.get(admin_url(Trial, "change", trial.pk)).content.decode()

    match = re.search(rf'class="viewsitelink"[^>]* data-url-{language}="([^"]+)"', content)
    assert match, f"no {language} address on “View on site”"
    public = admin_client.get(match.group(1), follow=True)
    assert public.status_code == 200
    assert urlsplit(
        public.redirect_chain[-1][0] if public.redirect_chain else match.group(1)
    ).path.startswith(f"/{language}/")
    # The script that follows the language tabs is a static file, not an inline script.
    assert '<script src="/static/editorial/view_on_site.js"></script>' in content
    assert "<script>" not in content
