"""Results, against real records: what a ClinicalTrials.gov record posts is imported as it is
(participant flow, baseline, outcome measures, adverse events), and “What the trial found”
states those numbers and no others, in English and Italian, with a chart and its table; a
finished trial without results says so; bad results input gets a clear error or is left out,
never the rest of the record."""

import copy
import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from results.models import DocumentKind, OutcomeResult, ResultDocument, ResultGroup, TrialResults
from tests.factories import InterventionFactory
from trials.importers.ctgov import map_ctgov_study
from trials.importers.ctis import map_ctis_record
from trials.importers.records import RecordError, collected_warnings
from trials.importers.sources import iter_source_items
from trials.importers.writer import import_items
from trials.models import Intervention, Trial, TrialIntervention
from trials.summary import build_intervention_summary, build_trial_summary

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[1] / "fixtures"
WITH_RESULTS = sorted(
    path.stem
    for path in FIXTURES.glob("ctgov/*.json")
    if "resultsSection" in json.loads(path.read_text(encoding="utf-8"))
)


def record_of(name):
    return json.loads(next(FIXTURES.glob(f"*/{name}.json")).read_text(encoding="utf-8"))


def import_record(record, tmp_path, name="record.json"):
    path = tmp_path / name
    path.write_text(json.dumps(record), encoding="utf-8")
    report = import_items(iter_source_items([str(path)]), publish=True)
    assert report.failed == 0, report.failures
    return report


def imported(name):
    path = next(FIXTURES.glob(f"*/{name}.json"))
    report = import_items(iter_source_items([str(path)]), publish=True)
    assert report.failed == 0, report.failures
    return Trial.objects.for_summary().get(primary_identifier=name)


def results_section(trial, language="en"):
    summary = build_trial_summary(trial, language)
    found = [s for s in summary.sections if s.key == "results"]
    return found[0] if found else None


def lines(section):
    return [line.text for paragraph in section.paragraphs for line in paragraph.sentences]


def numbers_in(text):
    text = re.sub(r"(?<=\d)[,.\u00a0\u202f ](?=\d{3}\b)", "", text)
    return {str(int(number)) for number in re.findall(r"\d+", text)}


def record_numbers(value):
    """Every number written anywhere in a part of a record."""
    if isinstance(value, dict):
        return set().union(*(record_numbers(v) for v in value.values()), set())
    if isinstance(value, list):
        return set().union(*(record_numbers(v) for v in value), set())
    if isinstance(value, bool) or value is None:
        return set()
    return numbers_in(str(value))


def test_the_fixtures_hold_records_with_results():
    assert len(WITH_RESULTS) >= 8


# Import ------------------------------------------------------------------------------------


def test_adverse_events_are_imported_per_group_as_the_record_gives_them():
    trial = imported("NCT02210780")
    record = record_of("NCT02210780")
    events = record["resultsSection"]["adverseEventsModule"]["eventGroups"]

    groups = ResultGroup.objects.filter(trial=trial, module="adverse_events").order_by("order")
    assert [(g.title, g.serious_affected, g.serious_at_risk) for g in groups] == [
        (e["title"], e["seriousNumAffected"], e["seriousNumAtRisk"]) for e in events
    ]
    assert [(g.title, g.serious_affected, g.serious_at_risk) for g in groups] == [
        ("Placebo qw", 0, 97),
        ("Dupilumab 300 mg qw", 3, 97),
    ]
    assert trial.results.first_posted == "2020-05-07"
    assert "Week 32" in trial.results.adverse_events_time_frame


