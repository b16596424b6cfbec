"""Pages of interventions and conditions with many trials: their facts from the statistics,
a few trials described, the rest in a paginated, filterable table; size and queries bounded."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from results.models import OutcomeResult, ResultGroup, TrialResults
from tests.factories import (
    ConditionFactory,
    InterventionFactory,
    SiteFactory,
    TrialFactory,
    TrialInterventionFactory,
)
from tests.pages import read
from trials.listing import PER_PAGE
from trials.models import FEATURED_TRIALS, Intervention, Phase, RecruitmentStatus
from trials.summary import build_intervention_summary

pytestmark = pytest.mark.django_db

STATUSES = [
    RecruitmentStatus.COMPLETED,
    RecruitmentStatus.RECRUITING,
    RecruitmentStatus.TERMINATED,
    RecruitmentStatus.ACTIVE_NOT_RECRUITING,
]
PHASES = [Phase.PHASE2, Phase.PHASE3, ""]
COUNTRIES = ["IT", "FR", "DE", "US", "JP"]


def make_trials(intervention, condition, count, first=0):
    trials = []
    for number in range(first, first + count):
        trial = TrialFactory(
            primary_identifier=f"NCT{number:08d}",
            status=STATUSES[number % len(STATUSES)],
            phase=PHASES[number % len(PHASES)],
            start_date=f"{2000 + number % 25}-{1 + number % 12:02d}",
            conditions=[condition],
        )
        TrialInterventionFactory(trial=trial, intervention=intervention)
        SiteFactory(trial=trial, country=COUNTRIES[number % len(COUNTRIES)])
        trials.append(trial)
    return trials


@pytest.fixture
def popular(django_capture_on_commit_callbacks):
    intervention = InterventionFactory(name_en="Popularmab", slug="popularmab")
    condition = ConditionFactory(name_en="Common illness", slug="common-illness")
    with django_capture_on_commit_callbacks(execute=True):
        trials = make_trials(intervention, condition, 60)
    intervention.refresh_from_db()
    condition.refresh_from_db()
    return intervention, condition, trials


def introduction_sentences(summary):
    return [line for paragraph in summary.introduction.paragraphs for line in paragraph.sentences]


def expected_order(trials):
    """Looking for participants first, then the latest to start."""
    recruiting = [t for t in trials if t.status == RecruitmentStatus.RECRUITING]
    others = [t for t in trials if t.status != RecruitmentStatus.RECRUITING]
    by_start = lambda group: sorted(group, key=lambda t: (t.start_date, -t.pk), reverse=True)  # noqa: E731
    return [t.primary_identifier for t in by_start(recruiting) + by_start(others)]


def test_the_page_describes_the_most_relevant_trials_and_states_all_in_figures(popular):
    intervention, _condition, trials = popular
    summary = build_intervention_summary(Intervention.objects.for_summary().get(), "en")

    featured = expected_order(trials)[:FEATURED_TRIALS]
    assert [reference.identifier for reference in summary.references] == featured
    opening = " ".join(line.text for line in introduction_sentences(summary))
    assert "The registries list Popularmab in 60 clinical studies." in opening
    assert "It is a treatment under study in 60 of them." in opening
    assert "15 are looking for participants" in opening
    assert "15 have ended" in opening and "15 stopped early" in opening
    assert "20 in Phase 2, 20 in Phase 3 and 20 with no phase given" in opening
    assert "from January 2000 to " in opening
    assert "in 5 countries, most often Germany (12 trials)" in opening
    assert "The conditions they study most often are Common illness (60 trials)." in opening
    assert "This page describes the 5 most relevant of them" in opening
    for line in introduction_sentences(summary):
        if any(source.field.startswith("Intervention.") for source in line.sources):
            assert line.cites == (), line.text
    labelled = {
        paragraph.trial for section in summary.sections for paragraph in section.paragraphs
    } - {None}
    assert labelled <= set(featured)


def test_the_table_lists_every_trial_a_page_at_a_time(client, popular):
    _intervention, _condition, trials = popular
    url = "/en/interventions/popularmab/"

    first, second, third = (read(client.get(f"{url}?page={n}")) for n in (1, 2, 3))

    order = expected_order(trials)
    rows = [
        row[0]
        for page in (first, second, third)
        for row in page.rows
        if row and row[0].startswith("NCT")
    ]
    assert rows == order
    assert len([row for row in first.rows if row and row[0].startswith("NCT")]) == PER_PAGE
    assert "60 trials" in first.text
    assert ("?page=2#trials", "Next") in first.links


@pytest.mark.parametrize(
    ("query", "keep"),
    [
        ("status=recruiting", lambda t: t.status == RecruitmentStatus.RECRUITING),
        ("phase=phase3", lambda t: t.phase == Phase.PHASE3),
        ("country=JP", lambda t: int(t.primary_identifier[3:]) % 5 == 4),
        (
            "status=completed&phase=phase2",
            lambda t: t.status == "completed" and t.phase == "phase2",
        ),
    ],
)
def test_the_table_filters_by_status_phase_and_country(client, popular, query, keep):
    intervention, condition, trials = popular
    for url in (intervention.get_absolute_url(), condition.get_absolute_url()):
        page = read(client.get(f"{url}?{query}"))
        listed = [row[0] for row in page.rows if row and row[0].startswith("NCT")]
        expected = [
            identifier
            for identifier in expected_order(trials)
            if keep(next(t for t in trials if t.primary_identifier == identifier))
        ]
        assert listed == expected[:PER_PAGE], (url, query)


def test_an_unknown_filter_value_filters_nothing(client, popular):
    page = read(client.get("/en/interventions/popularmab/?status=nonsense&country=XX"))
    assert "60 trials" in page.text


def test_the_filters_offer_the_values_of_its_trials_with_their_counts(client, popular):
    html = client.get("/en/interventions/popularmab/").content.decode()
    assert re.search(r'<option value="JP">Japan \(12\)</option>', html)
    assert re.search(r'<option value="phase3">Phase 3 \(20\)</option>', html)
    assert re.search(r'<option value="recruiting">Recruiting \(15\)</option>', html)


def test_json_ld_names_only_the_trials_the_page_describes(client, popular):
    html = client.get("/en/interventions/popularmab/").content.decode()
    [data] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(json.loads(data)["subjectOf"]) == FEATURED_TRIALS


def page_cost(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries), len(response.content)


def test_size_and_queries_do_not_grow_with_the_trials(
    client, popular, django_capture_on_commit_callbacks
):
    intervention, condition, _trials = popular
    urls = [intervention.get_absolute_url(), condition.get_absolute_url()]
    before = [page_cost(client, url) for url in urls]
    with django_capture_on_commit_callbacks(execute=True):
        make_trials(intervention, condition, 60, first=1000)

    after = [page_cost(client, url) for url in urls]

    for (queries, size), (queries_after, size_after) in zip(before, after, strict=True):
        assert queries_after == queries
        assert size_after < size * 1.05
    assert "120 clinical studies" in client.get(urls[0]).content.decode()


def test_the_condition_page_names_the_treatments_it_studies_most(client, popular):
    page = read(client.get("/en/conditions/common-illness/"))
    assert "Popularmab (60 trials)" in page.text
    assert "60 trials" in page.text


def test_trials_to_which_no_phase_applies_are_not_called_a_phase(
    django_capture_on_commit_callbacks,
):
    intervention = InterventionFactory(name_en="Devicemab")
    with django_capture_on_commit_callbacks(execute=True):
        for number, phase in enumerate([Phase.PHASE2] + [Phase.NOT_APPLICABLE] * 6):
            trial = TrialFactory(primary_identifier=f"NCT{number:08d}", phase=phase)
            TrialInterventionFactory(trial=trial, intervention=intervention)

    summary = build_intervention_summary(Intervention.objects.for_summary().get(), "en")

    opening = " ".join(line.text for line in introduction_sentences(summary))
    assert (
        "By phase, as their registries give it: 1 in Phase 2 and 6 to which no phase applies."
        in opening
    )
    assert "in Not applicable" not in opening


def post_results(trials, first_day=1):
    """Results for these trials as an import writes them: a primary outcome with a value per
    group and the serious adverse events of each group, posted a day apart."""
    for offset, trial in enumerate(trials):
        TrialResults.objects.create(trial=trial, first_posted=f"2020-01-{first_day + offset:02d}")
        OutcomeResult.objects.create(
            trial=trial,
            kind="primary",
            title_en="Pain score at week 12",
            unit_en="points",
            param_type="MEAN",
            groups=[{"id": "OG000", "title": "Popularmab", "analysed": 40}],
            measurements=[{"group": "OG000", "value": "3.5"}],
        )
        ResultGroup.objects.create(
            trial=trial,
            module="adverse_events",
            title_en="Popularmab",
            serious_affected=2,
            serious_at_risk=40,
        )


def test_the_trials_with_results_cost_the_same_queries_however_many_they_are(
    client, popular, django_capture_on_commit_callbacks
):
    intervention, _condition, trials = popular
    url = intervention.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        post_results(trials[:2])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)

    with django_capture_on_commit_callbacks(execute=True):
        post_results(trials[2:30], first_day=3)
    with CaptureQueriesContext(connection) as many:
        page = read(client.get(url))

    assert len(many) == len(few)
    assert "30 trials of Popularmab have posted results on their registries." in page.text
    # The latest five to post results, the latest first.
    said = [f"In {t.primary_identifier}, Popularmab was a treatment under study." for t in trials]
    positions = [page.text.index(said[index]) for index in (29, 28, 27, 26, 25)]
    assert positions == sorted(positions)
    assert said[24] not in page.text
    # The count and the latest trials are read from the statistics: no request counts them.
    for query in many.captured_queries:
        assert not ("results_trialresults" in query["sql"] and "COUNT(" in query["sql"]), query
