"""Every editorial role x every admin action x language: what is done, what is only proposed
for review, and what is refused; for the content models, for the rows of a trial and of its
results (edited on their own pages), for syncing with the registries and for the
administrators' own models. The last test checks that every model of the admin is covered.

Translators are limited to their languages by the admin (`RoleAdminMixin`): the other
languages' fields, and every untranslated one, are read-only on their forms, so a value posted
for them is ignored. The translator here translates into Italian only.
"""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import reverse_lazy

from alerts.models import Subscription
from editorial.models import PublicationState, Revision, RevisionStatus
from editorial.roles import EDITOR, PUBLISHER, TRANSLATOR
from glossary.models import Term
from results.models import (
    DocumentKind,
    OutcomeResult,
    ResultDocument,
    ResultGroup,
    ResultModule,
    TrialResults,
)
from sync.models import FollowedSearch
from tests.factories import (
    ConditionFactory,
    ContactFactory,
    InterventionFactory,
    OutcomeFactory,
    SiteFactory,
    TermFactory,
    TrialFactory,
    TrialIdentifierFactory,
    TrialInterventionFactory,
)
from tests.sync.registry_server import Reply, fixture
from trials.models import (
    Arm,
    Condition,
    Contact,
    Intervention,
    Outcome,
    OutcomeKind,
    Site,
    Trial,
    TrialCountry,
    TrialIdentifier,
    TrialIntervention,
)

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


# The rows of a trial and of its results, edited on their own admin pages ----------------------


def _arm(trial):
    return Arm.objects.create(trial=trial, label_en="Placebo group")


def _country(trial):
    return TrialCountry.objects.create(trial=trial, country="IT")


def _results(trial):
    return TrialResults.objects.create(trial=trial, baseline_population_en="All randomised.")


def _group(trial):
    return ResultGroup.objects.create(trial=trial, module=ResultModule.BASELINE, title_en="All")


def _outcome_result(trial):
    return OutcomeResult.objects.create(trial=trial, kind=OutcomeKind.PRIMARY, title_en="Pain")


def _document(trial):
    return ResultDocument.objects.create(
        trial=trial, kind=DocumentKind.SUMMARY_RESULTS, title="Summary"
    )


TRANSLATED_ROW, PLAIN_ROW, RESULT_TEXTS, RESULT_DOCUMENT = (
    "translated row",
    "untranslated row",
    "result texts",
    "result document",
)
# model: (kind, how to make one of a trial, the text changed, its relation on the trial)
ROW_MODELS = {
    Outcome: (TRANSLATED_ROW, lambda trial: OutcomeFactory(trial=trial), "measure", "outcomes"),
    Arm: (TRANSLATED_ROW, _arm, "label", "arms"),
    TrialIntervention: (
        TRANSLATED_ROW,
        lambda trial: TrialInterventionFactory(trial=trial),
        "description",
        "trial_interventions",
    ),
    Site: (PLAIN_ROW, lambda trial: SiteFactory(trial=trial), "facility", "sites"),
    Contact: (PLAIN_ROW, lambda trial: ContactFactory(trial=trial), "name", "contacts"),
    TrialIdentifier: (
        PLAIN_ROW,
        lambda trial: TrialIdentifierFactory(trial=trial),
        "issuer",
        "identifiers",
    ),
    TrialCountry: (PLAIN_ROW, _country, "authorisation", "countries"),
    TrialResults: (RESULT_TEXTS, _results, "baseline_population", "results"),
    ResultGroup: (RESULT_TEXTS, _group, "title", "result_groups"),
    OutcomeResult: (RESULT_TEXTS, _outcome_result, "title", "outcome_results"),
    ResultDocument: (RESULT_DOCUMENT, _document, "title", "result_documents"),
}
LANGUAGES = ("en", "it", "fr")


def row_actions(kind):
    translated = kind in (TRANSLATED_ROW, RESULT_TEXTS)
    changes = [
        f"change {state}{f' {language}' if translated else ''}"
        for state in ("draft", "published")
        for language in (LANGUAGES if translated else ("",))
    ]
    return ["list", "add", *changes, "delete draft", "delete published"]