@pytest.mark.parametrize("name", WITH_RESULTS)
def test_participant_flow_and_outcomes_are_imported_as_the_record_gives_them(name):
    trial = imported(name)
    results = record_of(name)["resultsSection"]
    flow = results["participantFlowModule"]
    titles = {group["id"]: group["title"] for group in flow["groups"]}
    expected = []
    for period in flow["periods"]:
        started = next(m for m in period["milestones"] if m["type"] == "STARTED")
        for achievement in started["achievements"]:
            expected.append(
                (period["title"], titles[achievement["groupId"]], int(achievement["numSubjects"]))
            )
    imported_flow = ResultGroup.objects.filter(trial=trial, module="participant_flow")
    assert sorted((g.period, g.title, g.started) for g in imported_flow) == sorted(expected)

    measures = results["outcomeMeasuresModule"]["outcomeMeasures"]
    outcomes = list(OutcomeResult.objects.filter(trial=trial).order_by("order"))
    assert [o.title for o in outcomes] == [m["title"] for m in measures]
    for outcome, measure in zip(outcomes, measures, strict=True):
        values = [
            m["value"]
            for c in measure.get("classes", [])
            for category in c.get("categories", [])
            for m in category.get("measurements", [])
        ]
        assert [m["value"] for m in outcome.measurements] == values
        assert outcome.is_posted == (measure.get("reportingStatus") != "NOT_POSTED")


def test_a_reimport_replaces_the_results_and_keeps_the_translations_of_editors(tmp_path):
    record = record_of("NCT02210780")
    import_record(record, tmp_path)
    group = ResultGroup.objects.get(trial__primary_identifier="NCT02210780", registry_id="EG001")
    group.title_it = "Dupilumab 300 mg una volta alla settimana"
    group.save()

    events = record["resultsSection"]["adverseEventsModule"]["eventGroups"]
    events[1]["seriousNumAffected"] = 4
    record["protocolSection"]["identificationModule"]["briefTitle"] += " (updated)"
    import_record(record, tmp_path)

    group = ResultGroup.objects.get(trial__primary_identifier="NCT02210780", registry_id="EG001")
    assert group.serious_affected == 4
    assert group.title_it == "Dupilumab 300 mg una volta alla settimana"
    assert TrialResults.objects.filter(trial__primary_identifier="NCT02210780").count() == 1
    assert ResultGroup.objects.filter(trial__primary_identifier="NCT02210780").count() == 7


def test_results_that_a_new_version_of_the_record_drops_are_removed(tmp_path):
    record = record_of("NCT02210780")
    import_record(record, tmp_path)
    del record["resultsSection"]
    import_record(record, tmp_path)

    trial = Trial.objects.get(primary_identifier="NCT02210780")
    assert not TrialResults.objects.filter(trial=trial).exists()
    assert not ResultGroup.objects.filter(trial=trial).exists()
    assert not OutcomeResult.objects.filter(trial=trial).exists()


def test_a_results_module_of_the_wrong_type_is_a_clear_error_naming_its_path():
    record = record_of("NCT02210780")
    record["resultsSection"]["participantFlowModule"]["groups"] = "Placebo"

    with pytest.raises(RecordError, match=r"resultsSection\.participantFlowModule\.groups"):
        map_ctgov_study(record)


def test_counts_that_are_not_numbers_are_left_out_and_the_rest_is_imported(tmp_path):
    record = record_of("NCT02210780")
    events = record["resultsSection"]["adverseEventsModule"]["eventGroups"]
    events[0]["seriousNumAffected"] = "<script>alert(1)</script>"
    events[1]["seriousNumAtRisk"] = -3
    record["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][0]["title"] += (
        " <img src=x onerror=alert(1)>"
    )
    import_record(record, tmp_path)

    trial = Trial.objects.for_summary().get(primary_identifier="NCT02210780")
    placebo, dupilumab = ResultGroup.objects.filter(trial=trial, module="adverse_events")
    assert placebo.serious_affected is None and placebo.serious_at_risk == 97
    assert dupilumab.serious_at_risk is None and dupilumab.serious_affected == 3
    text = " ".join(lines(results_section(trial)))
    assert "Placebo qw: 0 of 97 people." in text


# What the trial found -----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "it"])
@pytest.mark.parametrize("name", WITH_RESULTS)
def test_every_number_of_the_results_section_is_in_the_record(name, language):
    trial = imported(name)
    record = record_of(name)
    allowed = record_numbers(record["resultsSection"]) | record_numbers(
        record["protocolSection"]["statusModule"].get("resultsFirstPostDateStruct")
    )
    measures = record["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"]
    # How many outcome measures there are, and how many of them have values.
    allowed |= {str(len(measures)), str(sum(1 for measure in measures if measure.get("classes")))}

    section = results_section(trial, language)

    assert section is not None
    for line in lines(section):
        assert numbers_in(line) <= allowed, line


