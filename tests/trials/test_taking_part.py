"""“How to take part”, against real records: a recruiting trial says so and names its
recruiting sites as the record gives them, lists the basics a reader can check (never that
they qualify) and the questions to ask; a closed one says it is closed and points to recruiting
trials of its conditions. The API carries the same section, with its lists and links."""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import ConditionFactory, TrialFactory
from trials.importers.sources import iter_source_items
from trials.importers.writer import import_items
from trials.labels import sites_by_country
from trials.models import RecruitmentStatus, Trial
from trials.summary import build_trial_summary

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[1] / "fixtures"


def imported(name):
    path = next(FIXTURES.glob(f"*/{name}.json"))
    report = import_items(iter_source_items([str(path)]), publish=True)
    assert report.failed == 0, report.failures
    record = json.loads(path.read_text(encoding="utf-8"))
    return record, Trial.objects.for_summary().get(primary_identifier=name)


def taking_part(trial, language="en"):
    summary = build_trial_summary(trial, language)
    [section] = [s for s in summary.sections if s.key == "taking_part"]
    return section


def texts(section):
    return [[line.text for line in paragraph.sentences] for paragraph in section.paragraphs]


def test_a_recruiting_trial_names_its_recruiting_sites_as_the_record_gives_them():
    record, trial = imported("NCT05816382")
    locations = record["protocolSection"]["contactsLocationsModule"]["locations"]
    recruiting = [place for place in locations if place.get("status") == "RECRUITING"]
    assert 0 < len(recruiting) < len(locations)

    [status_and_places, *_rest] = texts(taking_part(trial))

    assert status_and_places[0] == (
        "The registry gives the trial's status as “Recruiting”: it is looking for participants."
    )
    places = status_and_places[2]
    assert places.startswith(f"The registry lists {len(recruiting)} sites that are recruiting: ")
    recruiting_sites = [site for site in trial.sites.all() if site.status == "recruiting"]
    first_country, first_sites = sites_by_country(recruiting_sites)[0]
    assert f"{first_country} ({first_sites[0].city}" in places
    for city in {place["city"] for place in locations if place.get("status") != "RECRUITING"}:
        if city not in {place["city"] for place in recruiting}:
            assert city not in places
    assert places.endswith("and other countries.")


def test_a_recruiting_trial_lists_the_basics_to_check_and_never_says_a_reader_qualifies():
    record, trial = imported("NCT05803083")
    eligibility = record["protocolSection"]["eligibilityModule"]
    assert (eligibility["minimumAge"], eligibility["maximumAge"]) == ("30 Years", "60 Years")
    assert eligibility["sex"] == "FEMALE"

    section = taking_part(trial)
    lists = [p for p in section.paragraphs if p.is_list]
    checks, _contacts, questions = ([line.text for line in p.sentences] for p in lists)

    assert checks == ["You are aged between 30 years and 60 years.", "You are a woman."]
    assert all(line.sources for p in lists[:1] for line in p.sentences)
    assert len(questions) == 4 and all(q.endswith("?") for q in questions)
    words = " ".join(line for paragraph in texts(section) for line in paragraph)
    assert "only the study team can say whether you can" in words
    assert "you are eligible" not in words.casefold() and "you qualify" not in words.casefold()


def test_a_ctis_trial_checks_the_age_groups_its_record_gives():
    _record, trial = imported("2022-501142-30-00")
    assert trial.is_recruiting and trial.sex == "female"

    checks = next(p for p in taking_part(trial).paragraphs if p.is_list)

    assert [line.text for line in checks.sentences] == [
        "You are in the age group the registry gives: 18 to 64 years.",
        "You are a woman.",
        "You would not take part as a healthy volunteer: the trial does not take them.",
    ]
    [places] = [t for t in texts(taking_part(trial))[0] if t.startswith("The registry lists")]
    assert places.startswith(
        "The registry lists 5 sites, without saying which are recruiting: France ("
    )


def test_a_closed_trial_says_it_takes_no_one_and_points_to_recruiting_trials_of_its_condition():
    _record, trial = imported("NCT00162175")
    condition = trial.conditions.first()
    recruiting = TrialFactory(
        primary_identifier="NCT09999991",
        public_title_en="A recruiting study",
        status=RecruitmentStatus.RECRUITING,
    )
    recruiting.conditions.add(condition)
    closed = TrialFactory(primary_identifier="NCT09999992", status=RecruitmentStatus.COMPLETED)
    closed.conditions.add(condition)
    TrialFactory(primary_identifier="NCT09999993", status=RecruitmentStatus.RECRUITING)
    trial = Trial.objects.for_summary().get(pk=trial.pk)

    section = taking_part(trial)

    assert texts(section) == [
        [
            "The registry gives the trial's status as “Completed”: it is not recruiting "
            "participants."
        ],
        [
            "A trial of the same condition is recruiting, according to its registry record: "
            "A recruiting study."
        ],
    ]
    [link] = section.paragraphs[1].sentences[0].links
    assert link[0] == reverse("trial_detail", kwargs={"identifier": "NCT09999991"})
    assert not any(p.is_list for p in section.paragraphs)


def test_the_section_is_in_italian_and_in_the_api(client):
    _record, trial = imported("NCT05803083")

    italian = texts(taking_part(trial, "it"))
    assert italian[0][0].startswith("Il registro indica come stato della sperimentazione")

    response = client.get(f"/api/v1/trials/{trial.primary_identifier}/summary/?lang=it")
    assert response.status_code == 200
    [section] = [s for s in response.json()["sections"] if s["key"] == "taking_part"]
    # Status and places, the basics to check, whom to contact, the questions.
    assert [p["is_list"] for p in section["paragraphs"]] == [
        *(False, False, True, False),
        *(False, True, False),
        *(False, True),
    ]
    assert section["paragraphs"][0]["sentences"][0]["text"] == italian[0][0]


def test_the_trial_page_shows_the_lists_and_the_links(client):
    _record, trial = imported("NCT00162175")
    other = TrialFactory(primary_identifier="NCT09999991", status=RecruitmentStatus.RECRUITING)
    other.conditions.add(trial.conditions.first())

    page = client.get(trial.get_absolute_url()).content.decode()
    assert 'id="taking_part-heading">How to take part</h2>' in page
    assert 'href="/en/trials/NCT09999991/"' in page

    _record, recruiting = imported("NCT05803083")
    page = client.get(recruiting.get_absolute_url()).content.decode()
    assert '<ul class="sentence-list"><li>You are aged between 30 years and 60 years.' in page


def test_an_intervention_page_says_where_its_recruiting_trials_recruit(client):
    _record, trial = imported("NCT05803083")
    intervention = trial.interventions.first()

    response = client.get(intervention.get_absolute_url())

    page = response.content.decode()
    assert "How to take part" in page
    assert "The registry lists 1 site that is recruiting: Japan (Taito-ku)." in page
    assert "You are a woman." not in page


def test_only_published_recruiting_trials_of_the_conditions_are_pointed_to():
    condition = ConditionFactory()
    closed = TrialFactory(status=RecruitmentStatus.COMPLETED)
    closed.conditions.add(condition)
    draft = TrialFactory(status=RecruitmentStatus.RECRUITING, state="draft")
    draft.conditions.add(condition)
    shown = TrialFactory(status=RecruitmentStatus.RECRUITING, start_date="2024")
    newer = TrialFactory(status=RecruitmentStatus.RECRUITING, start_date="2025")
    for trial in (shown, newer):
        trial.conditions.add(condition)

    assert Trial.objects.recruiting_like(closed) == [newer, shown]
    assert Trial.objects.recruiting_like(TrialFactory()) == []
