"""Publication: only published content reaches the public; publishers publish, with a record."""

import io
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command

from config.languages import LANGUAGE_CODES
from editorial.models import PublicationState
from editorial.roles import EDITOR, PUBLISHER
from glossary.models import Term
from tests.factories import (
    ConditionFactory,
    InterventionFactory,
    TermFactory,
    TrialFactory,
    TrialInterventionFactory,
)
from tests.pages import read
from trials.models import Condition, Intervention, Trial

from .workflow_users import admin_url, member_of

pytestmark = pytest.mark.django_db

DRAFT = PublicationState.DRAFT
IN_REVIEW = PublicationState.IN_REVIEW
PUBLISHED = PublicationState.PUBLISHED
UNPUBLISHED = PublicationState.UNPUBLISHED
NOT_PUBLISHED = [DRAFT, IN_REVIEW, UNPUBLISHED]
LANGUAGES = LANGUAGE_CODES
BANNER = "Preview: this page is not published"
FIXTURES = Path(__file__).parents[1] / "fixtures"


def public_page(kind, state):
    """An object of one kind in one state, and its public URL (without the language)."""
    if kind == "intervention":
        obj = InterventionFactory(state=state)
        return obj, f"/interventions/{obj.slug}/"
    if kind == "trial":
        obj = TrialFactory(state=state)
        return obj, f"/trials/{obj.primary_identifier}/"
    if kind == "condition":
        obj = ConditionFactory(state=state)
        return obj, f"/conditions/{obj.slug}/"
    obj = TermFactory(state=state)
    return obj, f"/glossary/{obj.slug}/"


KINDS = ["intervention", "trial", "condition", "term"]


# The public pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("state", NOT_PUBLISHED)
@pytest.mark.parametrize("kind", KINDS)
def test_unpublished_page_is_not_found(client, kind, state):
    _obj, path = public_page(kind, state)

    assert client.get(f"/en{path}").status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_published_page_is_shown_without_a_banner(client, kind):
    _obj, path = public_page(kind, PUBLISHED)

    response = client.get(f"/en{path}")

    assert response.status_code == 200
    assert BANNER not in read(response).text


def test_lists_show_published_content_only(client):
    TrialInterventionFactory(intervention=InterventionFactory(name_en="Published treatment"))
    TrialInterventionFactory(
        intervention=InterventionFactory(name_en="Draft treatment", state=DRAFT)
    )
    TermFactory(term_en="Published word")
    TermFactory(term_en="Draft word", state=DRAFT)

    interventions = read(client.get("/en/")).text
    glossary = read(client.get("/en/glossary/")).text

    assert "Published treatment" in interventions
    assert "Draft treatment" not in interventions
    assert "Published word" in glossary
    assert "Draft word" not in glossary


def test_intervention_list_counts_published_trials_only(client):
    intervention = InterventionFactory()
    TrialInterventionFactory(intervention=intervention)
    TrialInterventionFactory(intervention=intervention, trial=TrialFactory(state=DRAFT))

    response = client.get("/en/")

    assert [i.trial_count for i in response.context["interventions"]] == [1]


def test_summary_trials_table_shows_published_trials_only(client):
    intervention = InterventionFactory()
    published = TrialFactory()
    draft = TrialFactory(state=DRAFT)
    for trial in (published, draft):
        TrialInterventionFactory(intervention=intervention, trial=trial)

    page = read(client.get(f"/en/interventions/{intervention.slug}/"))

    identifiers = {row[0] for row in page.rows if row}
    assert published.primary_identifier in identifiers
    assert draft.primary_identifier not in identifiers
    assert draft.primary_identifier not in page.text


def test_summary_glossary_shows_published_terms_only(client):
    condition = ConditionFactory(name_en="non-union of long bones")
    trial = TrialFactory(conditions=[condition])
    TermFactory(slug="non-union", term_en="Non-union")
    TermFactory(slug="long-bone", term_en="Long bone", aliases_en="long bones", state=DRAFT)

    response = client.get(f"/en/trials/{trial.primary_identifier}/")

    glossary = [entry.slug for entry in response.context["summary"].glossary]
    assert glossary == ["non-union"]