def test_the_serious_adverse_events_of_each_group_are_stated_in_words_and_numbers():
    trial = imported("NCT02210780")

    text = lines(results_section(trial))

    assert "Placebo qw: 0 of 97 people." in text
    assert "Dupilumab 300 mg qw: 3 of 97 people." in text
    assert "Placebo qw: 97 people started and 92 finished." in text
    assert "At the start of the trial, the results describe 194 participants." in text


def test_the_main_outcome_is_given_per_group_with_its_unit_time_frame_and_analysis():
    trial = imported("NCT02552212")

    text = " ".join(lines(results_section(trial)))

    assert "For its primary outcome, “Percentage of Subjects With Ankylosing Spondylitis" in text
    assert "in this unit: percentage of subjects." in text
    assert "They were measured over this time frame: Week 52." in text
    assert "Placebo (FAS): 7.0 (158 people analysed)." in text
    assert "CZP 200 mg Q2W (FAS): 47.2 (159 people analysed)." in text
    assert "A statistical analysis compared Placebo (FAS) and CZP 200 mg Q2W (FAS)" in text
    assert "It gives a p-value of <0.001." in text
    assert "with a 95% confidence interval from 7.336 to 31.623" in text


def test_spreads_limits_and_categories_are_named_with_each_value():
    interval = imported("NCT03343093")
    categories = imported("NCT03694327")
    record = record_of("NCT03343093")["resultsSection"]["outcomeMeasuresModule"]
    [first, *_rest] = record["outcomeMeasures"][0]["classes"][0]["categories"][0]["measurements"]

    interval_text = " ".join(lines(results_section(interval)))
    assert (
        f"{first['value']} (95% confidence interval: {first['lowerLimit']} to "
        f"{first['upperLimit']}; " in interval_text
    )
    categories_text = " ".join(lines(results_section(categories)))
    assert "Reported Smoking in the Last 30 Days: 69" in categories_text


def test_a_value_its_spread_and_the_people_analysed_share_one_bracket():
    trial = imported("NCT00712335")

    text = lines(results_section(trial))

    assert (
        "Asthmatic Smokers Treated With Combination Therapy: 86.00 (standard deviation 8.22; "
        "5 people analysed)." in text
    )
    categories = " ".join(lines(results_section(imported("NCT03751280"))))
    assert "Day 85: -5.3 (standard error 1.13); 55 people analysed." in categories


@pytest.mark.parametrize("language", ["en", "it", "fr", "de", "es"])
def test_no_results_sentence_puts_two_brackets_side_by_side(language):
    for name in WITH_RESULTS:
        for line in lines(results_section(imported(name), language)):
            assert not re.search(r"\)\s*\(", line), (name, line)


def test_no_sentence_claims_that_a_treatment_works():
    for name in WITH_RESULTS:
        section = results_section(imported(name))
        explained = " ".join(lines(section)).casefold()
        assert "they do not show that a treatment works or that it is safe" in explained
        stated = " ".join(
            line.text for p in section.paragraphs for line in p.sentences if line.sources
        ).casefold()
        for claim in ("effective", "works", "proved", "is safe", "was safe", "better than"):
            assert claim not in stated, (name, claim)


def test_the_italian_section_is_in_italian_with_the_same_numbers():
    trial = imported("NCT02210780")

    english, italian = results_section(trial, "en"), results_section(trial, "it")

    assert italian.heading != english.heading
    assert [numbers_in(line) for line in lines(english)] == [
        numbers_in(line) for line in lines(italian)
    ]
    assert "0 of 97" not in " ".join(lines(italian))


def test_a_finished_trial_without_results_says_the_registry_gives_none():
    trial = imported("NCT00711542")

    assert lines(results_section(trial)) == ["The registry record gives no results for this trial."]


def test_a_trial_still_running_has_no_results_section():
    trial = imported("NCT05816382")

    assert results_section(trial) is None