def _rows_expected(kind, **outcomes):
    """Every action on a row of `kind`, REFUSED unless `outcomes` says otherwise
    (`change_published_it`: the action "change published it")."""
    expected = dict.fromkeys(row_actions(kind), REFUSED)
    for name, outcome in outcomes.items():
        prefix = name.replace("_", " ")
        for action in expected:
            if action == prefix or action.startswith(f"{prefix} "):
                expected[action] = outcome
    return expected


EXPECTED_ROWS = {
    # Editors edit every row; a published trial's rows wait for review. Results are the
    # registry's: their texts are corrected, never added or deleted.
    EDITOR: {
        kind: _rows_expected(
            kind,
            list=DONE,
            add=DONE,
            change_draft=DONE,
            change_published=PROPOSED,
            delete_draft=DONE,
            delete_published=PROPOSED,
        )
        for kind in (TRANSLATED_ROW, PLAIN_ROW)
    }
    | {
        RESULT_TEXTS: _rows_expected(
            RESULT_TEXTS, list=DONE, change_draft=DONE, change_published=PROPOSED
        ),
        RESULT_DOCUMENT: _rows_expected(RESULT_DOCUMENT, list=DONE),
    },
    # Translators translate into their language (Italian), nothing else.
    TRANSLATOR: {
        kind: _rows_expected(kind, list=DONE, change_draft_it=DONE, change_published_it=PROPOSED)
        for kind in (TRANSLATED_ROW, RESULT_TEXTS)
    }
    | {kind: _rows_expected(kind) for kind in (PLAIN_ROW, RESULT_DOCUMENT)},
    # Publishers correct what is there, live; they neither add nor delete rows.
    PUBLISHER: {
        kind: _rows_expected(kind, list=DONE, change_draft=DONE, change_published=DONE)
        for kind in (TRANSLATED_ROW, PLAIN_ROW, RESULT_TEXTS)
    }
    | {RESULT_DOCUMENT: _rows_expected(RESULT_DOCUMENT, list=DONE)},
}


def _proposed(trial, relation, row, test):
    revision = Revision.objects.of(trial).pending().first()
    entry = (revision.changes["inlines"].get(relation) if revision else None) or {}
    return PROPOSED if test(entry) else REFUSED


def run_on_row(client, model, action):
    _kind, make, text, relation = ROW_MODELS[model]
    if action == "list":
        return DONE if client.get(admin_url(model, "changelist")).status_code == 200 else REFUSED
    if action == "add":
        return DONE if client.get(admin_url(model, "add")).status_code == 200 else REFUSED
    verb, state, *language = action.split()
    trial = TrialFactory(state=state)
    row = make(trial)
    if verb == "delete":
        client.post(admin_url(model, "delete", row.pk), {"post": "yes"})
        if not model.objects.filter(pk=row.pk).exists():
            return DONE
        return _proposed(trial, relation, row, lambda entry: row.pk in entry.get("deleted", ()))
    field = f"{text}_{language[0]}" if language else text
    url = admin_url(model, "change", row.pk)
    page = client.get(url)
    if page.status_code != 200:
        return REFUSED
    client.post(url, change_form_data(page) | {field: "Changed text"})
    if getattr(model.objects.get(pk=row.pk), field) == "Changed text":
        return DONE
    return _proposed(
        trial,
        relation,
        row,
        lambda entry: entry.get("changed", {}).get(str(row.pk), {}).get(field) == "Changed text",
    )


ROW_CASES = [
    (role, model, action)
    for role in EXPECTED_ROWS
    for model, (kind, *_rest) in ROW_MODELS.items()
    for action in row_actions(kind)
]


@pytest.mark.parametrize(
    ("role", "model", "action"),
    ROW_CASES,
    ids=[f"{role}-{model._meta.label}-{action}" for role, model, action in ROW_CASES],
)
def test_permission_matrix_of_the_rows(client, role, model, action):
    client.force_login(member_of(role))

    assert run_on_row(client, model, action) == EXPECTED_ROWS[role][ROW_MODELS[model][0]][action]


# Syncing with the registries, users, login attempts -------------------------------------------

