import pytest
from django.utils import translation

from tests.factories import (
    ConditionFactory,
    InterventionFactory,
    OutcomeFactory,
    SectionTextFactory,
    SiteFactory,
    TrialFactory,
    TrialIdentifierFactory,
    TrialInterventionFactory,
    complete_trial,
)
from trials.models import (
    Allocation,
    CtisPublicStatus,
    EnrollmentType,
    Intervention,
    OutcomeKind,
    Phase,
    RecruitmentStatus,
    Sex,
    SummarySection,
    Trial,
)
from trials.summary import build_intervention_summary, build_trial_summary
from trials.summary.types import Section

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
    # A section with nothing to say is left out of the summary.
    return next((s for s in summary.sections if s.key == key), Section(key, "", ()))


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


def test_missing_eligibility_says_the_registry_gives_no_age_or_sex_requirements():
    summary = trial_summary(TrialFactory())

    text = section_text(summary, SummarySection.POPULATION)
    assert "The registry record does not list an age limit." in text
    assert "does not say whether the study is open to women, men or both." in text
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
        (Phase.PHASE2, "It is a Phase 2 trial: such trials usually test a treatment"),
        (Phase.PHASE2_PHASE3, "It is a Phase 2/3 trial: such trials first check whether"),
        (Phase.PHASE3, "It is a Phase 3 trial: such trials usually test a treatment"),
        (Phase.PHASE3_PHASE4, "It is a Phase 3/4 trial"),
        (Phase.NOT_APPLICABLE, "The registry gives the trial no phase"),
    ],
)
def test_phase_is_explained(phase, expected):
    summary = trial_summary(TrialFactory(phase=phase))

    assert expected in section_text(summary, SummarySection.DESIGN)


def test_missing_phase_is_said_to_be_missing_never_guessed():
    interventional = TrialFactory(study_type="interventional")
    text = section_text(trial_summary(interventional), SummarySection.DESIGN)

    assert "The registry does not give the trial's phase." in text
    assert "Phase" not in text
    observational = section_text(
        trial_summary(TrialFactory(study_type="observational")), SummarySection.DESIGN
    )
    assert "phase" not in observational.lower()


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


def test_missing_enrollment_is_said_to_be_missing():
    text = section_text(trial_summary(TrialFactory(enrollment=None)), SummarySection.DESIGN)

    assert "The registry does not give the number of participants." in text


@pytest.mark.parametrize(
    ("status", "count", "kind", "expected"),
    [
        ("recruiting", 80, EnrollmentType.PLANNED, "The study plans to include 80 participants."),
        ("completed", 80, EnrollmentType.PLANNED, "The study planned to include 80 participants."),
        ("completed", 1, EnrollmentType.ACTUAL, "1 person took part in the study."),
        ("completed", 1200, EnrollmentType.ACTUAL, "1,200 people took part in the study."),
        ("active_not_recruiting", 93, EnrollmentType.ACTUAL, "93 people have joined the study."),
        ("withdrawn", 0, EnrollmentType.ACTUAL, "No one took part in the study."),
        (
            "recruiting",
            12,
            "",
            "The registry gives the number of participants as 12, without saying whether it is "
            "the planned or the actual number.",
        ),
    ],
)
def test_enrollment_is_stated_with_its_type_in_the_tense_of_the_status(
    status, count, kind, expected
):
    trial = TrialFactory(status=status, enrollment=count, enrollment_type=kind)

    assert expected in section_text(trial_summary(trial), SummarySection.DESIGN)


def test_ctis_enrollment_says_how_many_in_the_eea_and_elsewhere():
    trial = TrialFactory(
        primary_identifier="2022-501180-40-00",
        registry_status_code=4,
        status="recruiting",
        enrollment=1078,
        enrollment_eea=1005,
        enrollment_type=EnrollmentType.PLANNED,
    )

    assert (
        "The study plans to include 1,078 participants: 1,005 in the European Economic Area "
        "and 73 in other countries."
    ) in section_text(trial_summary(trial), SummarySection.DESIGN)


# Sites ------------------------------------------------------------------------------------


def test_trial_without_sites_says_so_and_never_says_multi_centre():
    summary = trial_summary(TrialFactory())

    assert "The registry does not list any study sites." in section_text(
        summary, SummarySection.OVERVIEW
    )
    assert "multi-centre" not in page_text(summary)


def test_trial_with_one_site_names_its_country():
    trial = TrialFactory()
    SiteFactory(trial=trial, country="FR")

    summary = trial_summary(trial)

    text = section_text(summary, SummarySection.OVERVIEW)
    assert "The registry lists 1 study site. Country: France." in text
    assert "multi-centre" not in page_text(summary)


