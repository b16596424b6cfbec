"""Change notes: what an import changes in a published trial, noted as data by the writer and
said in words on the trial's page, in the feeds of changes and in the API, against a real
record (NCT02210780) imported first as an edited copy (recruiting, without results) and then
as the registry gives it."""

import copy
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.pages import read
from tests.trials.test_import import edited_copy, run_import
from trials.models import ChangeKind, Trial, TrialChange, TrialIntervention

pytestmark = pytest.mark.django_db

IDENTIFIER = "NCT02210780"
HOSTILE = "<script>alert(1)</script> & Co"


def earlier_version(record):
    """The record as it could have been before: recruiting, without results, expecting 200
    people and its primary completion in December 2015, its last site (Seattle) not listed
    yet and its first (Birmingham) recruiting."""
    del record["resultsSection"]
    record["hasResults"] = False
    status = record["protocolSection"]["statusModule"]
    status["overallStatus"] = "RECRUITING"
    status.pop("resultsFirstPostDateStruct", None)
    status["primaryCompletionDateStruct"] = {"date": "2015-12", "type": "ESTIMATED"}
    record["protocolSection"]["designModule"]["enrollmentInfo"] = {
        "count": 200,
        "type": "ESTIMATED",
    }
    locations = record["protocolSection"]["contactsLocationsModule"]["locations"]
    del locations[-1]
    locations[0]["status"] = "RECRUITING"


def imported_twice(tmp_path, edit_real=None):
    """The earlier version imported, then the real record (edited by `edit_real`)."""
    code, out, _err = run_import(
        edited_copy(tmp_path / "before", f"{IDENTIFIER}.json", earlier_version)
    )
    assert code == 0, out
    assert TrialChange.objects.count() == 0  # a trial's first import notes nothing
    code, out, _err = run_import(
        edited_copy(tmp_path / "after", f"{IDENTIFIER}.json", edit_real or (lambda record: None))
    )
    assert code == 0, out
    assert "1 updated" in out
    return Trial.objects.get(primary_identifier=IDENTIFIER)


ENGLISH_NOTES = [
    "The status changed from “Recruiting” to “Completed”.",
    "The registry now gives the actual number of participants: 194 (it expected 200).",
    "The actual date of the last data for the main outcome is now given: 15 September 2015 "
    "(the expected date was December 2015).",
    "A study site was added: Seattle, United States of America.",
    "A study site stopped recruiting: Birmingham, United States of America.",
    "Countries where the study no longer recruits: United States of America.",
    "The registry posted the study's results on 7 May 2020.",
]


def test_the_writer_notes_each_change_as_data(tmp_path):
    trial = imported_twice(tmp_path)

    changes = {change.kind: change for change in trial.changes.all()}

    assert sorted(changes) == sorted(
        [
            ChangeKind.STATUS,
            ChangeKind.ENROLLMENT,
            ChangeKind.PRIMARY_COMPLETION_DATE,
            ChangeKind.SITES_ADDED,
            ChangeKind.SITES_CLOSED,
            ChangeKind.COUNTRIES_CLOSED,
            ChangeKind.RESULTS_POSTED,
        ]
    )
    assert changes[ChangeKind.STATUS].before == {"status": "recruiting", "code": None}
    assert changes[ChangeKind.STATUS].after == {"status": "completed", "code": None}
    assert changes[ChangeKind.ENROLLMENT].before == {"count": 200, "type": "planned"}
    assert changes[ChangeKind.ENROLLMENT].after == {"count": 194, "type": "actual"}
    assert changes[ChangeKind.PRIMARY_COMPLETION_DATE].after == {
        "date": "2015-09-15",
        "type": "actual",
    }
    assert changes[ChangeKind.SITES_ADDED].after == {
        "count": 1,
        "sites": [["US", "Seattle", ""]],
    }
    assert changes[ChangeKind.RESULTS_POSTED].after == {"first_posted": "2020-05-07"}
    assert {change.changed_at for change in changes.values()} == {trial.last_synced_at}


def test_the_same_record_imported_again_notes_nothing_more(tmp_path):
    imported_twice(tmp_path)
    count = TrialChange.objects.count()

    code, _out, _err = run_import(tmp_path / "after")

    assert code == 0
    assert TrialChange.objects.count() == count


