"""Changes to published content by those who cannot publish wait for a publisher's review."""

import pytest
from django.contrib.messages import get_messages

from editorial.models import PublicationState, Revision, RevisionStatus
from editorial.roles import EDITOR, PUBLISHER, TRANSLATOR
from glossary.models import Term
from tests.factories import (
    ConditionFactory,
    InterventionFactory,
    SectionTextFactory,
    TermFactory,
    TrialFactory,
)
from trials.models import Intervention, SectionText, SummarySection, Trial

from .test_history import form_data
from .workflow_users import admin_url, change_form_data, member_of

pytestmark = pytest.mark.django_db

BANNER = "Preview: this page shows a change waiting for review"


@pytest.fixture
def editor(db):
    return member_of(EDITOR)


@pytest.fixture
def publisher(db):
    return member_of(PUBLISHER)


@pytest.fixture
def translator(db):
    return member_of(TRANSLATOR)


def edit(client, obj, **changes):
    """Post the object's admin change form as rendered, with `changes`."""
    url = admin_url(type(obj), "change", obj.pk)
    data = change_form_data(client.get(url)) | changes
    return client.post(url, data, follow=True)


def told(response):
    return [str(message) for message in get_messages(response.wsgi_request)] or [
        str(message) for message in response.context["messages"]
    ]


def review(client, obj, **data):
    return client.post(admin_url(type(obj), "review", obj.pk), data, follow=True)


# Proposing -----------------------------------------------------------------------------------


def test_editor_change_to_published_intervention_is_not_live(client, editor):
    intervention = InterventionFactory(name_en="Aspirin", description_en="A painkiller.")
    client.force_login(editor)

    response = edit(client, intervention, name_en="Aspirin tablets")

    intervention.refresh_from_db()
    assert intervention.name_en == "Aspirin"
    revision = Revision.objects.get()
    assert revision.changes == {"fields": {"name_en": "Aspirin tablets"}, "inlines": {}}
    assert (revision.created_by, revision.status) == (editor, RevisionStatus.PENDING)
    assert revision.content_object == intervention
    assert any("kept for review" in message for message in told(response))
    client.logout()
    page = client.get(f"/en/interventions/{intervention.slug}/")
    assert "Aspirin tablets" not in page.content.decode()
    api = client.get(f"/api/v1/interventions/{intervention.slug}/").json()
    assert api["name"] == "Aspirin"


def test_editor_change_to_a_draft_is_saved_at_once(client, editor):
    intervention = InterventionFactory(name_en="Aspirin", state=PublicationState.DRAFT)
    client.force_login(editor)

    edit(client, intervention, name_en="Aspirin tablets")

    intervention.refresh_from_db()
    assert intervention.name_en == "Aspirin tablets"
    assert not Revision.objects.exists()


def test_publisher_change_to_published_content_is_live(client, publisher):
    term = TermFactory(definition_en="Old.")
    client.force_login(publisher)

    edit(client, term, definition_en="New.")

    term.refresh_from_db()
    assert term.definition_en == "New."
    assert not Revision.objects.exists()


def test_editor_editing_again_updates_the_pending_revision(client, editor):
    intervention = InterventionFactory(name_en="Aspirin", description_en="A painkiller.")
    client.force_login(editor)
    edit(client, intervention, name_en="Aspirin tablets")
    url = admin_url(Intervention, "change", intervention.pk)

    form = client.get(url).context["adminform"].form
    assert form.initial["name_en"] == "Aspirin tablets"
    response = edit(client, intervention, description_en="A medicine for pain.")

    assert response.status_code == 200
    assert not response.context.get("errors")
    revision = Revision.objects.get()
    assert revision.changes["fields"] == {
        "name_en": "Aspirin tablets",
        "description_en": "A medicine for pain.",
    }


def test_changing_back_to_the_published_values_withdraws_the_revision(client, editor):
    intervention = InterventionFactory(name_en="Aspirin")
    client.force_login(editor)
    edit(client, intervention, name_en="Aspirin tablets")

    response = edit(client, intervention, name_en="Aspirin")

    assert not Revision.objects.exists()
    assert any("no change is waiting" in message for message in told(response))


def test_another_editor_builds_on_the_pending_revision(client, editor):
    intervention = InterventionFactory(name_en="Aspirin", description_en="Old.")
    client.force_login(editor)
    edit(client, intervention, name_en="Aspirin tablets")
    second = member_of(EDITOR, username="second")
    client.force_login(second)

    edit(client, intervention, description_en="New.")

    revision = Revision.objects.get()
    assert revision.changes["fields"] == {"name_en": "Aspirin tablets", "description_en": "New."}
    assert (revision.created_by, revision.updated_by) == (editor, second)