def test_the_page_draws_a_chart_with_its_table_in_english_and_italian(client):
    imported("NCT02210780")

    for language in ("en", "it"):
        response = client.get(f"/{language}/trials/NCT02210780/")
        content = response.content.decode()
        results = content[content.index('id="results"') :]
        results = results[: results.index("</section>")]
        assert results.count('<figure class="chart"') == 2
        assert '<svg viewBox="0 0 360' in results and 'role="img"' in results
        assert results.count('<table class="chart-data">') == 2
        assert '<th scope="row">Dupilumab 300 mg qw</th>' in results or (
            '<th scope="row" lang="en">Dupilumab 300 mg qw</th>' in results
        )
        assert "<script" not in results


def test_the_api_summary_carries_the_section_and_its_charts(client):
    imported("NCT02210780")

    data = client.get("/api/v1/trials/NCT02210780/summary/?lang=en").json()

    [section] = [s for s in data["sections"] if s["key"] == "results"]
    charts = [p["chart"] for p in section["paragraphs"] if p["chart"]]
    assert [bar["label"] for bar in charts[-1]["bars"]] == ["Placebo qw", "Dupilumab 300 mg qw"]
    assert charts[-1]["bars"][1]["cells"][:2] == ["3", "97"]
    assert charts[-1]["maximum"] == 100.0


# CTIS results documents ------------------------------------------------------------------


def ctis_with_documents():
    """A real CTIS record whose results lists are filled with items of the shape other
    public tools read from CTIS (`id`, `submissionDate`, `submitDate`, `withdrawDate`): no
    real record with results documents could be found (tests/fixtures/SOURCES.md)."""
    record = copy.deepcopy(record_of("2022-501142-30-00"))
    record["results"] = {
        "summaryResults": [{"id": 101, "submissionDate": "2025-12-06"}],
        "laypersonResults": [
            {"id": 102, "submissionDate": "2025-12-06"},
            {"id": 103, "submissionDate": "2025-01-10", "withdrawDate": "2025-02-01"},
        ],
        "clinicalStudyReports": [{"id": 104, "submitDate": "2026-01-15T10:00:00"}],
    }
    return record


def test_ctis_results_documents_are_imported_without_the_withdrawn_ones(tmp_path):
    mapped = map_ctis_record(ctis_with_documents()).results

    assert [d.kind for d in mapped.documents] == [
        DocumentKind.SUMMARY_RESULTS,
        DocumentKind.LAY_SUMMARY,
        DocumentKind.CLINICAL_STUDY_REPORT,
    ]
    assert mapped.first_posted == "2025-12-06"

    import_record(ctis_with_documents(), tmp_path)
    trial = Trial.objects.for_summary().get(primary_identifier="2022-501142-30-00")
    assert ResultDocument.objects.filter(trial=trial).count() == 3
    text = lines(results_section(trial))
    assert "A summary of the results, submitted on 6 December 2025." in text
    assert "A summary of the results for laypersons, submitted on 6 December 2025." in text
    summary = build_trial_summary(trial, "en")
    [section] = [s for s in summary.sections if s.key == "results"]
    links = [link for p in section.paragraphs for line in p.sentences for link in line.links]
    assert links[0][0] == "https://euclinicaltrials.eu/ctis-public/view/2022-501142-30-00"


def test_a_ctis_record_whose_results_lists_are_empty_has_no_results():
    assert map_ctis_record(record_of("2022-501142-30-00")).results is None


def test_a_malformed_ctis_results_date_is_left_out_with_a_warning_naming_it():
    record = ctis_with_documents()
    record["results"]["summaryResults"][0]["submissionDate"] = "last week"

    with collected_warnings() as warnings:
        results = map_ctis_record(record).results

    assert warnings == [
        "results.summaryResults[0].submissionDate: the text 'last week' is not a date like "
        "29/01/2021 or 2021-01-29; left empty"
    ]
    summary = [d for d in results.documents if d.kind == DocumentKind.SUMMARY_RESULTS]
    assert [document.submitted for document in summary] == [None]
    assert len(results.documents) == 3


# Intervention pages ----------------------------------------------------------------------


