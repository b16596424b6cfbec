"""The editorial roles in the admin: who may see, change, publish and delete what."""

import pytest
from django.contrib.auth.models import User

from editorial.models import PublicationState, Revision, TranslatorLanguages
from editorial.roles import EDITOR, PUBLISHER, TRANSLATOR
from glossary.models import Term
from tests.factories import (
    ConditionFactory,
    InterventionFactory,
    OutcomeFactory,
    TermFactory,
    TrialFactory,
)
from trials.models import Condition, Intervention, Outcome, Trial

from .workflow_users import admin_url, change_form_data, member_of

pytestmark = pytest.mark.django_db

FACTORIES = {
    Intervention: InterventionFactory,
    Condition: ConditionFactory,
    Trial: TrialFactory,
    Term: TermFactory,
}
PUBLISHABLE = list(FACTORIES)
ANONYMOUS = "anonymous"

# What each role gets from the admin pages of a published object (302: sent to log in).
# Editors cannot delete published content: that takes it from readers, as unpublishing does.
PAGES = {
    ANONYMOUS: {"changelist": 302, "add": 302, "change": 302, "delete": 302},
    EDITOR: {"changelist": 200, "add": 200, "change": 200, "delete": 403},
    TRANSLATOR: {"changelist": 200, "add": 403, "change": 200, "delete": 403},
    PUBLISHER: {"changelist": 200, "add": 403, "change": 200, "delete": 200},
}
# The workflow actions each role is offered on the list.
ACTIONS = {
    EDITOR: {"send_to_review_selected", "return_to_draft_selected", "delete_selected"},
    TRANSLATOR: set(),
    PUBLISHER: {
        "publish_selected",
        "unpublish_selected",
        "send_to_review_selected",
        "return_to_draft_selected",
        "delete_selected",
        "approve_revisions_selected",
    },
}
WORKFLOW_ACTIONS = {
    "approve_revisions_selected",
    "publish_selected",
    "unpublish_selected",
    "send_to_review_selected",
    "return_to_draft_selected",
    "delete_selected",
}


@pytest.fixture
def editor(db):
    return member_of(EDITOR)


@pytest.fixture
def translator(db):
    """A translator into Italian."""
    return member_of(TRANSLATOR)


@pytest.fixture
def publisher(db):
    return member_of(PUBLISHER)


def log_in(client, role):
    if role != ANONYMOUS:
        client.force_login(member_of(role))
    return client


def model_id(model):
    return model._meta.label


@pytest.mark.parametrize("model", PUBLISHABLE, ids=model_id)
@pytest.mark.parametrize("role", list(PAGES))
@pytest.mark.parametrize("page", ["changelist", "add", "change", "delete"])
def test_admin_pages_by_role(client, role, model, page):
    obj = FACTORIES[model]()
    args = () if page in ("changelist", "add") else (obj.pk,)

    response = log_in(client, role).get(admin_url(model, page, *args))

    assert response.status_code == PAGES[role][page]


@pytest.mark.parametrize("model", PUBLISHABLE, ids=model_id)
@pytest.mark.parametrize("role", list(ACTIONS))
def test_workflow_actions_offered_by_role(client, role, model):
    FACTORIES[model]()

    response = log_in(client, role).get(admin_url(model, "changelist"))

    action_form = response.context["action_form"]
    choices = action_form.fields["action"].choices if action_form else []
    offered = {name for name, _label in choices}
    assert offered & WORKFLOW_ACTIONS == ACTIONS[role]


@pytest.mark.parametrize("model", PUBLISHABLE, ids=model_id)
@pytest.mark.parametrize("role", [EDITOR, TRANSLATOR])
def test_who_may_not_publish_cannot_run_the_publish_action(client, role, model):
    obj = FACTORIES[model](state=PublicationState.IN_REVIEW)

    log_in(client, role).post(
        admin_url(model, "changelist"),
        {"action": "publish_selected", "_selected_action": [obj.pk]},
    )

    obj.refresh_from_db()
    assert (obj.state, obj.published_by) == (PublicationState.IN_REVIEW, None)


@pytest.mark.parametrize("model", PUBLISHABLE, ids=model_id)
def test_translator_cannot_delete_through_the_bulk_action(client, model):
    obj = FACTORIES[model]()

    log_in(client, TRANSLATOR).post(
        admin_url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )

    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model", PUBLISHABLE, ids=model_id)
