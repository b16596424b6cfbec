"""Every editorial role x every admin action x language: what is done, what is only proposed
for review, and what is refused.

Translators are limited to their languages by the admin (`RoleAdminMixin`): the other
languages' fields, and every untranslated one, are read-only on their forms, so a value posted
for them is ignored. The translator here translates into Italian only.
"""

import pytest
from django.contrib.auth.models import User

from editorial.models import PublicationState, Revision, RevisionStatus
from editorial.roles import EDITOR, PUBLISHER, TRANSLATOR
from glossary.models import Term
from tests.factories import ConditionFactory, InterventionFactory, TermFactory, TrialFactory
from trials.models import Condition, Intervention, Trial

from .workflow_users import admin_url, change_form_data, member_of

pytestmark = pytest.mark.django_db

DONE, PROPOSED, REFUSED = "done", "proposed for review", "refused"

FACTORIES = {
    Intervention: InterventionFactory,
    Condition: ConditionFactory,
    Trial: TrialFactory,
    Term: TermFactory,
}
# A translated text of each model.
TEXT = {Intervention: "name", Condition: "name", Trial: "public_title", Term: "definition"}

ACTIONS = [
    "add",
    "change draft en",
    "change draft it",
    "change draft fr",
    "change published en",
    "change published it",
    "change published fr",
    "delete draft",
    "delete published",
    "publish",
    "unpublish",
    "send to review",
    "return to draft",
    "approve revision",
    "reject revision",
    "approve revisions in bulk",
]


def _everything(outcome):
    return dict.fromkeys(ACTIONS, outcome)


EXPECTED = {
    EDITOR: _everything(DONE)
    | {
        "change published en": PROPOSED,
        "change published it": PROPOSED,
        "change published fr": PROPOSED,
        "delete published": REFUSED,
        "publish": REFUSED,
        "unpublish": REFUSED,
        "approve revision": REFUSED,
        "reject revision": REFUSED,
        "approve revisions in bulk": REFUSED,
    },
    TRANSLATOR: _everything(REFUSED) | {"change draft it": DONE, "change published it": PROPOSED},
    # Publishers review what editors write; they do not write new content.
    PUBLISHER: _everything(DONE) | {"add": REFUSED},
}


def change(client, obj, language):
    field = f"{TEXT[type(obj)]}_{language}"
    url = admin_url(type(obj), "change", obj.pk)
    data = change_form_data(client.get(url)) | {field: "Changed text"}
    client.post(url, data)
    live = type(obj).objects.get(pk=obj.pk)
    if getattr(live, field) == "Changed text":
        return DONE
    revision = Revision.objects.of(obj).pending().first()
    if revision and revision.changes["fields"].get(field) == "Changed text":
        return PROPOSED
    return REFUSED


def delete(client, obj):
    client.post(admin_url(type(obj), "delete", obj.pk), {"post": "yes"})
    return REFUSED if type(obj).objects.filter(pk=obj.pk).exists() else DONE


def bulk(client, obj, action, expected_state):
    client.post(
        admin_url(type(obj), "changelist"), {"action": action, "_selected_action": [obj.pk]}
    )
    obj.refresh_from_db()
    return DONE if obj.state == expected_state else REFUSED


def proposal(obj):
    return Revision.objects.create(
        content_object=obj,
        base_version=obj.version,
        changes={"fields": {f"{TEXT[type(obj)]}_en": "Proposed text"}},
        created_by=User.objects.get_or_create(username="author")[0],
    )


def decided(revision, status):
    revision.refresh_from_db()
    return DONE if revision.status == status else REFUSED


def run(client, model, action):
    factory = FACTORIES[model]
    if action == "add":
        before = model.objects.count()
        response = client.get(admin_url(model, "add"))
        client.post(admin_url(model, "add"), {})
        assert model.objects.count() == before
        return DONE if response.status_code == 200 else REFUSED
    if action.startswith("change"):
        _verb, state, language = action.split()
        return change(client, factory(state=state), language)
    if action.startswith("delete"):
        return delete(client, factory(state=action.split()[1]))
    if action == "publish":
        return bulk(client, factory(state="in_review"), "publish_selected", "published")
    if action == "unpublish":
        return bulk(client, factory(), "unpublish_selected", "unpublished")
    if action == "send to review":
        return bulk(client, factory(state="draft"), "send_to_review_selected", "in_review")
    if action == "return to draft":
        return bulk(client, factory(state="in_review"), "return_to_draft_selected", "draft")
    obj = factory()
    revision = proposal(obj)
    if action == "approve revision":
        client.post(admin_url(model, "review", obj.pk), {"decision": "approve"})
        return decided(revision, RevisionStatus.APPROVED)
    if action == "reject revision":
        client.post(admin_url(model, "review", obj.pk), {"decision": "reject", "reason": "Not so."})
        return decided(revision, RevisionStatus.REJECTED)
    client.post(
        admin_url(model, "changelist"),
        {"action": "approve_revisions_selected", "_selected_action": [obj.pk]},
    )
    return decided(revision, RevisionStatus.APPROVED)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("model", list(FACTORIES), ids=lambda model: model._meta.label)
@pytest.mark.parametrize("role", list(EXPECTED))
def test_permission_matrix(client, role, model, action):
    client.force_login(member_of(role))

    assert run(client, model, action) == EXPECTED[role][action]


@pytest.mark.parametrize("model", list(FACTORIES), ids=lambda model: model._meta.label)
def test_approved_proposal_is_published_and_a_rejected_one_is_not(client, model):
    client.force_login(member_of(PUBLISHER))
    approved, rejected = FACTORIES[model](), FACTORIES[model]()
    proposal(approved), proposal(rejected)
    field = f"{TEXT[model]}_en"

    client.post(admin_url(model, "review", approved.pk), {"decision": "approve"})
    client.post(admin_url(model, "review", rejected.pk), {"decision": "reject", "reason": "No."})

    assert getattr(model.objects.get(pk=approved.pk), field) == "Proposed text"
    assert getattr(model.objects.get(pk=rejected.pk), field) != "Proposed text"
    assert model.objects.get(pk=approved.pk).state == PublicationState.PUBLISHED