def test_trial_with_several_sites_is_multi_centre():
    trial = TrialFactory()
    for country in ["IT", "ES", "IT"]:
        SiteFactory(trial=trial, country=country)

    text = section_text(trial_summary(trial), SummarySection.OVERVIEW)

    assert (
        "The registry lists 3 study sites, so it is a multi-centre study. "
        "Countries: Italy and Spain."
    ) in text


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

    # All looking for participants, with no start date: in the order they were registered here.
    identifiers = ["NCT00000003", "2025-520841-60-00", "ISRCTN96912679"]
    for key in [
        SummarySection.OVERVIEW,
        SummarySection.POPULATION,
        SummarySection.DESIGN,
        SummarySection.OUTCOMES,
        SummarySection.DETAILS,
    ]:
        labelled = [p.trial for p in section(summary, key).paragraphs if p.trial]
        assert list(dict.fromkeys(labelled)) == identifiers, key
    assert "The registries list Cellmab in 3 clinical studies." in section_text(
        summary, SummarySection.INTRODUCTION
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
        (1, "NCT00000003", "https://clinicaltrials.gov/study/NCT00000003"),
        (2, "2025-520841-60-00", "https://euclinicaltrials.eu/ctis-public/view/2025-520841-60-00"),
        (3, "ISRCTN96912679", "https://www.isrctn.com/ISRCTN96912679"),
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

    assert "No clinical trial with Nothingmab is listed yet." in section_text(
        summary, SummarySection.INTRODUCTION
    )
    assert summary.references == ()


def test_other_identifiers_are_listed_in_the_details():
    trial = TrialFactory()
    TrialIdentifierFactory(trial=trial, value="ISRCTN96912679")

    TrialIdentifierFactory(trial=trial, value="CV168-021", kind="SPONSOR")
    TrialIdentifierFactory(trial=trial, value="R01HL123456", kind="GRANT", issuer="NIH")

    details = section_text(trial_summary(trial), SummarySection.DETAILS)
    assert "The study is also registered under ISRCTN96912679 (ISRCTN)." in details
    assert "The sponsor's code for the study is CV168-021." in details
    assert "The registry lists a grant or funding number: R01HL123456 (NIH)." in details


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


# Statuses, tenses and roles ------------------------------------------------------------------


@pytest.mark.parametrize("status", [choice for choice, _label in RecruitmentStatus.choices])
@pytest.mark.parametrize("language", ["en", "it", "fr", "de", "es"])
def test_every_status_is_explained_in_every_language(status, language):
    trial = TrialFactory(status=status)
    lines = [
        line.text
        for line in section(trial_summary(trial, language), "design").paragraphs[0].sentences
    ]

    with translation.override(language):
        label = str(RecruitmentStatus(status).label)
    [explained] = [text for text in lines if f"{label}" in text]
    assert len(explained) > len(label) + 40
    assert lines[lines.index(explained) + 1]  # followed by what it means for taking part


@pytest.mark.parametrize("code", [code for code, _label in CtisPublicStatus.choices])
def test_every_ctis_status_is_explained_and_named_for_what_it_is(code):
    trial = TrialFactory(primary_identifier="2024-510663-34-00", registry_status_code=code)

    design = section_text(trial_summary(trial), "design")
    assert f"The trial's status in the EU registry (CTIS) is “{CtisPublicStatus(code).label}”:" in (
        design
    )


@pytest.mark.parametrize(
    ("status", "opening"),
    [
        ("not_yet_recruiting", "This clinical trial will investigate Cellmab for gout."),
        ("recruiting", "This clinical trial is investigating Cellmab for gout."),
        ("completed", "This clinical trial investigated Cellmab for gout."),
        ("terminated", "This clinical trial investigated Cellmab for gout and stopped early."),
        (
            "withdrawn",
            "This clinical trial was planned to investigate Cellmab for gout but stopped before "
            "anyone took part.",
        ),
        (
            "suspended",
            "This clinical trial was set up to investigate Cellmab for gout and has been stopped "
            "for now.",
        ),
        (
            "unknown",
            "This clinical trial was set up to investigate Cellmab for gout; the registry does not "
            "know whether it is still running.",
        ),
    ],
)
def test_the_introduction_speaks_in_the_tense_of_the_status(status, opening):
    trial = TrialFactory(status=status, conditions=[ConditionFactory(name_en="gout")])
    TrialInterventionFactory(trial=trial, intervention=InterventionFactory(name_en="Cellmab"))

    assert section_text(trial_summary(trial), SummarySection.INTRODUCTION).startswith(opening)


def test_a_comparator_and_a_placebo_are_never_investigated_and_say_what_they_are():
    trial = TrialFactory(status="completed", conditions=[ConditionFactory(name_en="gout")])
    for name, role in [
        ("Newmab", "experimental"),
        ("Oldmab", "active_comparator"),
        ("Placebo", "placebo"),
    ]:
        TrialInterventionFactory(
            trial=trial, intervention=InterventionFactory(name_en=name), role=role
        )

    summary = trial_summary(trial)
    assert section_text(summary, "introduction").startswith(
        "This clinical trial investigated Newmab for gout."
    )
    details = section_text(summary, "details")
    assert "In this trial, Oldmab is an active comparator: a treatment that the others" in details
    assert "In this trial, Placebo is the placebo: a dummy treatment" in details
    assert "In this trial, Newmab is a treatment under study." in details


def test_an_intervention_page_says_the_intervention_is_the_placebo_of_its_trials():
    placebo = InterventionFactory(name_en="Placebo")
    for status in ("recruiting", "completed"):
        TrialInterventionFactory(
            trial=TrialFactory(status=status), intervention=placebo, role="placebo"
        )

    opening = section_text(intervention_summary(placebo), "introduction")
    assert "The registries list Placebo in 2 clinical studies." in opening
    assert (
        "It is the placebo in 2 of them: a dummy treatment without an active substance" in opening
    )
    assert "Of these studies, 1 is looking for participants and 1 has ended." in opening
    assert "investigat" not in opening


def test_an_observational_study_observes_and_never_investigates():
    trial = TrialFactory(
        study_type="observational",
        status="completed",
        conditions=[ConditionFactory(name_en="diabetes")],
    )
    TrialInterventionFactory(
        trial=trial, intervention=InterventionFactory(name_en="insulin"), role=""
    )

    summary = trial_summary(trial)
    assert section_text(summary, "introduction").startswith(
        "This observational study is about diabetes. This study observed people who received "
        "insulin, without assigning them a treatment."
    )
    assert "investigat" not in page_text(summary)
    # A completed study: the details speak in the past, as the introduction does.
    assert "The study observed people who received insulin; the researchers did not assign it." in (
        section_text(summary, "details")
    )


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        ("2023-05-17", "actual", "The study started on 17 May 2023."),
        ("2023-05", "actual", "The study started in May 2023."),
        ("2026-12", "estimated", "The expected start date is December 2026."),
        (
            "2003-07",
            "",
            "The registry gives July 2003 as the start date, without saying whether it is the "
            "actual or the expected date.",
        ),
    ],
)
def test_dates_say_whether_they_are_actual_or_expected(value, kind, expected):
    trial = TrialFactory(start_date=value, start_date_type=kind)

    assert expected in section_text(trial_summary(trial), SummarySection.DETAILS)


