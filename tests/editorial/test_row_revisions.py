"""A published trial's registry rows edited on their own admin pages (outcomes, sites,
contacts, arms, identifiers, interventions of the trial, country decisions, results) by those
who cannot publish wait for review in the trial's revision, like the trial's own fields."""

import pytest
from django.contrib.messages import get_messages

from editorial.models import PublicationState, Revision, RevisionStatus
from editorial.roles import EDITOR, PUBLISHER, TRANSLATOR
from results.models import OutcomeResult, ResultGroup, ResultModule, TrialResults
from tests.factories import (
    ContactFactory,
    OutcomeFactory,
    SiteFactory,
    TrialFactory,
    TrialIdentifierFactory,
    TrialInterventionFactory,
)
from trials.models import (
    Arm,
    Contact,
    ContactKind,
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

BANNER = "Preview: this page shows a change waiting for review"


@pytest.fixture
def editor(db):
    return member_of(EDITOR)


@pytest.fixture
def publisher(db):
    return member_of(PUBLISHER)


def told(response):
    return [str(message) for message in get_messages(response.wsgi_request)] or [
        str(message) for message in response.context["messages"]
    ]


def edit(client, row, **changes):
    url = admin_url(type(row), "change", row.pk)
    return client.post(url, change_form_data(client.get(url)) | changes, follow=True)


def page(client, trial, preview=False):
    suffix = "?preview=1" if preview else ""
    return client.get(f"/en/trials/{trial.primary_identifier}/{suffix}").content.decode()


def api(client, trial):
    return client.get(f"/api/v1/trials/{trial.primary_identifier}/").json()


def approve(client, trial):
    return client.post(admin_url(Trial, "review", trial.pk), {"decision": "approve"}, follow=True)


def reject(client, trial, reason="Not what the record says."):
    return client.post(
        admin_url(Trial, "review", trial.pk), {"decision": "reject", "reason": reason}, follow=True
    )


# An outcome changed -------------------------------------------------------------------------


def test_editor_change_of_a_published_trials_outcome_waits_for_review(client, editor, publisher):
    outcome = OutcomeFactory(measure_en="Bone healing at 12 weeks")
    trial = outcome.trial
    client.force_login(editor)

    response = edit(client, outcome, measure_en="Bone healing at 24 weeks")

    assert told(response) == [
        f"Your change to the outcome of “{trial}” is kept for review: readers see the "
        "published version until a publisher approves it."
    ]
    outcome.refresh_from_db()
    assert outcome.measure_en == "Bone healing at 12 weeks"
    revision = Revision.objects.of(trial).get()
    assert revision.changes["inlines"] == {
        "outcomes": {
            "changed": {str(outcome.pk): {"measure_en": "Bone healing at 24 weeks"}},
            "added": [],
            "deleted": [],
        }
    }
    # The proposer's form shows the proposal; the preview shows it; readers do not.
    form = client.get(admin_url(Outcome, "change", outcome.pk)).context["adminform"].form
    assert form.initial["measure_en"] == "Bone healing at 24 weeks"
    preview = page(client, trial, preview=True)
    assert "Bone healing at 24 weeks" in preview
    assert BANNER in preview
    client.logout()
    public = page(client, trial)
    assert "Bone healing at 12 weeks" in public
    assert "Bone healing at 24 weeks" not in public
    assert [o["measure"] for o in api(client, trial)["outcomes"]] == ["Bone healing at 12 weeks"]

    client.force_login(publisher)
    review_page = client.get(admin_url(Trial, "review", trial.pk))
    assert (
        "outcome “Bone healing at 12 weeks”: measure [en]",
        "Bone healing at 12 weeks",
        "Bone healing at 24 weeks",
    ) in review_page.context["changes"]
    assert told(approve(client, trial)) == ["The change is approved: readers now see it."]

    outcome.refresh_from_db()
    assert outcome.measure_en == "Bone healing at 24 weeks"
    assert outcome.history.first().history_user == publisher
    client.logout()
    assert "Bone healing at 24 weeks" in page(client, trial)
    assert [o["measure"] for o in api(client, trial)["outcomes"]] == ["Bone healing at 24 weeks"]


def test_saving_the_published_values_again_withdraws_the_rows_proposal(client, editor):
    outcome = OutcomeFactory(measure_en="Pain")
    client.force_login(editor)
    edit(client, outcome, measure_en="Pain at rest")

    response = edit(client, outcome, measure_en="Pain")

    assert not Revision.objects.exists()
    assert any("no change is waiting" in message for message in told(response))


def test_a_rows_proposal_keeps_the_trials_own_proposed_fields(client, editor):
    outcome = OutcomeFactory(measure_en="Pain", trial__public_title_en="Published title")
    trial = outcome.trial
    client.force_login(editor)
    edit(client, trial, public_title_en="Proposed title")

    edit(client, outcome, measure_en="Pain at rest")
    # Saving the trial's form again keeps the outcome's proposal.
    edit(client, trial, public_title_en="Proposed title, again")

    changes = Revision.objects.of(trial).get().changes
    assert changes["fields"] == {"public_title_en": "Proposed title, again"}
    assert changes["inlines"]["outcomes"]["changed"] == {
        str(outcome.pk): {"measure_en": "Pain at rest"}
    }


def test_a_rejected_row_change_stays_out(client, editor, publisher):
    outcome = OutcomeFactory(measure_en="Pain")
    client.force_login(editor)
    edit(client, outcome, measure_en="Pain at rest")
    client.force_login(publisher)

    reject(client, outcome.trial)

    outcome.refresh_from_db()
    assert outcome.measure_en == "Pain"
    assert Revision.objects.get().status == RevisionStatus.REJECTED
    client.logout()
    assert "Pain at rest" not in page(client, outcome.trial)


def test_the_rows_trial_cannot_be_changed_while_its_change_waits(client, editor):
    outcome = OutcomeFactory()
    other = TrialFactory()
    client.force_login(editor)

    edit(client, outcome, trial=str(other.pk), measure_en="Moved")

    outcome.refresh_from_db()
    assert outcome.trial_id != other.pk
    changed = Revision.objects.of(outcome.trial).get().changes["inlines"]["outcomes"]["changed"]
    assert changed == {str(outcome.pk): {"measure_en": "Moved"}}


# A site added -------------------------------------------------------------------------------


def site_form(client, trial, **values):
    url = admin_url(Site, "add")
    data = change_form_data(client.get(url, {"trial": trial.pk}))
    return client.post(url, data | {"trial": str(trial.pk), **values}, follow=True)


def test_editor_site_added_to_a_published_trial_waits_for_review(client, editor, publisher):
    trial = TrialFactory()
    SiteFactory(trial=trial, facility="Ospedale Maggiore")
    client.force_login(editor)

    response = site_form(
        client, trial, facility="Istituto Ortopedico Rizzoli", city="Bologna", country="IT"
    )

    assert response.status_code == 200
    assert told(response) == [
        f"Your new site of “{trial}” is kept for review: readers see the published version "
        "until a publisher approves it."
    ]
    assert list(trial.sites.values_list("facility", flat=True)) == ["Ospedale Maggiore"]
    added = Revision.objects.of(trial).get().changes["inlines"]["sites"]["added"]
    assert [(row["facility"], row["city"], row["country"]) for row in added] == [
        ("Istituto Ortopedico Rizzoli", "Bologna", "IT")
    ]
    assert "Istituto Ortopedico Rizzoli" in page(client, trial, preview=True)
    client.logout()
    assert "Istituto Ortopedico Rizzoli" not in page(client, trial)
    assert [site["facility"] for site in api(client, trial)["sites"]] == ["Ospedale Maggiore"]

    client.force_login(publisher)
    review_page = client.get(admin_url(Trial, "review", trial.pk))
    assert ("New site", "", "Istituto Ortopedico Rizzoli, Bologna, Italy") in review_page.context[
        "changes"
    ]
    approve(client, trial)

    client.logout()
    assert sorted(site["facility"] for site in api(client, trial)["sites"]) == [
        "Istituto Ortopedico Rizzoli",
        "Ospedale Maggiore",
    ]
    assert "Istituto Ortopedico Rizzoli" in page(client, trial)


def test_editor_site_added_to_a_draft_trial_is_saved_at_once(client, editor):
    trial = TrialFactory(state=PublicationState.DRAFT)
    client.force_login(editor)

    site_form(client, trial, facility="Istituto Ortopedico Rizzoli", city="Bologna", country="IT")

    assert list(trial.sites.values_list("facility", flat=True)) == ["Istituto Ortopedico Rizzoli"]
    assert not Revision.objects.exists()


def test_publisher_site_added_to_a_published_trial_is_live(client, publisher):
    trial = TrialFactory()
    publisher.user_permissions.add(
        *publisher.groups.get().permissions.model.objects.filter(codename="add_site")
    )
    client.force_login(publisher)

    site_form(client, trial, facility="Istituto Ortopedico Rizzoli", city="Bologna", country="IT")

    assert list(trial.sites.values_list("facility", flat=True)) == ["Istituto Ortopedico Rizzoli"]
    assert not Revision.objects.exists()


# A contact deleted --------------------------------------------------------------------------


def test_editor_deleting_a_published_trials_contact_waits(client, editor, publisher):
    trial = TrialFactory()
    contact = ContactFactory(trial=trial, kind=ContactKind.CENTRAL, name="Dar-Ming Lai")
    client.force_login(editor)

    confirmation = client.get(admin_url(Contact, "delete", contact.pk))
    assert confirmation.status_code == 200
    assert any("not deleted at once" in message for message in told(confirmation))
    response = client.post(admin_url(Contact, "delete", contact.pk), {"post": "yes"}, follow=True)

    assert told(response) == [
        f"Your deletion of the contact of “{trial}” is kept for review: readers see the "
        "published version until a publisher approves it."
    ]
    assert Contact.objects.filter(pk=contact.pk).exists()
    assert Revision.objects.of(trial).get().changes["inlines"]["contacts"]["deleted"] == [
        contact.pk
    ]
    form_page = client.get(admin_url(Contact, "change", contact.pk))
    assert any("proposed deleting this contact" in message for message in told(form_page))
    assert "Dar-Ming Lai" not in page(client, trial, preview=True)
    client.logout()
    assert "Dar-Ming Lai" in page(client, trial)
    assert [c["name"] for c in api(client, trial)["contacts"]] == ["Dar-Ming Lai"]

    client.force_login(publisher)
    approve(client, trial)

    assert not Contact.objects.filter(pk=contact.pk).exists()
    client.logout()
    assert api(client, trial)["contacts"] == []
    assert "Dar-Ming Lai" not in page(client, trial)


def test_rejected_deletion_keeps_the_contact(client, editor, publisher):
    contact = ContactFactory(name="Dar-Ming Lai")
    client.force_login(editor)
    client.post(admin_url(Contact, "delete", contact.pk), {"post": "yes"})
    client.force_login(publisher)

    reject(client, contact.trial)

    assert Contact.objects.filter(pk=contact.pk).exists()
    client.logout()
    assert [c["name"] for c in api(client, contact.trial)["contacts"]] == ["Dar-Ming Lai"]


def test_bulk_deletion_deletes_a_drafts_rows_and_keeps_a_published_trials_for_review(
    client, editor
):
    published = ContactFactory(name="Published trial's")
    draft = ContactFactory(name="Draft trial's", trial__state=PublicationState.DRAFT)
    client.force_login(editor)

    response = client.post(
        admin_url(Contact, "changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [published.pk, draft.pk],
            "post": "yes",
        },
        follow=True,
    )

    assert told(response) == [
        "Deleted 1 contact. The deletion of 1 contact of published pages is kept for review: "
        "readers see it until a publisher approves."
    ]
    assert list(Contact.objects.values_list("name", flat=True)) == ["Published trial's"]
    proposed = Revision.objects.of(published.trial).get().changes["inlines"]["contacts"]
    assert proposed["deleted"] == [published.pk]


# Arms: their interventions are proposed too -------------------------------------------------


def test_an_arm_added_with_its_interventions_waits_and_previews(client, editor, publisher):
    given = TrialInterventionFactory(intervention__name_en="Teriparatide")
    trial = given.trial
    client.force_login(editor)
    url = admin_url(Arm, "add")
    data = change_form_data(client.get(url, {"trial": trial.pk}))

    client.post(
        url,
        data
        | {
            "trial": str(trial.pk),
            "label_en": "Teriparatide group",
            "kind": "experimental",
            "interventions": [str(given.pk)],
        },
    )

    assert not Arm.objects.exists()
    added = Revision.objects.of(trial).get().changes["inlines"]["arms"]["added"]
    assert [(row["label_en"], row["interventions"]) for row in added] == [
        ("Teriparatide group", [given.pk])
    ]
    preview = page(client, trial, preview=True)
    assert "Teriparatide group" in preview
    client.force_login(publisher)
    approve(client, trial)
    arm = Arm.objects.get()
    assert (arm.label_en, list(arm.interventions.all())) == ("Teriparatide group", [given])


# Every kind of row ---------------------------------------------------------------------------


def _arm(trial):
    return Arm.objects.create(trial=trial, label_en="Placebo group")


def _country(trial):
    return TrialCountry.objects.create(trial=trial, country="IT", authorisation="Authorised")


def _results(trial):
    return TrialResults.objects.create(trial=trial, baseline_population="All randomised.")


def _group(trial):
    return ResultGroup.objects.create(trial=trial, module=ResultModule.BASELINE, title_en="All")


def _outcome_result(trial):
    return OutcomeResult.objects.create(trial=trial, kind=OutcomeKind.PRIMARY, title_en="Pain")


# (model, how to make one of a trial, the field changed, its new value, the relation)
ROWS = [
    (Outcome, lambda trial: OutcomeFactory(trial=trial), "measure_en", "Changed", "outcomes"),
    (Site, lambda trial: SiteFactory(trial=trial), "facility", "Changed", "sites"),
    (Contact, lambda trial: ContactFactory(trial=trial), "name", "Changed", "contacts"),
    (Arm, _arm, "label_en", "Changed", "arms"),
    (
        TrialIdentifier,
        lambda trial: TrialIdentifierFactory(trial=trial),
        "value",
        "ISRCTN99999999",
        "identifiers",
    ),
    (
        TrialIntervention,
        lambda trial: TrialInterventionFactory(trial=trial),
        "description_en",
        "Changed",
        "trial_interventions",
    ),
    (TrialCountry, _country, "authorisation", "Changed", "countries"),
    (TrialResults, _results, "baseline_population_en", "Changed", "results"),
    (ResultGroup, _group, "title_en", "Changed", "result_groups"),
    (OutcomeResult, _outcome_result, "title_en", "Changed", "outcome_results"),
]


@pytest.mark.parametrize(
    ("model", "make", "field", "value", "relation"), ROWS, ids=[row[0].__name__ for row in ROWS]
)
def test_every_kind_of_row_waits_for_review_and_is_applied_on_approval(
    client, editor, publisher, model, make, field, value, relation
):
    trial = TrialFactory()
    row = make(trial)
    before = getattr(row, field)
    client.force_login(editor)

    response = edit(client, row, **{field: value})

    assert response.status_code == 200
    assert getattr(model.objects.get(pk=row.pk), field) == before
    changes = Revision.objects.of(trial).get().changes["inlines"][relation]["changed"]
    assert changes == {str(row.pk): {field: value}}
    client.force_login(publisher)
    approve(client, trial)
    assert getattr(model.objects.get(pk=row.pk), field) == value


def test_translator_translation_of_a_published_trials_result_waits(client, publisher):
    group = _group(TrialFactory())
    client.force_login(member_of(TRANSLATOR))

    edit(client, group, title_it="Tutti")

    group.refresh_from_db()
    assert group.title_it is None
    assert Revision.objects.get().changes["inlines"]["result_groups"]["changed"] == {
        str(group.pk): {"title_it": "Tutti"}
    }
    client.force_login(publisher)
    approve(client, group.trial)
    group.refresh_from_db()
    assert group.title_it == "Tutti"


def test_approving_says_which_proposed_row_changes_an_import_made_impossible(
    client, editor, publisher
):
    outcome = OutcomeFactory(measure_en="Bone healing at 12 weeks")
    trial = outcome.trial
    client.force_login(editor)
    edit(client, outcome, measure_en="Bone healing at 24 weeks")
    # A re-import of the registry record replaces the trial's outcomes meanwhile.
    outcome.delete()
    OutcomeFactory(trial=trial, measure_en="Bone healing at 12 weeks, as registered")

    client.force_login(publisher)
    assert told(approve(client, trial)) == [
        "The change is approved: readers now see it.",
        "1 proposed change to outcomes was not applied: that row is gone, replaced since by an "
        "import of the registry record.",
    ]
    assert [o.measure_en for o in trial.outcomes.all()] == [
        "Bone healing at 12 weeks, as registered"
    ]
    assert Revision.objects.of(trial).get().status == RevisionStatus.APPROVED


def test_an_approval_with_nothing_gone_says_only_that_it_is_approved(client, editor, publisher):
    outcome = OutcomeFactory(measure_en="Bone healing at 12 weeks")
    client.force_login(editor)
    edit(client, outcome, measure_en="Bone healing at 24 weeks")

    client.force_login(publisher)
    assert told(approve(client, outcome.trial)) == ["The change is approved: readers now see it."]
