import pytest

from tests.factories import (
    ConditionFactory,
    InterventionFactory,
    OutcomeFactory,
    SectionTextFactory,
    SiteFactory,
    TrialFactory,
    TrialIdentifierFactory,
    TrialInterventionFactory,
)
from trials.models import (
    Allocation,
    EnrollmentType,
    Intervention,
    OutcomeKind,
    Phase,
    Sex,
    SummarySection,
    Trial,
)
from trials.summary import build_intervention_summary, build_trial_summary

pytestmark = pytest.mark.django_db


def trial_summary(trial, language="en"):
    return build_trial_summary(Trial.objects.for_summary().get(pk=trial.pk), language)


def intervention_summary(intervention, language="en"):
    return build_intervention_summary(
        Intervention.objects.for_summary().get(pk=intervention.pk), language
    )


def section(summary, key):
    if key == SummarySection.INTRODUCTION:
        return summary.introduction
    return next(s for s in summary.sections if s.key == key)


def section_text(summary, key):
    return " ".join(
        line.text for paragraph in section(summary, key).paragraphs for line in paragraph.sentences
    )


def page_text(summary):
    return (
        " ".join(
            section_text(summary, key) for key in SummarySection.values if key != "introduction"
        )
        + " "
        + section_text(summary, SummarySection.INTRODUCTION)
    )


def test_a_title_ending_in_a_full_stop_is_quoted_without_a_second_one():
    trial = TrialFactory(public_title_en="A study of zanamivir in infants.")

    overview = section_text(trial_summary(trial), SummarySection.OVERVIEW)

    assert "“A study of zanamivir in infants”." in overview
    assert ".”." not in overview


# Eligibility ------------------------------------------------------------------------------


def test_missing_eligibility_says_the_registry_lists_no_age_or_sex_requirements():
    summary = trial_summary(TrialFactory())

    text = section_text(summary, SummarySection.POPULATION)
    assert "The registry record does not list age or sex requirements." in text
    assert "Participants must be aged" not in text
    assert "can take part" not in text


def test_ages_are_given_as_a_range():
    summary = trial_summary(TrialFactory(minimum_age="18 Years", maximum_age="65 Years"))

    text = section_text(summary, SummarySection.POPULATION)
    assert "Participants must be aged between 18 years and 65 years." in text


def test_minimum_age_alone_reads_or_older():
    summary = trial_summary(TrialFactory(minimum_age="6 Months"))

    assert "Participants must be aged 6 months or older." in section_text(
        summary, SummarySection.POPULATION
    )


def test_ages_are_written_in_italian_on_the_italian_page():
    summary = trial_summary(TrialFactory(minimum_age="1 Year", maximum_age="18 Years"), "it")

    text = section_text(summary, SummarySection.POPULATION)
    assert "18 anni" in text
    assert "1 anno" in text
    assert "18 years" not in text


def test_no_sex_sentence_is_invented_when_the_registry_gives_none():
    summary = trial_summary(TrialFactory(minimum_age="18 Years"))

    text = section_text(summary, SummarySection.POPULATION)
    assert "does not say whether the study is open to women, men or both" in text
    assert "Both women and men can take part." not in text
    assert "Only women" not in text
    assert "Only men" not in text


@pytest.mark.parametrize(
    ("sex", "expected"),
    [
        (Sex.ALL, "Both women and men can take part."),
        (Sex.FEMALE, "Only women can take part."),
        (Sex.MALE, "Only men can take part."),
    ],
)
def test_sex_requirement_is_stated_as_the_registry_gives_it(sex, expected):
    summary = trial_summary(TrialFactory(sex=sex))

    text = section_text(summary, SummarySection.POPULATION)
    assert expected in text
    assert "The registry record does not list an age limit." in text