def test_a_draft_trial_s_changes_are_not_noted(tmp_path):
    run_import(edited_copy(tmp_path / "before", f"{IDENTIFIER}.json", earlier_version))
    Trial.objects.filter(primary_identifier=IDENTIFIER).update(state="draft")

    run_import(edited_copy(tmp_path / "after", f"{IDENTIFIER}.json", lambda record: None))

    assert TrialChange.objects.count() == 0


def changes_on_page(client, language):
    response = client.get(f"/{language}/trials/{IDENTIFIER}/")
    assert response.status_code == 200
    content = response.content.decode()
    start = content.index('id="recent-changes"')
    return content, read(response).text, content[start : content.index("</ol>", start)]


def test_the_trial_page_lists_its_recent_changes_and_when_its_record_was_checked(client, tmp_path):
    trial = imported_twice(tmp_path)

    _content, text, changes = changes_on_page(client, "en")

    for note in ENGLISH_NOTES:
        assert note in text
    today = timezone.localdate(trial.last_synced_at)
    assert changes.count("<li>") == len(ENGLISH_NOTES)
    assert f'<time datetime="{today:%Y-%m-%d}">' in changes
    assert f"The registry record was last checked on {today.day} {today:%B %Y}." in text


def test_the_italian_page_names_statuses_dates_and_countries_in_italian(client, tmp_path):
    imported_twice(tmp_path)

    _content, text, changes = changes_on_page(client, "it")

    assert "“In arruolamento”" in text and "“Concluso”" in text
    assert "15 settembre 2015" in text and "dicembre 2015" in text
    assert "7 maggio 2020" in text
    assert "Seattle, Stati Uniti d'America" in text
    assert "United States" not in changes


def test_a_site_s_name_is_escaped_on_the_page_and_in_the_feed(client, tmp_path):
    def hostile_site(record):
        record["protocolSection"]["contactsLocationsModule"]["locations"][-1]["facility"] = HOSTILE

    trial = imported_twice(tmp_path, hostile_site)
    slug = TrialIntervention.objects.filter(trial=trial).first().intervention.slug

    content, _text, _changes = changes_on_page(client, "en")
    feed = client.get(f"/en/feeds/changes/interventions/{slug}/").content.decode()

    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in content
    assert "<script>" not in feed and "&lt;script&gt;" not in feed
    # Atom's summary is HTML: the name is escaped as text, then as XML.
    assert "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; &amp;amp; Co" in feed