def test_condition_page_lists_published_trials_and_interventions_only(
    client, django_capture_on_commit_callbacks
):
    condition = ConditionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        published = TrialFactory(conditions=[condition])
        draft = TrialFactory(conditions=[condition], state=DRAFT)
        TrialInterventionFactory(trial=published, intervention=InterventionFactory(name_en="Shown"))
        TrialInterventionFactory(
            trial=published, intervention=InterventionFactory(name_en="Hidden", state=DRAFT)
        )

    text = read(client.get(f"/en/conditions/{condition.slug}/")).text

    assert published.primary_identifier in text
    assert draft.primary_identifier not in text
    assert "Shown" in text
    assert "Hidden" not in text


def test_secondary_identifier_of_a_draft_trial_is_not_found(client):
    trial = TrialFactory(state=DRAFT)
    trial.identifiers.create(value="ISRCTN12345678", kind="ISRCTN")

    assert client.get("/en/trials/ISRCTN12345678/").status_code == 404


# The API -------------------------------------------------------------------------------------


API_CASES = {
    "intervention": ("interventions", lambda obj: obj.slug),
    "trial": ("trials", lambda obj: obj.primary_identifier),
    "condition": ("conditions", lambda obj: obj.slug),
    "term": ("glossary", lambda obj: obj.slug),
}


def api_list_path(client, collection):
    response = client.get(f"/api/v1/{collection}/")
    assert response.status_code == 200
    body = response.json()
    return body["results"] if isinstance(body, dict) else body


@pytest.mark.parametrize("kind", KINDS)
def test_api_lists_and_shows_published_content_only(client, kind):
    published, _path = public_page(kind, PUBLISHED)
    draft, _path = public_page(kind, DRAFT)
    collection, key = API_CASES[kind]

    listed = api_list_path(client, collection)

    assert len(listed) == 1
    assert client.get(f"/api/v1/{collection}/{key(published)}/").status_code == 200
    assert client.get(f"/api/v1/{collection}/{key(draft)}/").status_code == 404


def test_api_summaries_of_drafts_are_not_found_and_list_published_trials_only(client):
    intervention = InterventionFactory()
    published = TrialFactory()
    draft = TrialFactory(state=DRAFT)
    for trial in (published, draft):
        TrialInterventionFactory(intervention=intervention, trial=trial)
    draft_intervention = InterventionFactory(state=DRAFT)

    summary = client.get(f"/api/v1/interventions/{intervention.slug}/summary/").json()

    assert [row["identifier"] for row in summary["trials"]] == [published.primary_identifier]
    assert client.get(f"/api/v1/trials/{draft.primary_identifier}/summary/").status_code == 404
    assert (
        client.get(f"/api/v1/interventions/{draft_intervention.slug}/summary/").status_code == 404
    )


def test_api_trial_counts_are_of_published_trials(client):
    condition = ConditionFactory()
    TrialFactory(conditions=[condition])
    TrialFactory(conditions=[condition], state=DRAFT)

    (listed,) = api_list_path(client, "conditions")

    assert listed["trial_count"] == 1


# Previews ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_staff_preview_a_draft_in_every_language(client, kind, language):
    _obj, path = public_page(kind, DRAFT)
    client.force_login(member_of(EDITOR))

    response = client.get(f"/{language}{path}?preview=1")

    assert response.status_code == 200
    assert response.context["preview"] is True
    assert read(response).lang == language
    if language == "en":
        assert BANNER in read(response).text


def test_preview_keeps_the_preview_in_the_language_links(client):
    _obj, path = public_page("trial", DRAFT)
    client.force_login(member_of(EDITOR))

    page = read(client.get(f"/en{path}?preview=1"))

    assert any(f"/it{path}?preview=1" in unquote(href) for href, _text in page.links)


@pytest.mark.parametrize("kind", KINDS)
def test_preview_is_not_found_for_the_public(client, kind):
    _obj, path = public_page(kind, DRAFT)

    assert client.get(f"/en{path}?preview=1").status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_preview_is_not_found_for_staff_without_view_permission(client, kind):
    _obj, path = public_page(kind, DRAFT)
    client.force_login(User.objects.create_user("staff", is_staff=True))

    assert client.get(f"/en{path}?preview=1").status_code == 404