def test_translator_change_to_a_published_trial_waits_and_keeps_the_editors(
    client, editor, translator
):
    trial = TrialFactory(public_title_en="English title")
    client.force_login(editor)
    edit(client, trial, public_title_en="A better English title")
    client.force_login(translator)

    form = client.get(admin_url(Trial, "change", trial.pk)).context["adminform"].form
    assert "public_title_en" not in form.fields
    edit(client, trial, public_title_it="Titolo italiano", public_title_en="Not allowed")

    trial.refresh_from_db()
    assert (trial.public_title_en, trial.public_title_it) == ("English title", None)
    assert Revision.objects.get().changes["fields"] == {
        "public_title_en": "A better English title",
        "public_title_it": "Titolo italiano",
    }


def test_editor_section_texts_of_a_published_intervention_wait(client, editor):
    intervention = InterventionFactory()
    text = SectionTextFactory(
        intervention=intervention, section=SummarySection.OVERVIEW, text_en="Published text."
    )
    client.force_login(editor)

    edit(
        client,
        intervention,
        **{
            "section_texts-0-text_en": "Proposed text.",
            "section_texts-TOTAL_FORMS": "2",
            "section_texts-1-section": SummarySection.POPULATION,
            "section_texts-1-text_en": "A new section.",
        },
    )

    text.refresh_from_db()
    assert text.text_en == "Published text."
    assert SectionText.objects.count() == 1
    inline = Revision.objects.get().changes["inlines"]["section_texts"]
    assert inline["changed"] == {str(text.pk): {"text_en": "Proposed text."}}
    assert [row["text_en"] for row in inline["added"]] == ["A new section."]

    # Opened again, the form shows the proposed rows; saving it as it is changes nothing.
    page = client.get(admin_url(Intervention, "change", intervention.pk))
    formset = next(
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.prefix == "section_texts"
    )
    assert formset.forms[0]["text_en"].value() == "Proposed text."
    assert formset.forms[1]["text_en"].value() == "A new section."
    edit(client, intervention)
    assert Revision.objects.get().changes["inlines"]["section_texts"] == inline


def test_editor_deleting_a_section_text_of_a_published_page_waits(client, editor):
    intervention = InterventionFactory()
    text = SectionTextFactory(
        intervention=intervention, section=SummarySection.OVERVIEW, text_en="Published text."
    )
    client.force_login(editor)

    edit(client, intervention, **{"section_texts-0-DELETE": "on"})

    assert SectionText.objects.filter(pk=text.pk).exists()
    inline = Revision.objects.get().changes["inlines"]["section_texts"]
    assert inline["deleted"] == [text.pk]


def test_editor_conditions_of_a_published_trial_wait(client, editor):
    kept, proposed = ConditionFactory(), ConditionFactory()
    trial = TrialFactory(conditions=[kept])
    client.force_login(editor)

    edit(client, trial, conditions=[str(kept.pk), str(proposed.pk)])

    assert list(trial.conditions.all()) == [kept]
    assert Revision.objects.get().changes["fields"] == {
        "conditions": sorted([kept.pk, proposed.pk])
    }
    form = client.get(admin_url(Trial, "change", trial.pk)).context["adminform"].form
    assert sorted(form.initial["conditions"]) == sorted([kept.pk, proposed.pk])


def test_editor_revert_of_a_published_object_waits(client, editor):
    term = TermFactory(definition_en="First.")
    term.definition_en = "Second."
    term.save()
    first = term.history.order_by("history_id").first()
    client.force_login(editor)
    url = admin_url(Term, "simple_history", term.pk, first.history_id)
    data = form_data(client.get(url))

    client.post(url, data)

    term.refresh_from_db()
    assert term.definition_en == "Second."
    assert Revision.objects.get().changes["fields"] == {"definition_en": "First."}


def test_editor_cannot_delete_published_content(client, editor):
    term = TermFactory()
    client.force_login(editor)

    page = client.get(admin_url(Term, "delete", term.pk))
    client.post(
        admin_url(Term, "changelist"),
        {"action": "delete_selected", "_selected_action": [term.pk], "post": "yes"},
    )

    assert page.status_code == 403
    assert Term.objects.filter(pk=term.pk).exists()


# What the admin shows ------------------------------------------------------------------------


def test_list_shows_and_filters_what_waits_for_review(client, editor, publisher):
    waiting, other = InterventionFactory(name_en="Waiting"), InterventionFactory(name_en="Other")
    client.force_login(editor)
    edit(client, waiting, name_en="Waiting, changed")
    client.force_login(publisher)

    response = client.get(admin_url(Intervention, "changelist"), {"pending_change": "yes"})

    assert list(response.context["cl"].result_list) == [waiting]
    assert other.pk not in [obj.pk for obj in response.context["cl"].result_list]