def test_feeds_of_an_intervention_a_condition_and_a_country_list_the_changes(client, tmp_path):
    trial = imported_twice(tmp_path)
    intervention = TrialIntervention.objects.filter(trial=trial).first().intervention
    condition = trial.conditions.first()

    for url in (
        f"/en/feeds/changes/interventions/{intervention.slug}/",
        f"/en/feeds/changes/conditions/{condition.slug}/",
        "/en/feeds/changes/countries/US/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = response.content.decode()
        assert feed.count("<entry>") == len(ENGLISH_NOTES)
        assert "The status changed from “Recruiting” to “Completed”." in feed
        assert f"/en/trials/{IDENTIFIER}/#recent-changes" in feed
    italian = client.get("/it/feeds/changes/countries/US/").content.decode()
    assert "“Concluso”" in italian
    assert client.get("/en/feeds/changes/countries/XX/").status_code == 404
    assert client.get("/en/feeds/changes/countries/FR/").content.decode().count("<entry>") == 0


def test_pages_link_their_feed_of_changes(client, tmp_path):
    trial = imported_twice(tmp_path)
    intervention = TrialIntervention.objects.filter(trial=trial).first().intervention
    condition = trial.conditions.first()

    pages = {
        intervention.get_absolute_url(): f"/en/feeds/changes/interventions/{intervention.slug}/",
        condition.get_absolute_url(): f"/en/feeds/changes/conditions/{condition.slug}/",
        "/en/search/?country=US": "/en/feeds/changes/countries/US/",
    }
    for page, feed in pages.items():
        content = client.get(page).content.decode()
        assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in content, page


def test_the_api_gives_a_trial_s_changes_with_their_words(client, tmp_path):
    imported_twice(tmp_path)

    english = client.get(f"/api/v1/trials/{IDENTIFIER}/?lang=en").json()
    italian = client.get(f"/api/v1/trials/{IDENTIFIER}/?lang=it").json()

    assert sorted(change["sentence"]["text"] for change in english["changes"]) == sorted(
        ENGLISH_NOTES
    )
    [status] = [change for change in english["changes"] if change["kind"] == "status"]
    assert status["before"] == {"status": "recruiting", "code": None}
    assert status["sentence"]["sources"][0]["registry_paths"] == [
        "protocolSection.statusModule.overallStatus"
    ]
    [italian_status] = [change for change in italian["changes"] if change["kind"] == "status"]
    assert "“Concluso”" in italian_status["sentence"]["text"]


def test_the_api_lists_changes_since_a_date_and_of_an_intervention_condition_or_country(
    client, tmp_path
):
    trial = imported_twice(tmp_path)
    intervention = TrialIntervention.objects.filter(trial=trial).first().intervention
    today = timezone.localdate(trial.last_synced_at)

    def listed(query):
        response = client.get(f"/api/v1/changes/?lang=en&{query}")
        assert response.status_code == 200, response.content
        return response.json()

    everything = listed("")
    assert everything["count"] == len(ENGLISH_NOTES)
    first = everything["results"][0]
    assert first["identifier"] == IDENTIFIER
    assert first["html_url"].endswith(f"/trials/{IDENTIFIER}/")
    assert listed(f"updated_since={today:%Y-%m-%d}")["count"] == len(ENGLISH_NOTES)
    assert listed(f"updated_since={today + timedelta(days=1):%Y-%m-%d}")["count"] == 0
    assert listed(f"intervention={intervention.slug}")["count"] == len(ENGLISH_NOTES)
    assert listed("intervention=no-such-thing")["count"] == 0
    assert listed(f"condition={trial.conditions.first().slug}")["count"] == len(ENGLISH_NOTES)
    assert listed("country=US")["count"] == len(ENGLISH_NOTES)
    assert listed("country=FR")["count"] == 0


@pytest.mark.parametrize("value", ["", "%20", "yesterday", "2025-13-01"])
def test_an_empty_or_invalid_updated_since_is_a_400_that_says_what_to_give(client, value):
    response = client.get(f"/api/v1/changes/?updated_since={value}")

    assert response.status_code == 400
    assert response.json()["updated_since"] == ["Enter a date as YYYY-MM-DD, such as 2025-01-31."]


def test_draft_trials_changes_are_not_listed(client, tmp_path):
    imported_twice(tmp_path)
    Trial.objects.update(state="draft")

    assert client.get("/api/v1/changes/").json()["count"] == 0


# Query counts ----------------------------------------------------------------------------------


def with_changes(trial, count):
    TrialChange.objects.filter(trial=trial).delete()
    base = TrialChange(
        trial=trial,
        changed_at=timezone.now(),
        kind=ChangeKind.STATUS,
        before={"status": "recruiting", "code": None},
        after={"status": "completed", "code": None},
    )
    TrialChange.objects.bulk_create(
        [
            copy.copy(base)
            if index % 2
            else TrialChange(
                trial=trial,
                changed_at=timezone.now() - timedelta(days=index),
                kind=ChangeKind.SITES_ADDED,
                after={"count": 1, "sites": [["US", "Seattle", "Clinic"]]},
            )
            for index in range(count)
        ]
    )


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        f"/en/trials/{IDENTIFIER}/",
        f"/api/v1/trials/{IDENTIFIER}/",
        "/api/v1/changes/",
        "/api/v1/changes/?country=US&updated_since=2020-01-01",
        "/en/feeds/changes/countries/US/",
    ],
)
def test_queries_do_not_grow_with_the_changes(client, tmp_path, url):
    run_import(edited_copy(tmp_path, f"{IDENTIFIER}.json", lambda record: None))
    trial = Trial.objects.get(primary_identifier=IDENTIFIER)
    with_changes(trial, 1)
    one = queries(client, url)
    with_changes(trial, 30)
    many = queries(client, url)

    assert many == one