@pytest.fixture
def every_ctgov_record(db):
    report = import_items(iter_source_items([str(FIXTURES / "ctgov")]), publish=True)
    assert report.failed == 0, report.failures


def findings(slug, language="en"):
    intervention = Intervention.objects.for_summary().get(slug=slug)
    summary = build_intervention_summary(intervention, language)
    [section] = [s for s in summary.sections if s.key == "results"]
    return summary, section


def of_trial(summary, section, identifier):
    """The sentences of the section that cite this trial's record."""
    [reference] = [r.number for r in summary.references if r.identifier == identifier]
    return [
        line
        for paragraph in section.paragraphs
        for line in paragraph.sentences
        if line.cites == (reference,)
    ]


def test_a_placebo_page_gathers_what_its_trials_found_and_says_it_was_a_comparator(
    every_ctgov_record,
):
    summary, section = findings("placebo")

    assert section.heading == "What the trials found"
    text = lines(section)
    assert text[0] == "3 trials of Placebo have posted results on their registries."
    assert "they do not show that a treatment works or that it is safe" in " ".join(text)
    # The latest to post results first: NCT02552212 in August 2020, NCT02210780 in May 2020.
    certolizumab = [line.text for line in of_trial(summary, section, "NCT02552212")]
    dupilumab = [line.text for line in of_trial(summary, section, "NCT02210780")]
    assert text.index(certolizumab[0]) < text.index(dupilumab[0])
    assert certolizumab[0] == (
        "NCT02552212 used Placebo as a comparator: a placebo, a dummy treatment without an "
        "active substance."
    )
    assert certolizumab[1].startswith(
        "For its primary outcome, “Percentage of Subjects With Ankylosing Spondylitis"
    )
    assert certolizumab[1].endswith(
        "in the unit “percentage of subjects”: Placebo (FAS): 7.0 (158 people analysed); "
        "CZP 200 mg Q2W (FAS): 47.2 (159 people analysed)."
    )
    assert dupilumab[2] == (
        "People with at least one serious adverse event, in each group: Placebo qw: 0 of 97 "
        "people; Dupilumab 300 mg qw: 3 of 97 people."
    )
    [link] = of_trial(summary, section, "NCT02210780")[0].links
    assert link[0] == reverse("trial_detail", kwargs={"identifier": "NCT02210780"})
    assert {r.identifier for r in summary.references} >= {"NCT02552212", "NCT02210780"}


def test_the_page_of_a_treatment_under_study_and_of_an_active_comparator_say_so(
    every_ctgov_record,
):
    summary, section = findings("dupilumab")
    [role, *_rest] = of_trial(summary, section, "NCT02210780")
    assert role.text == "In NCT02210780, Dupilumab was a treatment under study."
    assert [s.field for s in role.sources] == [
        "TrialIntervention.intervention",
        "TrialIntervention.role",
    ]

    summary, section = findings("quitguide")
    [role, outcome, _events] = of_trial(summary, section, "NCT03694327")
    assert role.text.startswith("NCT03694327 used QuitGuide as a comparator: an active treatment")
    # Its main outcome has values per category in each group: the trial's page gives them.
    assert "several values in each group; the trial's page gives them" in outcome.text


def trial_findings(language):
    """(intervention slug, trial identifier, its sentences) of every intervention page that
    gathers the findings of a trial, on the real records."""
    for intervention in Intervention.objects.filter(trial_count__gt=0):
        summary, section = findings(intervention.slug, language)
        for reference in summary.references:
            cited = of_trial(summary, section, reference.identifier)
            if cited:
                yield intervention.slug, reference.identifier, cited