def test_publisher_form_says_a_change_waits_and_links_to_its_review(client, editor, publisher):
    intervention = InterventionFactory(name_en="Aspirin")
    client.force_login(editor)
    edit(client, intervention, name_en="Aspirin tablets")
    client.force_login(publisher)

    page = client.get(admin_url(Intervention, "change", intervention.pk))

    text = page.content.decode()
    assert "is waiting for review" in text
    assert admin_url(Intervention, "review", intervention.pk) in text
    assert page.context["adminform"].form.initial["name_en"] == "Aspirin"


def test_review_page_shows_published_and_proposed(client, editor, publisher):
    intervention = InterventionFactory(name_en="Aspirin")
    client.force_login(editor)
    edit(client, intervention, name_en="Aspirin tablets")
    client.force_login(publisher)

    page = client.get(admin_url(Intervention, "review", intervention.pk))

    assert page.status_code == 200
    assert ("name [en]", "Aspirin", "Aspirin tablets") in page.context["changes"]


# Previews ------------------------------------------------------------------------------------


def test_preview_shows_the_pending_version_and_readers_the_published(client, editor):
    intervention = InterventionFactory(name_en="Aspirin")
    SectionTextFactory(
        intervention=intervention, section=SummarySection.OVERVIEW, text_en="Published words."
    )
    client.force_login(editor)
    edit(client, intervention, name_en="Aspirin tablets", **{"section_texts-0-text_en": "New."})
    path = f"/en/interventions/{intervention.slug}/"

    preview = client.get(f"{path}?preview=1").content.decode()
    assert "Aspirin tablets" in preview
    assert "New." in preview
    assert BANNER in preview
    client.logout()
    public = client.get(path).content.decode()
    assert "Aspirin tablets" not in public
    assert "Published words." in public
    assert BANNER not in public


def test_preview_of_a_pending_trial_title(client, editor):
    trial = TrialFactory(public_title_en="Published title")
    client.force_login(editor)
    edit(client, trial, public_title_en="Proposed title")

    preview = client.get(f"/en/trials/{trial.primary_identifier}/?preview=1").content.decode()

    assert "Proposed title" in preview
    client.logout()
    assert (
        "Proposed title"
        not in client.get(f"/en/trials/{trial.primary_identifier}/").content.decode()
    )


# Deciding ------------------------------------------------------------------------------------


def test_publisher_approves_and_history_names_the_approver(client, editor, publisher):
    intervention = InterventionFactory(name_en="Aspirin")
    text = SectionTextFactory(
        intervention=intervention, section=SummarySection.OVERVIEW, text_en="Published text."
    )
    client.force_login(editor)
    edit(client, intervention, name_en="Aspirin tablets", **{"section_texts-0-text_en": "New."})
    client.force_login(publisher)

    response = review(client, intervention, decision="approve")

    assert told(response) == ["The change is approved: readers now see it."]
    intervention.refresh_from_db()
    text.refresh_from_db()
    assert (intervention.name_en, text.text_en) == ("Aspirin tablets", "New.")
    assert intervention.state == PublicationState.PUBLISHED
    latest = intervention.history.first()
    assert latest.history_user == publisher
    assert "Approved the change proposed by editor" in latest.history_change_reason
    assert text.history.first().history_user == publisher
    revision = Revision.objects.get()
    assert (revision.status, revision.decided_by) == (RevisionStatus.APPROVED, publisher)
    client.logout()
    assert (
        "Aspirin tablets" in client.get(f"/en/interventions/{intervention.slug}/").content.decode()
    )


def test_approving_adds_and_deletes_rows(client, editor, publisher):
    intervention = InterventionFactory()
    gone = SectionTextFactory(intervention=intervention, section=SummarySection.OVERVIEW)
    client.force_login(editor)
    edit(
        client,
        intervention,
        **{
            "section_texts-0-DELETE": "on",
            "section_texts-TOTAL_FORMS": "2",
            "section_texts-1-section": SummarySection.POPULATION,
            "section_texts-1-text_en": "Added.",
        },
    )
    client.force_login(publisher)

    review(client, intervention, decision="approve")

    assert not SectionText.objects.filter(pk=gone.pk).exists()
    assert list(intervention.section_texts.values_list("section", "text_en")) == [
        (SummarySection.POPULATION, "Added.")
    ]