def test_publisher_deletes(client, model):
    obj = FACTORIES[model]()

    response = log_in(client, PUBLISHER).post(admin_url(model, "delete", obj.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not model.objects.filter(pk=obj.pk).exists()


# The state on the form -----------------------------------------------------------------------


def test_editor_cannot_publish_through_the_form(client, editor):
    trial = TrialFactory(state=PublicationState.DRAFT)
    client.force_login(editor)
    url = admin_url(Trial, "change", trial.pk)
    form_page = client.get(url)
    assert "state" not in form_page.context["adminform"].form.fields

    data = change_form_data(form_page) | {"state": "published", "acronym": "EDITED"}
    response = client.post(url, data)

    assert response.status_code == 302
    trial.refresh_from_db()
    assert (trial.acronym, trial.state) == ("EDITED", PublicationState.DRAFT)


def test_publisher_publishing_through_the_form_is_recorded(client, publisher):
    term = TermFactory(state=PublicationState.IN_REVIEW)
    client.force_login(publisher)
    url = admin_url(Term, "change", term.pk)
    data = change_form_data(client.get(url)) | {"state": "published"}

    response = client.post(url, data)

    assert response.status_code == 302
    term.refresh_from_db()
    assert term.state == PublicationState.PUBLISHED
    assert term.published_by == publisher
    assert term.published_at is not None


# The translator ------------------------------------------------------------------------------


def test_translator_form_edits_only_their_language(client, translator):
    trial = TrialFactory()
    client.force_login(translator)

    form = client.get(admin_url(Trial, "change", trial.pk)).context["adminform"].form

    assert {"public_title_it", "brief_summary_it"} <= set(form.fields)
    for name in ["public_title_en", "public_title_fr", "primary_identifier", "phase", "state"]:
        assert name not in form.fields


def test_translator_changes_title_it_but_not_title_en(client, translator):
    # A draft: changes to published trials wait for review (tests/editorial/test_revisions.py).
    trial = TrialFactory(public_title_en="The English title", phase="phase2", state="draft")
    client.force_login(translator)
    url = admin_url(Trial, "change", trial.pk)
    data = change_form_data(client.get(url)) | {
        "public_title_it": "Il titolo italiano",
        "public_title_en": "Changed by the translator",
        "phase": "phase3",
        "state": "published",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    trial.refresh_from_db()
    assert trial.public_title_it == "Il titolo italiano"
    assert trial.public_title_en == "The English title"
    assert trial.phase == "phase2"


@pytest.mark.parametrize("model", PUBLISHABLE, ids=model_id)
def test_translator_form_of_every_model_has_only_italian_fields(client, translator, model):
    obj = FACTORIES[model]()
    client.force_login(translator)

    form = client.get(admin_url(model, "change", obj.pk)).context["adminform"].form

    model_fields = {field.name for field in model._meta.get_fields()}
    editable = {name for name in form.fields if name in model_fields}
    assert editable
    assert all(name.endswith("_it") for name in editable), editable


def test_translator_edits_only_their_language_of_a_trials_outcome(client, translator):
    outcome = OutcomeFactory(measure_en="Bone healing")
    client.force_login(translator)
    url = admin_url(Outcome, "change", outcome.pk)
    page = client.get(url)

    form = page.context["adminform"].form
    assert "measure_it" in form.fields
    assert "measure_en" not in form.fields
    assert "kind" not in form.fields
    assert not page.context["has_delete_permission"]

    data = change_form_data(page) | {"measure_it": "Guarigione ossea", "measure_en": "Changed"}
    assert client.post(url, data).status_code == 302
    outcome.refresh_from_db()
    # The trial is published: the translation waits for review.
    assert (outcome.measure_en, outcome.measure_it) == ("Bone healing", None)
    proposed = Revision.objects.of(outcome.trial).get().changes["inlines"]["outcomes"]
    assert proposed["changed"] == {str(outcome.pk): {"measure_it": "Guarigione ossea"}}


def test_translator_translation_of_a_draft_trials_outcome_is_saved(client, translator):
    outcome = OutcomeFactory(measure_en="Bone healing", trial__state=PublicationState.DRAFT)
    client.force_login(translator)
    url = admin_url(Outcome, "change", outcome.pk)

    data = change_form_data(client.get(url)) | {"measure_it": "Guarigione ossea"}
    assert client.post(url, data).status_code == 302

    outcome.refresh_from_db()
    assert (outcome.measure_en, outcome.measure_it) == ("Bone healing", "Guarigione ossea")


def test_translator_without_languages_edits_nothing(client):
    user = member_of(TRANSLATOR)
    TranslatorLanguages.objects.filter(user=user).update(languages=[])
    client.force_login(user)
    term = TermFactory()

    form = client.get(admin_url(Term, "change", term.pk)).context["adminform"].form

    model_fields = {field.name for field in Term._meta.get_fields()}
    assert not [name for name in form.fields if name in model_fields]


def test_translator_languages_are_edited_on_the_user(admin_client, translator):
    url = admin_url(User, "change", translator.pk)
    page = admin_client.get(url)
    data = change_form_data(page)
    data["translator_languages-0-languages"] = ["it", "de"]

    response = admin_client.post(url, data)

    assert response.status_code == 302
    translator.translator_languages.refresh_from_db()
    assert translator.translator_languages.languages == ["it", "de"]