def test_healthy_volunteers_are_mentioned_only_when_the_registry_says():
    unknown = section_text(trial_summary(TrialFactory()), SummarySection.POPULATION)
    refused = section_text(
        trial_summary(TrialFactory(healthy_volunteers=False)), SummarySection.POPULATION
    )

    assert "Healthy volunteers" not in unknown
    assert "Healthy volunteers cannot take part." in refused


# Design -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phase", "expected"),
    [
        (Phase.PHASE2, "It is a Phase 2 trial, which usually means"),
        (
            Phase.PHASE2_PHASE3,
            "It is a Phase 2/3 trial, which first checks whether the treatment works",
        ),
        (Phase.PHASE3, "It is a Phase 3 trial, which usually means"),
        (Phase.NOT_APPLICABLE, "The registry gives the trial no phase"),
    ],
)
def test_phase_is_explained(phase, expected):
    summary = trial_summary(TrialFactory(phase=phase))

    assert expected in section_text(summary, SummarySection.DESIGN)


def test_missing_phase_is_not_explained():
    text = section_text(trial_summary(TrialFactory()), SummarySection.DESIGN)

    assert "Phase" not in text
    assert "phase" not in text


def test_randomised_trial_is_explained_as_randomised():
    text = section_text(
        trial_summary(TrialFactory(allocation=Allocation.RANDOMISED)), SummarySection.DESIGN
    )

    assert "The trial is randomised: participants are put into treatment groups by chance" in text
    assert "single-arm" not in text


def test_single_arm_trial_is_explained_as_single_arm():
    text = section_text(
        trial_summary(TrialFactory(allocation=Allocation.SINGLE_ARM)), SummarySection.DESIGN
    )

    assert "The trial is single-arm, so all enrolled patients receive the study treatment" in text
    assert "randomised" not in text


def test_no_enrollment_sentence_when_the_registry_gives_no_enrollment():
    text = section_text(trial_summary(TrialFactory(enrollment=None)), SummarySection.DESIGN)

    assert "enrollment" not in text.lower()


@pytest.mark.parametrize(
    ("count", "kind", "expected"),
    [
        (80, EnrollmentType.PLANNED, "The planned enrollment is 80 participants."),
        (1, EnrollmentType.ACTUAL, "The actual enrollment was 1 participant."),
        (12, "", "The enrollment is 12 participants."),
    ],
)
def test_enrollment_is_stated_with_its_type(count, kind, expected):
    trial = TrialFactory(enrollment=count, enrollment_type=kind)

    assert expected in section_text(trial_summary(trial), SummarySection.DESIGN)


# Sites ------------------------------------------------------------------------------------


def test_trial_without_sites_says_so_and_never_says_multi_centre():
    summary = trial_summary(TrialFactory())

    assert "The registry record lists no study sites." in section_text(
        summary, SummarySection.OVERVIEW
    )
    assert "multi-centre" not in page_text(summary)


def test_trial_with_one_site_names_its_country():
    trial = TrialFactory()
    SiteFactory(trial=trial, country="FR")

    summary = trial_summary(trial)

    text = section_text(summary, SummarySection.OVERVIEW)
    assert "The study is run at one site, in France." in text
    assert "multi-centre" not in page_text(summary)


def test_trial_with_several_sites_is_multi_centre():
    trial = TrialFactory()
    for country in ["IT", "ES", "IT"]:
        SiteFactory(trial=trial, country=country)

    text = section_text(trial_summary(trial), SummarySection.OVERVIEW)

    assert "The study is run at 3 sites in Italy and Spain, so it is a multi-centre study." in text


def test_site_countries_are_named_in_italian_on_the_italian_page():
    trial = TrialFactory()
    for country in ["DE", "FR"]:
        SiteFactory(trial=trial, country=country)

    summary = trial_summary(trial, "it")

    assert summary.trials[0].countries == ("Francia", "Germania")


# Pages about several trials --------------------------------------------------------------