def test_publisher_rejects_with_a_reason_that_the_editor_reads(client, editor, publisher):
    intervention = InterventionFactory(name_en="Aspirin")
    client.force_login(editor)
    edit(client, intervention, name_en="Aspirin tablets")
    client.force_login(publisher)

    review(client, intervention, decision="reject", reason="Keep the generic name.")

    intervention.refresh_from_db()
    assert intervention.name_en == "Aspirin"
    revision = Revision.objects.get()
    assert (revision.status, revision.reason) == (RevisionStatus.REJECTED, "Keep the generic name.")
    client.force_login(editor)
    page = client.get(admin_url(Intervention, "change", intervention.pk))
    assert "Keep the generic name." in page.content.decode()
    assert page.context["adminform"].form.initial["name_en"] == "Aspirin"


def test_rejecting_without_a_reason_is_refused(client, editor, publisher):
    intervention = InterventionFactory(name_en="Aspirin")
    client.force_login(editor)
    edit(client, intervention, name_en="Aspirin tablets")
    client.force_login(publisher)

    response = review(client, intervention, decision="reject", reason="  ")

    assert any("Say why the change is rejected" in message for message in told(response))
    assert Revision.objects.get().status == RevisionStatus.PENDING


def test_reviewing_when_nothing_waits_says_so(client, publisher):
    intervention = InterventionFactory()
    client.force_login(publisher)

    response = review(client, intervention, decision="approve")

    assert any("No change of this intervention is waiting" in m for m in told(response))


def test_approving_a_change_that_no_longer_fits_is_refused(client, editor, publisher):
    intervention = InterventionFactory()
    client.force_login(editor)
    edit(
        client,
        intervention,
        **{
            "section_texts-TOTAL_FORMS": "1",
            "section_texts-0-section": SummarySection.OVERVIEW,
            "section_texts-0-text_en": "Proposed.",
        },
    )
    SectionTextFactory(intervention=intervention, section=SummarySection.OVERVIEW)
    client.force_login(publisher)

    response = review(client, intervention, decision="approve")

    assert any("cannot be applied" in message for message in told(response))
    assert Revision.objects.get().status == RevisionStatus.PENDING
    assert intervention.section_texts.count() == 1


def test_bulk_approval_says_why_it_approved_nothing(client, publisher):
    intervention = InterventionFactory()
    client.force_login(publisher)

    response = client.post(
        admin_url(Intervention, "changelist"),
        {"action": "approve_revisions_selected", "_selected_action": [intervention.pk]},
        follow=True,
    )

    assert told(response) == [
        "Approved the changes of 0 interventions: 1 has no change waiting for review."
    ]


# Every workflow action says why it did nothing -----------------------------------------------


def run_action(client, model, action, objects):
    response = client.post(
        admin_url(model, "changelist"),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
        follow=True,
    )
    return told(response)


def test_send_to_review_of_published_interventions_says_why(client, editor):
    published = InterventionFactory.create_batch(2)
    client.force_login(editor)

    assert run_action(client, Intervention, "send_to_review_selected", published) == [
        "Sent 0 interventions to review: 2 are already published: edit them to propose a change."
    ]


@pytest.mark.parametrize(
    ("action", "state", "message"),
    [
        ("publish_selected", "published", "Published 0 glossary terms: 1 is already published."),
        (
            "unpublish_selected",
            "draft",
            "Unpublished 0 glossary terms: 1 is a draft, never published.",
        ),
        (
            "unpublish_selected",
            "in_review",
            "Unpublished 0 glossary terms: 1 is in review, not published yet.",
        ),
        (
            "unpublish_selected",
            "unpublished",
            "Unpublished 0 glossary terms: 1 is already unpublished.",
        ),
        (
            "send_to_review_selected",
            "in_review",
            "Sent 0 glossary terms to review: 1 is already in review.",
        ),
        (
            "return_to_draft_selected",
            "draft",
            "Returned 0 glossary terms to draft: 1 is already a draft.",
        ),
        (
            "return_to_draft_selected",
            "published",
            "Returned 0 glossary terms to draft: 1 is published: unpublish it first.",
        ),
        (
            "return_to_draft_selected",
            "unpublished",
            "Returned 0 glossary terms to draft: 1 is unpublished: send it to review to "
            "publish it again.",
        ),
    ],
)
def test_every_action_that_moves_nothing_says_why(client, publisher, action, state, message):
    term = TermFactory(state=state)
    client.force_login(publisher)

    assert run_action(client, Term, action, [term]) == [message]


def test_action_that_moves_some_names_the_others(client, publisher):
    draft, published = TermFactory(state="draft"), TermFactory()
    client.force_login(publisher)

    assert run_action(client, Term, "publish_selected", [draft, published]) == [
        "Published 1 glossary term: 1 is already published."
    ]