def test_preview_is_not_found_for_a_non_staff_user_with_view_permission(client):
    _obj, path = public_page("term", DRAFT)
    user = User.objects.create_user("reader")
    user.user_permissions.add(Permission.objects.get(codename="view_term"))
    client.force_login(user)

    assert client.get(f"/en{path}?preview=1").status_code == 404


def test_staff_see_no_draft_without_asking_for_a_preview(client):
    _obj, path = public_page("intervention", DRAFT)
    client.force_login(member_of(EDITOR))

    assert client.get(f"/en{path}").status_code == 404


def test_preview_of_an_intervention_shows_its_published_trials_only(client):
    intervention = InterventionFactory(state=DRAFT)
    published = TrialFactory()
    draft = TrialFactory(state=DRAFT)
    for trial in (published, draft):
        TrialInterventionFactory(intervention=intervention, trial=trial)
    client.force_login(member_of(EDITOR))

    text = read(client.get(f"/en/interventions/{intervention.slug}/?preview=1")).text

    assert published.primary_identifier in text
    assert draft.primary_identifier not in text


@pytest.mark.parametrize("kind", KINDS)
def test_view_on_site_of_a_draft_leads_to_its_preview(admin_client, kind):
    obj, path = public_page(kind, DRAFT)

    response = admin_client.get(admin_url(type(obj), "change", obj.pk))

    assert response.context["absolute_url"] == f"/en{path}?preview=1"
    assert admin_client.get(response.context["absolute_url"]).status_code == 200


def test_view_on_site_of_a_published_object_is_the_public_page(admin_client):
    obj, _path = public_page("term", PUBLISHED)

    response = admin_client.get(admin_url(Term, "change", obj.pk))

    assert "preview" not in response.context["absolute_url"]


# Publishing in the admin ---------------------------------------------------------------------

MODELS = {"intervention": Intervention, "trial": Trial, "condition": Condition, "term": Term}


def run_action(client, model, action, objects):
    return client.post(
        admin_url(model, "changelist"),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
    )


@pytest.mark.parametrize("kind", KINDS)
def test_publish_action_records_who_and_when(client, kind):
    obj, path = public_page(kind, IN_REVIEW)
    publisher = member_of(PUBLISHER)
    client.force_login(publisher)

    response = run_action(client, MODELS[kind], "publish_selected", [obj])

    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.state == PUBLISHED
    assert obj.published_by == publisher
    assert obj.published_at is not None
    client.logout()
    assert client.get(f"/en{path}").status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_unpublish_action_records_who_and_when_and_hides_the_page(client, kind):
    obj, path = public_page(kind, PUBLISHED)
    publisher = member_of(PUBLISHER)
    client.force_login(publisher)

    run_action(client, MODELS[kind], "unpublish_selected", [obj])

    obj.refresh_from_db()
    assert (obj.state, obj.published_by) == (UNPUBLISHED, publisher)
    assert obj.published_at is not None
    client.logout()
    assert client.get(f"/en{path}").status_code == 404


def test_bulk_publish_publishes_every_selected_object(client):
    publisher = member_of(PUBLISHER)
    drafts = TrialFactory.create_batch(3, state=DRAFT)
    left_alone = TrialFactory(state=DRAFT)
    client.force_login(publisher)

    response = run_action(client, Trial, "publish_selected", drafts)

    assert "Published 3 trials." in [str(m) for m in response.wsgi_request._messages]
    assert set(Trial.objects.published().values_list("pk", flat=True)) == {t.pk for t in drafts}
    assert {t.published_by for t in Trial.objects.published()} == {publisher}
    left_alone.refresh_from_db()
    assert left_alone.state == DRAFT


def test_publishing_keeps_the_record_of_objects_already_published(client):
    earlier = member_of(PUBLISHER, username="earlier")
    trial = TrialFactory(state=DRAFT)
    trial.publish(earlier)
    trial.save()
    client.force_login(member_of(PUBLISHER))

    run_action(client, Trial, "publish_selected", [trial])

    trial.refresh_from_db()
    assert trial.published_by == earlier


def test_editor_sends_drafts_to_review_and_back(client):
    drafts = TermFactory.create_batch(2, state=DRAFT)
    client.force_login(member_of(EDITOR))

    run_action(client, Term, "send_to_review_selected", drafts)
    assert set(Term.objects.values_list("state", flat=True)) == {IN_REVIEW}

    run_action(client, Term, "return_to_draft_selected", drafts)
    assert set(Term.objects.values_list("state", flat=True)) == {DRAFT}