@pytest.fixture
def intervention_with_three_trials():
    intervention = InterventionFactory(name_en="Cellmab")
    trials = [
        TrialFactory(primary_identifier="NCT00000003", phase=Phase.PHASE2),
        TrialFactory(primary_identifier="2025-520841-60-00", phase=Phase.PHASE3),
        TrialFactory(primary_identifier="ISRCTN96912679", allocation=Allocation.RANDOMISED),
    ]
    for trial in trials:
        TrialInterventionFactory(trial=trial, intervention=intervention)
    return intervention


def test_intervention_page_covers_every_trial_in_each_section(intervention_with_three_trials):
    summary = intervention_summary(intervention_with_three_trials)

    identifiers = ["2025-520841-60-00", "ISRCTN96912679", "NCT00000003"]
    for key in [
        SummarySection.OVERVIEW,
        SummarySection.POPULATION,
        SummarySection.DESIGN,
        SummarySection.OUTCOMES,
        SummarySection.DETAILS,
    ]:
        labelled = [p.trial for p in section(summary, key).paragraphs if p.trial]
        assert labelled == identifiers, key
    assert "This page covers 3 clinical trials of Cellmab." in section_text(
        summary, SummarySection.OVERVIEW
    )


def test_each_trial_paragraph_cites_its_own_reference(intervention_with_three_trials):
    summary = intervention_summary(intervention_with_three_trials)

    numbers = {reference.identifier: reference.number for reference in summary.references}
    for paragraph in section(summary, SummarySection.DESIGN).paragraphs:
        assert {cite for line in paragraph.sentences for cite in line.cites} == {
            numbers[paragraph.trial]
        }
    design = {
        p.trial: " ".join(s.text for s in p.sentences)
        for p in section(summary, SummarySection.DESIGN).paragraphs
    }
    assert "Phase 2 trial" in design["NCT00000003"]
    assert "Phase 3 trial" in design["2025-520841-60-00"]
    assert "randomised" in design["ISRCTN96912679"]
    assert "Phase" not in design["ISRCTN96912679"]


def test_references_are_numbered_in_order_with_their_registry_links(
    intervention_with_three_trials,
):
    summary = intervention_summary(intervention_with_three_trials)

    assert [(r.number, r.identifier, r.url) for r in summary.references] == [
        (1, "2025-520841-60-00", "https://euclinicaltrials.eu/ctis-public/view/2025-520841-60-00"),
        (2, "ISRCTN96912679", "https://www.isrctn.com/ISRCTN96912679"),
        (3, "NCT00000003", "https://clinicaltrials.gov/study/NCT00000003"),
    ]
    assert [row.reference for row in summary.trials] == [1, 2, 3]
    assert summary.introduction.paragraphs[0].sentences[0].cites == (1, 2, 3)


def test_single_trial_page_has_unlabelled_paragraphs():
    trial = TrialFactory()

    summary = trial_summary(trial)

    assert all(p.trial is None for s in summary.sections for p in s.paragraphs)
    assert [r.number for r in summary.references] == [1]


def test_intervention_without_trials_says_none_is_listed():
    summary = intervention_summary(InterventionFactory(name_en="Nothingmab"))

    assert "No clinical trial of Nothingmab is listed yet." in section_text(
        summary, SummarySection.INTRODUCTION
    )
    assert summary.references == ()


def test_other_identifiers_are_listed_in_the_details():
    trial = TrialFactory()
    TrialIdentifierFactory(trial=trial, value="ISRCTN96912679")

    assert "The study is also registered under ISRCTN96912679." in section_text(
        trial_summary(trial), SummarySection.DETAILS
    )


# Translations -----------------------------------------------------------------------------


def test_italian_summary_shows_missing_translations_in_english_marked_as_such():
    condition = ConditionFactory(name_en="knee pain", name_it="")
    trial = TrialFactory(public_title_en="Knee study", public_title_it="", conditions=[condition])

    summary = trial_summary(trial, "it")

    assert summary.has_untranslated_text
    assert summary.title.text == "Knee study"
    assert summary.title.lang == "en"
    parts = [part for s in summary.sections for p in s.paragraphs for x in p.sentences
             for part in x.parts]  # fmt: skip
    assert any(part.text == "knee pain" and part.lang == "en" for part in parts)