@pytest.mark.parametrize("language", ["en", "it"])
def test_every_number_of_the_findings_is_in_the_record_of_the_trial_they_cite(
    every_ctgov_record, language
):
    gathered = list(trial_findings(language))

    # Every trial with results is gathered on the page of each intervention it names; the record
    # of NCT01150903 names none ("No Intervention" for both groups is no intervention).
    with_interventions = set(
        Trial.objects.filter(results__isnull=False, trial_interventions__isnull=False).values_list(
            "primary_identifier", flat=True
        )
    )
    assert set(WITH_RESULTS) - with_interventions == {"NCT01150903"}
    assert {identifier for _slug, identifier, _lines in gathered} == with_interventions
    for slug, identifier, cited in gathered:
        record = record_of(identifier)
        assert len(cited) == 3, (slug, identifier)
        for line in cited:
            assert line.sources, line.text
            assert {source.record for source in line.sources} == {identifier}
            stated = "".join(part.text for part in line.parts if not part.href)
            allowed = record_numbers(record["resultsSection"]) | record_numbers(
                record["protocolSection"]["armsInterventionsModule"]
            )
            assert numbers_in(stated) <= allowed, (slug, line.text)
        # Every value states where the registry gives it.
        for line in cited:
            for source in line.sources:
                if not source.absent:
                    assert source.paths, (line.text, source.field)


def test_the_italian_findings_state_the_same_numbers_in_the_italian_way(every_ctgov_record):
    english = {
        (slug, identifier): [numbers_in(line.text) for line in cited]
        for slug, identifier, cited in trial_findings("en")
    }
    italian = {
        (slug, identifier): [numbers_in(line.text) for line in cited]
        for slug, identifier, cited in trial_findings("it")
    }

    assert italian == english
    summary, section = findings("placebo", "it")
    certolizumab = " ".join(line.text for line in of_trial(summary, section, "NCT02552212"))
    assert "Placebo (FAS): 7,0" in certolizumab and "47,2" in certolizumab
    assert section.heading == "Che cosa hanno rilevato le sperimentazioni"


def test_no_finding_claims_that_a_treatment_works(every_ctgov_record):
    for _slug, _identifier, cited in trial_findings("en"):
        for line in cited:
            for claim in ("effective", "works", "proved", "is safe", "was safe", "better than"):
                assert claim not in line.text.casefold(), line.text


def test_the_api_summary_of_an_intervention_carries_the_same_findings(client, every_ctgov_record):
    summary, section = findings("placebo")

    data = client.get("/api/v1/interventions/placebo/summary/?lang=en").json()

    [served] = [s for s in data["sections"] if s["key"] == "results"]
    assert served["heading"] == "What the trials found"
    assert [line["text"] for p in served["paragraphs"] for line in p["sentences"]] == lines(section)
    assert [r["identifier"] for r in data["references"]] == [
        r.identifier for r in summary.references
    ]


def test_an_intervention_page_names_its_trials_with_results_and_links_each(
    client, django_capture_on_commit_callbacks
):
    with_results = imported("NCT02210780")
    without = imported("NCT00711542")
    intervention = InterventionFactory(name_en="Studied medicine")
    with django_capture_on_commit_callbacks(execute=True):
        for trial in (with_results, without):
            TrialIntervention.objects.create(trial=trial, intervention=intervention)
    intervention.refresh_from_db()

    summary = build_intervention_summary(intervention, "en")

    [section] = [s for s in summary.sections if s.key == "results"]
    assert lines(section)[0] == "1 trial of Studied medicine has posted results on its registry."
    [link] = [link for p in section.paragraphs for line in p.sentences for link in line.links]
    assert link[0] == reverse("trial_detail", kwargs={"identifier": "NCT02210780"})
    html = client.get(intervention.get_absolute_url()).content.decode()
    results = html[html.index('id="results"') :]
    assert '<h2 id="results-heading">What the trials found</h2>' in results
    assert f'href="{link[0]}"' in results[: results.index("</section>")]


def test_a_page_of_an_intervention_given_only_in_compared_groups_says_so(every_ctgov_record):
    # NCT00848497 gives sildenafil citrate (Viagra®) in its active-comparator and its
    # placebo-comparator group only.
    [link] = TrialIntervention.objects.filter(
        trial__primary_identifier="NCT00848497", intervention__slug="sildenafil-citrate"
    )
    assert link.role == "compared"
    summary, section = findings(link.intervention.slug)
    [role, *_rest] = of_trial(summary, section, "NCT00848497")
    assert role.text == (
        "NCT00848497 gave sildenafil citrate in the groups it compared; the registry does not "
        "list it as a treatment under study."
    )
    assert "investigat" not in " ".join(lines(section))