SYNC_ACTIONS = [
    "followed searches list",
    "add followed search",
    "change followed search",
    "delete followed search",
    "sync followed search now",
    "add from registry page",
    "add from registry as draft",
    "add from registry as published",
]
EXPECTED_SYNC = {
    # Following a search can publish what it imports: the administrators' (superusers') task.
    # Editors add one trial, as a draft; the publishing choice is a publisher's.
    EDITOR: dict.fromkeys(SYNC_ACTIONS, REFUSED)
    | {"add from registry page": DONE, "add from registry as draft": DONE},
    TRANSLATOR: dict.fromkeys(SYNC_ACTIONS, REFUSED),
    PUBLISHER: dict.fromkeys(SYNC_ACTIONS, REFUSED),
}
ADD_FROM_REGISTRY = reverse_lazy("admin:sync_add_from_registry")


def run_sync(client, registry, action):
    if action == "followed searches list":
        status = client.get(admin_url(FollowedSearch, "changelist")).status_code
        return DONE if status == 200 else REFUSED
    if action == "add followed search":
        client.post(
            admin_url(FollowedSearch, "add"),
            {"registry": "ctgov", "kind": "condition", "value": "fracture", "enabled": "on"},
        )
        return DONE if FollowedSearch.objects.exists() else REFUSED
    search = FollowedSearch.objects.create(registry="ctgov", kind="condition", value="fracture")
    if action == "change followed search":
        data = {"registry": "ctgov", "kind": "condition", "value": "osteoporosis"}
        client.post(admin_url(FollowedSearch, "change", search.pk), data)
        search.refresh_from_db()
        return DONE if search.value == "osteoporosis" else REFUSED
    if action == "delete followed search":
        client.post(admin_url(FollowedSearch, "delete", search.pk), {"post": "yes"})
        return REFUSED if FollowedSearch.objects.filter(pk=search.pk).exists() else DONE
    if action == "sync followed search now":
        response = client.post(
            admin_url(FollowedSearch, "changelist"),
            {"action": "sync_now", "_selected_action": [search.pk]},
        )
        return DONE if response.status_code == 302 and registry.requests else REFUSED
    if action == "add from registry page":
        return DONE if client.get(ADD_FROM_REGISTRY).status_code == 200 else REFUSED
    registry.routes["/ctgov/studies/NCT01640457"] = [Reply(fixture("ctgov", "NCT01640457"))]
    publish = "1" if action.endswith("published") else "0"
    client.post(ADD_FROM_REGISTRY, {"identifier": "NCT01640457", "publish": publish})
    trial = Trial.objects.filter(primary_identifier="NCT01640457").first()
    if trial is None:
        return REFUSED
    return DONE if trial.is_published == (publish == "1") else REFUSED


@pytest.mark.parametrize("action", SYNC_ACTIONS)
@pytest.mark.parametrize("role", list(EXPECTED_SYNC))
def test_permission_matrix_of_syncing(client, registry, role, action):
    client.force_login(member_of(role))

    assert run_sync(client, registry, action) == EXPECTED_SYNC[role][action]


# The administrators' own models: no editorial role sees them.
ADMINISTRATION = [Group, User, AccessAttempt, AccessLog, AccessFailureLog]


@pytest.mark.parametrize("view", ["changelist", "add"])
@pytest.mark.parametrize("model", ADMINISTRATION, ids=lambda model: model._meta.label)
@pytest.mark.parametrize("role", list(EXPECTED))
def test_no_editorial_role_administers_users_groups_or_logins(client, role, model, view):
    client.force_login(member_of(role))

    assert client.get(admin_url(model, view)).status_code == 403


@pytest.mark.parametrize("view", ["changelist", "add"])
@pytest.mark.parametrize("role", list(EXPECTED))
def test_no_editorial_role_sees_the_readers_alert_subscriptions(client, role, view):
    # Subscribers' addresses are personal data: only those given the alerts' permissions
    # (counts with view_subscription, addresses with view_subscriber_address) see them.
    client.force_login(member_of(role))

    assert client.get(admin_url(Subscription, view)).status_code == 403


def test_the_matrices_cover_every_model_of_the_admin():
    covered = {*FACTORIES, *ROW_MODELS, FollowedSearch, *ADMINISTRATION, Subscription}

    assert set(admin.site._registry) == covered
