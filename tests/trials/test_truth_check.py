"""Sentences checked by hand against real records nobody had read before (see the section
"Added 2026-12-04" of tests/fixtures/SOURCES.md): each test states what the record says and
the wording that says it, for a sentence kind that was wrong on that record."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from trials.importers.ctgov import intervention_role, map_ctgov_study
from trials.importers.sources import iter_source_items
from trials.importers.writer import import_items
from trials.models import Intervention, InterventionRole, Trial
from trials.summary import build_intervention_summary, build_trial_summary

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[1] / "fixtures"


def record_of(name):
    return json.loads((FIXTURES / "ctgov" / f"{name}.json").read_text(encoding="utf-8"))


def imported(*names):
    paths = [str(FIXTURES / "ctgov" / f"{name}.json") for name in names]
    report = import_items(iter_source_items(paths), publish=True)
    assert report.failed == 0, report.failures
    trials = Trial.objects.for_summary()
    return [trials.get(primary_identifier=name) for name in names]


def lines(summary, key):
    sections = [summary.introduction, *summary.sections]
    [section] = [s for s in sections if s.key == key]
    return [line.text for paragraph in section.paragraphs for line in paragraph.sentences]


def all_lines(summary):
    return [
        line.text
        for section in (summary.introduction, *summary.sections)
        for paragraph in section.paragraphs
        for line in paragraph.sentences
    ]


def opening(summary):
    return summary.introduction.paragraphs[0].sentences[0].text


def intervention_opening(name, language="en"):
    intervention = Intervention.objects.for_summary().get(name_en=name)
    return opening(build_intervention_summary(intervention, language))


# Roles: what the compared groups receive is not "investigated" ------------------------------


def test_a_role_in_comparator_groups_of_two_types_is_given_in_the_compared_groups():
    comparators = ["active_comparator", "placebo_comparator"]
    assert intervention_role("Viagra®", comparators) == InterventionRole.COMPARED
    assert intervention_role("Tadalafil", ["experimental", "placebo_comparator"]) == (
        InterventionRole.SEVERAL
    )
    # A group the record does not type may be the one under study.
    assert intervention_role("Drug X", ["active_comparator", "placebo_comparator", ""]) == (
        InterventionRole.SEVERAL
    )
    assert intervention_role("Drug X", ["active_comparator"]) == InterventionRole.ACTIVE_COMPARATOR


def test_a_background_treatment_of_both_comparator_arms_is_not_what_the_trial_investigated():
    # NCT00848497: Testim® + Viagra® (ACTIVE_COMPARATOR) against Placebo Testim® + Viagra®
    # (PLACEBO_COMPARATOR); no arm is experimental. The page said it "investigated Viagra®".
    arms = record_of("NCT00848497")["protocolSection"]["armsInterventionsModule"]["armGroups"]
    assert [arm["type"] for arm in arms] == ["ACTIVE_COMPARATOR", "PLACEBO_COMPARATOR"]
    [trial] = imported("NCT00848497")
    roles = {link.intervention.name_en: link.role for link in trial.trial_interventions.all()}
    assert roles == {
        "Testim®": InterventionRole.ACTIVE_COMPARATOR,
        "Placebo Testim®": InterventionRole.PLACEBO,
        "Viagra®": InterventionRole.COMPARED,
    }

    summary = build_trial_summary(trial, "en")
    assert opening(summary) == (
        "This clinical trial compared groups of participants given Testim® and Viagra® and "
        "stopped early."
    )
    assert "investigat" not in " ".join(all_lines(summary))
    assert (
        "In this trial, Viagra® is given in the groups that are compared (active comparator and "
        "placebo comparator); the registry does not list it as a treatment under study."
    ) in lines(summary, "details")
    assert opening(build_trial_summary(trial, "it")) == (
        "Questa sperimentazione clinica ha confrontato gruppi di partecipanti trattati con "
        "Testim® e Viagra® e si è interrotta prima del previsto."
    )
    assert intervention_opening("Viagra®") == (
        "In a clinical trial for Erectile Dysfunction and Hypogonadism, Viagra® is given in the "
        "groups that are compared; the registry does not list it as a treatment under study."
    )


def test_a_procedure_of_an_active_and_a_placebo_comparator_arm_is_compared_not_investigated():
    # NCT03143790 (suspended): shock-wave therapy in an ACTIVE_COMPARATOR and a
    # PLACEBO_COMPARATOR arm. The page said it "was set up to investigate" it.
    [trial] = imported("NCT03143790")
    summary = build_trial_summary(trial, "en")
    assert opening(summary) == (
        "This clinical trial was set up to compare groups of participants given Extracorporeal "
        "Shockwave Terapy and has been stopped for now."
    )
    assert intervention_opening("Extracorporeal Shockwave Terapy").startswith(
        "In a clinical trial for Erectile Function, Extracorporeal Shockwave Terapy is given in "
        "the groups that are compared;"
    )


def test_a_trial_comparing_untyped_groups_given_different_devices_investigates_neither():
    # NCT05551195: two arms of type OTHER, one given WB001, the other the educational control
    # ED001. The page said it "investigated WB001 and ED001".
    arms = record_of("NCT05551195")["protocolSection"]["armsInterventionsModule"]["armGroups"]
    assert {arm["type"] for arm in arms} == {"OTHER"}
    [trial] = imported("NCT05551195")
    summary = build_trial_summary(trial, "en")
    assert opening(summary) == (
        "This clinical trial compared groups of participants given WB001 and ED001 and stopped "
        "early."
    )
    assert intervention_opening("ED001") == (
        "In a clinical trial for Postpartum Depression, ED001 is given to one of the groups that "
        "are compared; the registry does not say whether it is a treatment under study or a "
        "comparison."
    )


def test_an_intervention_only_in_the_compared_groups_is_not_counted_as_studied():
    imported("NCT00848497", "NCT03143790")
    call_command("refresh_statistics", stdout=io.StringIO())
    assert Intervention.objects.get(name_en="Viagra®").studied_trial_count == 0
    assert (
        Intervention.objects.get(name_en="Extracorporeal Shockwave Terapy").studied_trial_count == 0
    )


# What a record lists as an intervention ------------------------------------------------------


def test_an_intervention_named_no_intervention_is_not_an_intervention():
    # NCT01150903 (observational): both groups list "Other: no intervention", though one group
    # is of men prescribed a PDE5 inhibitor. The page said the study "observed people who
    # received no intervention", and gave "no intervention" a page of its own.
    interventions = record_of("NCT01150903")["protocolSection"]["armsInterventionsModule"][
        "interventions"
    ]
    assert {item["name"] for item in interventions} == {"no intervention"}
    assert map_ctgov_study(record_of("NCT01150903")).interventions == []
    [trial] = imported("NCT01150903")
    assert not Intervention.objects.filter(name_en__iexact="no intervention").exists()
    summary = build_trial_summary(trial, "en")
    assert lines(summary, "introduction")[:2] == [
        "This observational study is about Cardiovascular Diseases, Erectile Dysfunction and "
        "Male Urogenital Diseases.",
        "This study observed its participants, without assigning them a treatment.",
    ]
    assert "“PDE5 inhibitor prescription”." in lines(summary, "design")


def test_other_names_written_as_sentences_are_quoted():
    # NCT00848497 gives "Viagra® is the brand name for sildenafil citrate." as an other name.
    [trial] = imported("NCT00848497")
    details = lines(build_trial_summary(trial, "en"), "details")
    assert (
        "It is also listed as “Viagra® is the brand name for sildenafil citrate” and “Viagra® 25 "
        "mg tablet daily at night”."
    ) in details
    assert "It is also listed as “Placebo Testim”." in details


# Tenses ---------------------------------------------------------------------------------------


def test_an_observational_study_that_never_ran_was_planned_to_observe():
    # NCT02742896 is WITHDRAWN; the details said "The study observes people who receive ...".
    [trial] = imported("NCT02742896")
    summary = build_trial_summary(trial, "en")
    assert (
        "The study was planned to observe people who receive Erectile dysfunction, without "
        "assigning it to them."
    ) in lines(summary, "details")
    assert not any("observes people" in text for text in all_lines(summary))


def test_a_study_without_an_intervention_under_study_says_in_its_tense_what_it_studied():
    # NCT04488068 (completed): its only intervention is named "Sham ..."; the introduction had
    # no verb of its status at all.
    [trial] = imported("NCT04488068")
    assert opening(build_trial_summary(trial, "en")) == (
        "This clinical study studied Erectile Dysfunction and Prostate Cancer."
    )


def test_expected_dates_that_have_passed_are_not_still_expected():
    # NCT03143790 (suspended, last updated 2017) expected its last data by August 2018 and its
    # end in December 2018; NCT06909500 (not yet recruiting) expected to start on 1 September
    # 2025. The pages said they "are expected".
    status = record_of("NCT03143790")["protocolSection"]["statusModule"]
    assert status["completionDateStruct"] == {"date": "2018-12", "type": "ESTIMATED"}
    suspended, planned = imported("NCT03143790", "NCT06909500")
    details = lines(build_trial_summary(suspended, "en"), "details")
    assert (
        "The registry gives August 2018 as the expected date of the last data for the main "
        "outcome; that date has passed, and the record does not give the actual one."
    ) in details
    assert (
        "The registry gives December 2018 as the expected end date; that date has passed, and "
        "the record does not give the actual one."
    ) in details
    assert not any("expected to be collected" in text for text in details)
    assert (
        "The registry gives 1 September 2025 as the expected start date; that date has passed, "
        "and the record does not give the actual one."
    ) in lines(build_trial_summary(planned, "en"), "details")
    # A date still to come stays expected.
    [registry] = imported("NCT04200937")
    assert (
        "The last data for the main outcome are expected to be collected by January 2031."
    ) in lines(build_trial_summary(registry, "en"), "details")


# Who can take part ----------------------------------------------------------------------------


def test_the_same_lowest_and_highest_age_is_one_age():
    # NCT06403423: minimumAge and maximumAge are both "65 Years" ("between 65 years and 65
    # years").
    eligibility = record_of("NCT06403423")["protocolSection"]["eligibilityModule"]
    assert eligibility["minimumAge"] == eligibility["maximumAge"] == "65 Years"
    [trial] = imported("NCT06403423")
    summary = build_trial_summary(trial, "en")
    assert "Participants must be aged 65 years." in lines(summary, "population")
    assert not any("between" in text for text in lines(summary, "population"))


def test_a_study_enrolling_by_invitation_says_whom_it_takes():
    # NCT04200937 and NCT06403423 enrol by invitation; "How to take part" said "it is not
    # recruiting participants", and nothing else.
    for trial in imported("NCT04200937", "NCT06403423"):
        assert lines(build_trial_summary(trial, "en"), "taking_part") == [
            "The registry gives the trial's status as “Enrolling by invitation”: it is not open "
            "to everyone who would like to take part.",
            "You cannot ask to join this trial yourself: the researchers invite the people who "
            "take part.",
        ]


# Results --------------------------------------------------------------------------------------


def test_outcome_measures_without_values_are_not_said_to_have_them():
    # NCT00931528: 2 of its 9 outcome measures are NOT_POSTED; NCT04326231: its one outcome
    # measure has no values. Both pages said "the registry record gives the values of each".
    measures = record_of("NCT00931528")["resultsSection"]["outcomeMeasuresModule"][
        "outcomeMeasures"
    ]
    assert [m["reportingStatus"] for m in measures].count("NOT_POSTED") == 2
    many, none = imported("NCT00931528", "NCT04326231")
    assert (
        "The results list 9 outcome measures in all; the registry record gives the values of 7 "
        "of them."
    ) in lines(build_trial_summary(many, "en"), "results")
    results = lines(build_trial_summary(none, "en"), "results")
    assert (
        "The results list 1 outcome measure, but the registry record gives no values for it."
        in (results)
    )
    assert "Cognoa ASD Therapeutic Device: 10 people started and none finished." in results
    # Its baseline counts 0 participants, and says why.
    baseline = record_of("NCT04326231")["resultsSection"]["baselineCharacteristicsModule"]
    assert "The results describe no participants at the start of the trial." in results
    assert any(
        text.startswith("About them, the registry says: Up to 30 caregivers and children")
        and "Zero participants completed the study due to COVID." in text
        for text in results
    ), baseline["populationDescription"]


def test_analyses_beyond_those_named_are_said_to_exist():
    # NCT00931528 posts 5 analyses of its primary outcome; the page named 2 and stopped there.
    measures = record_of("NCT00931528")["resultsSection"]["outcomeMeasuresModule"][
        "outcomeMeasures"
    ]
    assert len(measures[0]["analyses"]) == 5
    [trial] = imported("NCT00931528")
    results = lines(build_trial_summary(trial, "en"), "results")
    assert (
        results.count(
            "A statistical analysis compared Tadalafil and Placebo, with this method: Chi-squared."
        )
        == 1
    )
    assert (
        "It gives this estimate: Difference in percentages 5, with a 95% confidence interval "
        "from 1 to 9."
    ) in results
    assert "It gives a p-value of 0.49." in results
    assert "The registry record lists further statistical analyses of this outcome." in results
    assert "Tadalafil: 79 (95% confidence interval: 70 to 88; 80 people analysed)." in results
    assert "Tadalafil: 3 of 111 people." in results
    assert "Placebo: 4 of 108 people." in results


def test_groups_that_count_no_one_at_risk_are_not_said_to_lack_numbers_the_record_gives():
    # NCT01150903 gives 0 affected of 0 at risk in each group, and says why; the page said the
    # registry "does not give the number of people with serious adverse events".
    events = record_of("NCT01150903")["resultsSection"]["adverseEventsModule"]
    assert {group["seriousNumAtRisk"] for group in events["eventGroups"]} == {0}
    [trial] = imported("NCT01150903")
    results = lines(build_trial_summary(trial, "en"), "results")
    assert (
        "The registry counts no one at risk of serious adverse events in any group, so it gives "
        "no number of people who had them."
    ) in results
    assert f"About adverse events, the registry says: {events['description']}" in results
    assert not any("does not give the number" in text for text in results)


def test_medians_with_interquartile_ranges_are_given_per_time_point():
    [trial] = imported("NCT00142506")
    results = lines(build_trial_summary(trial, "en"), "results")
    assert (
        "Placebo With Radiotherapy: Baseline: 64 (interquartile range: 56.75 to 69.00), 6 mos: 58 "
        "(interquartile range: 35.00 to 64.00), 12 mos: 51 (interquartile range: 34.50 to 63.50) "
        "and 24 months (2 years): 54.50 (interquartile range: 29.75 to 64.75); 77 people "
        "analysed."
    ) in results
    assert "Prophylactic Sildenafil Citrate With Radiotherapy: 38 of 184 people." in results