def test_a_missing_start_date_is_said_to_be_missing():
    assert "The registry does not give a start date." in section_text(
        trial_summary(TrialFactory()), SummarySection.DETAILS
    )


def test_italian_dates_are_written_as_italian_writes_them():
    trial = TrialFactory(start_date="2021-10-08", start_date_type="actual")

    assert "8 ottobre 2021" in section_text(trial_summary(trial, "it"), SummarySection.DETAILS)


def test_reason_for_stopping_and_last_known_status_are_stated():
    stopped = TrialFactory(status="terminated", why_stopped_en="Slow recruitment")
    assert "The registry gives this reason for stopping: “Slow recruitment”." in section_text(
        trial_summary(stopped), "design"
    )
    silent = TrialFactory(status="withdrawn")
    assert "The registry does not give a reason for stopping." in section_text(
        trial_summary(silent), "design"
    )
    unknown = TrialFactory(status="unknown", last_known_status="recruiting")
    assert "Its last known status was “Recruiting”." in section_text(
        trial_summary(unknown), "design"
    )


def test_arms_are_listed_with_their_type_and_what_they_receive():
    trial = TrialFactory()
    link = TrialInterventionFactory(trial=trial, intervention=InterventionFactory(name_en="Newmab"))
    arm = trial.arms.create(label_en="High dose", kind="experimental", order=0)
    arm.interventions.add(link)
    trial.arms.create(label_en="Usual care", kind="no_intervention", order=1)

    design = section_text(trial_summary(trial), "design")
    assert "The registry lists 2 groups of participants (arms):" in design
    assert "“High dose”, experimental group: Newmab." in design
    assert "“Usual care”: a group that receives no intervention." in design


def test_registry_text_is_shown_without_markdown_escapes_or_doubled_stops():
    trial = TrialFactory(public_title_en="“A quoted title.”")
    OutcomeFactory(trial=trial, measure_en=r"Serum creatinine \>1.5 times normal (EFS).")

    summary = trial_summary(trial)
    assert "The study is called “A quoted title”." in section_text(summary, "overview")
    outcomes = section_text(summary, "outcomes")
    assert "is: Serum creatinine >1.5 times normal (EFS)." in outcomes
    assert ".." not in outcomes


def test_every_generated_sentence_names_its_sources():
    trial = complete_trial(intervention=InterventionFactory())

    summary = trial_summary(trial)
    for key in ("overview", "population", "design", "outcomes", "details"):
        for paragraph in section(summary, key).paragraphs:
            for line in paragraph.sentences:
                assert line.sources, line.text