def test_list_shows_and_filters_by_state(admin_client):
    publisher = member_of(PUBLISHER)
    published = InterventionFactory(name_en="Published one")
    published.publish(publisher)
    published.save()
    InterventionFactory(name_en="Draft one", state=DRAFT)

    response = admin_client.get(admin_url(Intervention, "changelist"), {"state__exact": "draft"})

    changelist = response.context["cl"]
    assert {"state", "published_by", "published_at"} <= set(changelist.list_display)
    assert [i.name for i in changelist.result_list] == ["Draft one"]
    everything = admin_client.get(admin_url(Intervention, "changelist"))
    assert "publisher" in read(everything).text


@pytest.mark.parametrize("kind", KINDS)
def test_change_form_shows_who_published_read_only(admin_client, kind):
    obj, _path = public_page(kind, PUBLISHED)
    obj.publish(member_of(PUBLISHER))
    obj.save()

    response = admin_client.get(admin_url(type(obj), "change", obj.pk))

    form = response.context["adminform"].form
    assert "published_by" not in form.fields
    assert "published_at" not in form.fields
    assert "publisher" in read(response).text


# Imports -------------------------------------------------------------------------------------


def run_import(*options):
    out = io.StringIO()
    call_command("import_trials", str(FIXTURES / "ctgov"), *options, stdout=out, stderr=out)
    return out.getvalue()


def test_imported_content_is_draft_when_asked():
    run_import("--draft")

    for model in (Intervention, Condition, Trial):
        assert model.objects.exists()
        assert set(model.objects.values_list("state", flat=True)) == {DRAFT}


def test_import_publishes_new_content_by_no_user():
    run_import()

    for model in (Intervention, Condition, Trial):
        assert set(model.objects.values_list("state", flat=True)) == {PUBLISHED}
        assert not model.objects.filter(published_at=None).exists()
        assert not model.objects.exclude(published_by=None).exists()


def test_reimport_never_changes_a_state():
    run_import()
    trial = Trial.objects.first()
    trial.unpublish(None)
    trial.save()
    Trial.objects.exclude(pk=trial.pk).update(registry_hashes={})  # forces an update

    run_import("--draft")
    run_import()

    trial.refresh_from_db()
    assert trial.state == UNPUBLISHED
    assert set(Trial.objects.exclude(pk=trial.pk).values_list("state", flat=True)) == {PUBLISHED}


# The demo ------------------------------------------------------------------------------------


def test_demo_content_is_published(client, demo_intervention):
    assert demo_intervention.is_published
    for model in (Intervention, Condition, Trial, Term):
        assert not model.objects.exclude(state=PUBLISHED).exists()
    assert client.get(demo_intervention.get_absolute_url()).status_code == 200


# Logins --------------------------------------------------------------------------------------


def test_login_is_locked_for_an_hour_after_five_failures(client):
    member_of(EDITOR, username="eve", password="the right password 42")

    for _attempt in range(4):
        response = client.post(
            "/admin/login/", {"username": "eve", "password": "wrong"}, REMOTE_ADDR="10.0.0.1"
        )
        assert response.status_code == 200  # the login form again, with an error
    locked = client.post(
        "/admin/login/", {"username": "eve", "password": "wrong"}, REMOTE_ADDR="10.0.0.1"
    )
    right_password = client.post(
        "/admin/login/",
        {"username": "eve", "password": "the right password 42"},
        REMOTE_ADDR="10.0.0.1",
    )

    for response in (locked, right_password):
        assert response.status_code == 429
        assert "locked for an hour after too many failed logins" in read(response).text
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(client):
    member_of(EDITOR, username="eve", password="the right password 42")
    for _attempt in range(5):
        client.post(
            "/admin/login/", {"username": "eve", "password": "wrong"}, REMOTE_ADDR="10.0.0.1"
        )

    elsewhere = client.post(
        "/admin/login/",
        {"username": "eve", "password": "the right password 42"},
        REMOTE_ADDR="10.0.0.2",
    )

    assert elsewhere.status_code == 302