def test_fully_translated_italian_summary_has_no_untranslated_text():
    condition = ConditionFactory(name_en="knee pain", name_it="dolore al ginocchio")
    trial = TrialFactory(
        public_title_en="Knee study", public_title_it="Studio sul ginocchio", conditions=[condition]
    )

    summary = trial_summary(trial, "it")

    assert not summary.has_untranslated_text
    assert summary.title.text == "Studio sul ginocchio"


def test_english_summary_never_marks_english_text_as_untranslated():
    trial = TrialFactory(public_title_en="Knee study", public_title_it="")

    assert not trial_summary(trial, "en").has_untranslated_text


# Editor texts -----------------------------------------------------------------------------


def test_editor_text_replaces_the_generated_section_in_its_language_only():
    trial = TrialFactory(phase=Phase.PHASE3)
    SectionTextFactory(
        trial=trial, section=SummarySection.DESIGN, text_en="Written by an editor.", text_it=""
    )

    english = section(trial_summary(trial, "en"), SummarySection.DESIGN)
    italian = section(trial_summary(trial, "it"), SummarySection.DESIGN)

    assert english.edited
    assert [line.text for p in english.paragraphs for line in p.sentences] == [
        "Written by an editor."
    ]
    assert not italian.edited
    assert "Written by an editor." not in " ".join(
        line.text for p in italian.paragraphs for line in p.sentences
    )


def test_italian_editor_text_wins_on_the_italian_page():
    intervention = InterventionFactory()
    TrialInterventionFactory(intervention=intervention)
    SectionTextFactory(
        intervention=intervention,
        section=SummarySection.OVERVIEW,
        text_en="English overview.",
        text_it="Panoramica in italiano.",
    )

    summary = intervention_summary(intervention, "it")

    assert section_text(summary, SummarySection.OVERVIEW) == "Panoramica in italiano."


def test_editor_text_citations_become_references():
    intervention = InterventionFactory()
    for _ in range(2):
        TrialInterventionFactory(intervention=intervention)
    SectionTextFactory(
        intervention=intervention,
        section=SummarySection.DESIGN,
        text_en="Both trials are small.[1][2] The second is blinded [2]\n\n"
        "A new paragraph cites nothing real [7]",
    )

    design = section(intervention_summary(intervention), SummarySection.DESIGN)

    first, second = design.paragraphs
    assert [(line.text, line.cites) for line in first.sentences] == [
        ("Both trials are small.", (1, 2)),
        ("The second is blinded", (2,)),
    ]
    assert [(line.text, line.cites) for line in second.sentences] == [
        ("A new paragraph cites nothing real [7]", ()),
    ]


# Outcomes ---------------------------------------------------------------------------------


def test_single_primary_outcome_is_quoted_with_its_time_frame():
    trial = TrialFactory()
    OutcomeFactory(trial=trial, measure_en="Bone healing", time_frame_en="12 months")

    text = section_text(trial_summary(trial), SummarySection.OUTCOMES)

    assert "is: Bone healing." in text
    assert "It is measured over this time frame: 12 months." in text


def test_outcomes_are_counted_when_there_are_several():
    trial = TrialFactory()
    OutcomeFactory.create_batch(2, trial=trial, kind=OutcomeKind.PRIMARY)
    OutcomeFactory.create_batch(3, trial=trial, kind=OutcomeKind.SECONDARY)

    text = section_text(trial_summary(trial), SummarySection.OUTCOMES)

    assert "The study has 2 primary outcomes" in text
    assert "The study also measures 3 secondary outcomes." in text


def test_trial_without_outcomes_says_the_registry_lists_none():
    text = section_text(trial_summary(TrialFactory()), SummarySection.OUTCOMES)

    assert text == "The registry record lists no outcome measures."
