"""Mapping real ClinicalTrials.gov API v2 records onto TrialRecord (no database needed)."""

import copy
import json
from datetime import date
from pathlib import Path

import pytest

from trials.countries import country_code
from trials.importers.ctgov import is_ctgov_study, map_ctgov_study, split_criteria
from trials.importers.records import IdentifierRecord, RecordError, collected_warnings
from trials.models import (
    Allocation,
    EnrollmentType,
    InterventionKind,
    Masking,
    OutcomeKind,
    Phase,
    RecruitmentStatus,
    Sex,
    StudyType,
    TrialIdentifier,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CTGOV_FILES = sorted((FIXTURES / "ctgov").glob("*.json"))


def load(nct_id):
    return json.loads((FIXTURES / "ctgov" / f"{nct_id}.json").read_text(encoding="utf-8"))


def mapped(nct_id):
    return map_ctgov_study(load(nct_id))


def with_changes(nct_id, change):
    study = copy.deepcopy(load(nct_id))
    change(study["protocolSection"])
    return study


def identifiers(record):
    return {(identifier.value, identifier.kind) for identifier in record.secondary_identifiers}


# --- Every fixture ----------------------------------------------------------------------------


def test_there_are_fixtures():
    assert len(CTGOV_FILES) >= 9


@pytest.mark.parametrize("path", CTGOV_FILES, ids=lambda path: path.stem)
def test_every_fixture_maps(path):
    study = json.loads(path.read_text(encoding="utf-8"))

    assert is_ctgov_study(study)
    record = map_ctgov_study(study)

    assert record.source == "ctgov"
    assert record.primary_identifier == path.stem
    assert record.source_url == f"https://clinicaltrials.gov/study/{path.stem}"
    assert record.public_title["en"]
    assert record.official_title["en"]
    assert record.brief_summary["en"]
    assert record.sponsor
    assert record.conditions
    listed = study["protocolSection"].get("armsInterventionsModule", {}).get("interventions", [])
    # Some records list none; one lists only "no intervention", which is not an intervention.
    assert bool(record.interventions) == any(
        item["name"].strip().casefold() not in ("no intervention", "none") for item in listed
    )
    assert record.outcomes
    assert record.inclusion_criteria["en"]
    assert record.registry_format == "ctgov"
    assert isinstance(record.last_update, date)
    assert record.status in RecruitmentStatus.values
    assert record.study_type in StudyType.values
    assert record.phase in [*Phase.values, ""]
    assert record.allocation in [*Allocation.values, ""]
    assert record.masking in [*Masking.values, ""]
    assert record.enrollment_type in [*EnrollmentType.values, ""]
    assert record.sex in Sex.values
    for arm in record.arms:
        assert all(0 <= index < len(record.interventions) for index in arm.interventions)
    assert all(i.kind in InterventionKind.values for i in record.interventions)
    assert all(o.kind in OutcomeKind.values and o.measure["en"] for o in record.outcomes)
    assert all(len(site.country) == 2 and site.country.isupper() for site in record.sites)
    assert all(site.status in [*RecruitmentStatus.values, ""] for site in record.sites)
    assert path.stem not in {identifier.value for identifier in record.secondary_identifiers}


@pytest.mark.parametrize("path", sorted((FIXTURES / "ctis").glob("*.json")), ids=lambda p: p.stem)
def test_ctis_records_are_not_ctgov_studies(path):
    assert not is_ctgov_study(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "obj",
    [
        None,
        [],
        "NCT05816382",
        {},
        {"protocolSection": {}},
        {"protocolSection": []},
        {"protocolSection": {"identificationModule": {"nctId": ""}}},
    ],
    ids=repr,
)
def test_is_ctgov_study_needs_an_nct_number_in_place(obj):
    assert not is_ctgov_study(obj)


def test_a_malformed_nct_number_still_marks_a_ctgov_study():
    """So that the mapper, not the format detection, says what is wrong with it."""
    study = {"protocolSection": {"identificationModule": {"nctId": 711542}}}

    assert is_ctgov_study(study)
    with pytest.raises(RecordError, match="nctId: expected text"):
        map_ctgov_study(study)


# --- Facts per fixture --------------------------------------------------------------------------


def test_nct05816382_multi_phase_with_eudract_and_who_utn():
    record = mapped("NCT05816382")

    assert record.phase == Phase.PHASE2_PHASE3
    assert record.study_type == StudyType.INTERVENTIONAL
    assert record.allocation == Allocation.RANDOMISED
    assert record.masking == Masking.DOUBLE
    assert record.status == RecruitmentStatus.RECRUITING
    assert record.registry_status == "Recruiting"
    assert record.enrollment == 160
    assert record.enrollment_type == EnrollmentType.PLANNED
    assert record.minimum_age == "16 Years"
    assert record.maximum_age == "70 Years"
    assert record.sex == Sex.ALL
    assert record.healthy_volunteers is False
    assert record.secondary_identifiers == [
        IdentifierRecord("TAK-861-2003", TrialIdentifier.SPONSOR),
        IdentifierRecord("2022-002965-13", "EUDRACT"),
        IdentifierRecord("U1111-1283-1888", "WHO_UTN"),
    ]
    assert {"IT", "FR", "DE", "ES"} <= {site.country for site in record.sites}
    assert record.conditions == ["Narcolepsy Type 1", "Narcolepsy Type 2"]
    assert record.sponsor == "Takeda"
    assert record.start_date == "2023-04-05"
    assert record.last_update == date(2023, 6, 9)


def test_nct05816382_sites_keep_status_and_coordinates():
    sites = mapped("NCT05816382").sites

    assert len(sites) == 72
    first = sites[0]
    assert (first.facility, first.city, first.country) == (
        "Sleep Disorders Center of Alabama",
        "Birmingham",
        "US",
    )
    assert first.status == RecruitmentStatus.RECRUITING
    assert (first.latitude, first.longitude) == (33.52066, -86.80249)
    statuses = {site.status for site in sites}
    assert statuses == {
        RecruitmentStatus.RECRUITING,
        RecruitmentStatus.NOT_YET_RECRUITING,
        RecruitmentStatus.WITHDRAWN,
    }


def test_nct00973089_withdrawn_with_no_participants():
    record = mapped("NCT00973089")

    assert record.status == RecruitmentStatus.WITHDRAWN
    assert record.registry_status == "Withdrawn"
    assert record.enrollment == 0
    assert record.enrollment_type == EnrollmentType.ACTUAL
    assert record.phase == Phase.NOT_APPLICABLE
    assert record.healthy_volunteers is True
    assert record.minimum_age == "5 Years"
    assert record.interventions[0].kind == InterventionKind.OTHER
    assert record.interventions[0].other_names == ("Indirect pulp capping",)
    assert [site.country for site in record.sites] == ["IL"]


def test_nct06171568_observational_with_french_national_identifier():
    record = mapped("NCT06171568")

    assert record.study_type == StudyType.OBSERVATIONAL
    assert record.phase == ""
    assert record.allocation == ""
    assert record.masking == ""
    assert record.status == RecruitmentStatus.NOT_YET_RECRUITING
    assert ("2023-A00386-39", TrialIdentifier.NATIONAL) in identifiers(record)
    assert ("APHP230528", TrialIdentifier.SPONSOR) in identifiers(record)
    assert record.acronym == "ECOG"
    assert record.maximum_age == ""
    assert record.exclusion_criteria == {}
    assert [site.country for site in record.sites] == ["FR"]


def test_nct00711542_terminated():
    record = mapped("NCT00711542")

    assert record.status == RecruitmentStatus.TERMINATED
    assert record.registry_status == "Terminated"
    assert record.phase == Phase.PHASE1_PHASE2
    assert record.masking == Masking.QUADRUPLE
    assert record.interventions[0].kind == InterventionKind.BIOLOGICAL
    assert record.acronym == "REPAIR-ACS"
    assert identifiers(record) == {("2007-08-16 REPAIR-ACS", TrialIdentifier.SPONSOR)}


def test_nct01640457_ten_sites_in_austria_and_germany():
    record = mapped("NCT01640457")
    study = load("NCT01640457")["protocolSection"]

    assert record.phase == Phase.PHASE1_PHASE2
    assert record.status == RecruitmentStatus.COMPLETED
    assert len(record.sites) == 10
    assert {site.country for site in record.sites} == {"AT", "DE"}
    assert [o.kind for o in record.outcomes] == [OutcomeKind.PRIMARY] * 3 + [
        OutcomeKind.SECONDARY
    ] * 17
    first = study["outcomesModule"]["primaryOutcomes"][0]
    assert record.outcomes[0].measure == {"en": first["measure"]}
    assert record.outcomes[0].time_frame == {"en": first["timeFrame"]}
    last = study["outcomesModule"]["secondaryOutcomes"][-1]
    assert record.outcomes[-1].measure == {"en": last["measure"]}
    assert [(i.kind, i.name) for i in record.interventions] == [
        (InterventionKind.DRUG, "NOVOCART® Disc plus"),
        (InterventionKind.DEVICE, "NOVOCART® Disc basic"),
    ]


def test_nct02552212_eudract_number_and_other_names():
    record = mapped("NCT02552212")

    assert ("2015-001894-41", "EUDRACT") in identifiers(record)
    assert record.phase == Phase.PHASE3
    assert len(record.sites) == 105
    # CT.gov names: "Russian Federation", "Czechia", "Taiwan", "United States".
    assert {"RU", "CZ", "TW", "US"} <= {site.country for site in record.sites}
    certolizumab = record.interventions[0]
    assert certolizumab.kind == InterventionKind.BIOLOGICAL
    assert certolizumab.other_names == ("Cimzia", "CDP870")
    assert record.maximum_age == ""


def test_nct05883644_single_arm_and_korea():
    record = mapped("NCT05883644")

    assert record.allocation == Allocation.SINGLE_ARM
    assert record.masking == Masking.NONE
    assert record.status == RecruitmentStatus.NOT_YET_RECRUITING
    assert record.registry_status == "Not yet recruiting"
    assert len(record.sites) == 47
    assert {"KR", "HK", "VN", "IT"} <= {site.country for site in record.sites}


def test_nct05896748_active_not_recruiting():
    record = mapped("NCT05896748")

    assert record.status == RecruitmentStatus.ACTIVE_NOT_RECRUITING
    assert record.registry_status == "Active, not recruiting"
    assert record.allocation == Allocation.SINGLE_ARM
    assert len([o for o in record.outcomes if o.kind == OutcomeKind.PRIMARY]) == 6
    assert len([o for o in record.outcomes if o.kind == OutcomeKind.SECONDARY]) == 36


def test_brief_summary_is_kept_as_commonmark():
    study = load("NCT05816382")
    record = map_ctgov_study(study)

    summary = study["protocolSection"]["descriptionModule"]["briefSummary"]
    assert record.brief_summary == {"en": summary.strip()}
    assert record.public_title == {
        "en": "A Study of TAK-861 for the Treatment of Selected Central Hypersomnia Conditions"
    }


# --- Dates --------------------------------------------------------------------------------------


def test_partial_dates_stay_partial():
    record = mapped("NCT00711542")

    assert record.start_date == "2008-09"
    assert record.completion_date == "2015-12"
    assert record.last_update == date(2017, 1, 12)
    assert mapped("NCT01640457").completion_date == "2021-06-14"


@pytest.mark.parametrize(
    ("given", "kept"),
    [("2023", "2023"), ("2023-05", "2023-05"), ("2023-05-17", "2023-05-17"), ("2023-13", "")],
)
def test_start_date_forms(given, kept):
    def change(protocol):
        protocol["statusModule"]["startDateStruct"]["date"] = given

    assert map_ctgov_study(with_changes("NCT00711542", change)).start_date == kept


# --- Eligibility ----------------------------------------------------------------------------------


def test_criteria_are_split_at_their_headings():
    record = mapped("NCT05816382")

    inclusion, exclusion = record.inclusion_criteria["en"], record.exclusion_criteria["en"]
    assert inclusion.startswith("1. Participant with a diagnosis of narcolepsy")
    assert "Exclusion" not in inclusion
    assert exclusion.startswith("1. Participant has a moderate or severe ongoing")
    assert "8. Participant has epilepsy or history of seizure." in exclusion


def test_specific_criteria_headings_stay_in_their_section():
    record = mapped("NCT01640457")

    inclusion, exclusion = record.inclusion_criteria["en"], record.exclusion_criteria["en"]
    assert inclusion.startswith("1. The patient has a disc herniation")
    assert "Radiological Inclusion Criteria" in inclusion
    assert "Radiological Exclusion Criteria" not in inclusion
    assert exclusion.startswith("1. The patient has had a previous surgery")
    assert "Radiological Exclusion Criteria" in exclusion
    assert "Exclusion criteria determined after tissue explant/sequestrectomy" in exclusion
    assert exclusion.endswith(
        "Recurrent disc herniation after surgery and prior transplantation/implantation."
    )


def test_criteria_written_on_one_line_get_their_lists_and_sections_back():
    record = mapped("NCT01892319")

    inclusion, exclusion = record.inclusion_criteria["en"], record.exclusion_criteria["en"]
    assert inclusion.startswith("* Informed consent obtained before any data collection\n")
    assert "* Woman with a positive pregnancy test\n" in inclusion
    assert "Exclusion" not in inclusion
    assert exclusion == (
        "* Women who have been pregnant for more than 16 weeks at baseline visit will be "
        "excluded from the study"
    )


@pytest.mark.parametrize(
    ("text", "inclusion", "exclusion"),
    [
        ("Inclusion Criteria:\n\n* a\n\nExclusion Criteria:\n\n* b", "* a", "* b"),
        ("Inclusion criteria\n* a\nExclusion criteria\n* b", "* a", "* b"),
        ("Key Inclusion Criteria:\n- a\n\nKey Exclusion Criteria:\n- b", "- a", "- b"),
        ("INCLUSION CRITERIA:\n* a\nEXCLUSION CRITERIA:\n* b", "* a", "* b"),
        ("**Inclusion Criteria:**\n* a\n### Exclusion criteria\n* b", "* a", "* b"),
        ("Inclusion criteria: adults\nExclusion criteria: pregnancy", "adults", "pregnancy"),
        (
            "Adults with asthma.\n\nExclusion Criteria:\n* smokers",
            "Adults with asthma.",
            "* smokers",
        ),
        ("* adults\n* with asthma", "* adults\n* with asthma", ""),
        ("Exclusion Criteria:\n* smokers", "", "* smokers"),
        (
            "Inclusion Criteria:\n* meets the exclusion criteria of study X\n"
            "Exclusion Criteria:\n* b",
            "* meets the exclusion criteria of study X",
            "* b",
        ),
        (
            "Inclusion Criteria: - Adults - Aged 18 - 65 Exclusion Criteria: - Smokers",
            "* Adults\n* Aged 18 - 65",
            "* Smokers",
        ),
        ("Inclusion Criteria: aged 18 - 65 years", "aged 18 - 65 years", ""),
        ("", "", ""),
    ],
)
def test_split_criteria(text, inclusion, exclusion):
    assert split_criteria(text) == (inclusion, exclusion)


def test_criteria_without_headings_are_all_inclusion():
    def change(protocol):
        protocol["eligibilityModule"]["eligibilityCriteria"] = "DISEASE CHARACTERISTICS:\n* x"

    record = map_ctgov_study(with_changes("NCT00711542", change))

    assert record.inclusion_criteria == {"en": "DISEASE CHARACTERISTICS:\n* x"}
    assert record.exclusion_criteria == {}


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("18 Years", "18 Years"),
        ("18  years", "18 Years"),
        (" 6 MONTHS ", "6 Months"),
        ("1 Year", "1 Year"),
        ("1 Years", "1 Year"),
        ("28 Day", "28 Days"),
        ("12 Hours", "12 Hours"),
        ("30 Minutes", "30 Minutes"),
        ("N/A", ""),
        ("18", ""),
        ("eighteen years", ""),
        ("18 Years and older", ""),
    ],
)
def test_ages_keep_the_registry_form(given, kept):
    def change(protocol):
        protocol["eligibilityModule"]["minimumAge"] = given

    assert map_ctgov_study(with_changes("NCT00711542", change)).minimum_age == kept


# --- Design and status --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phases", "phase"),
    [
        (["PHASE1", "PHASE2"], Phase.PHASE1_PHASE2),
        (["PHASE2", "PHASE1"], Phase.PHASE1_PHASE2),
        (["PHASE2", "PHASE3"], Phase.PHASE2_PHASE3),
        (["EARLY_PHASE1"], Phase.EARLY_PHASE1),
        (["PHASE4"], Phase.PHASE4),
        (["NA"], Phase.NOT_APPLICABLE),
        ([], ""),
        (None, ""),
        (["PHASE1", "PHASE3"], ""),
    ],
)
def test_phases(phases, phase):
    def change(protocol):
        protocol["designModule"]["phases"] = phases

    assert map_ctgov_study(with_changes("NCT00711542", change)).phase == phase


@pytest.mark.parametrize(
    ("allocation", "model", "expected"),
    [
        ("RANDOMIZED", "PARALLEL", Allocation.RANDOMISED),
        ("NON_RANDOMIZED", "SEQUENTIAL", Allocation.NON_RANDOMISED),
        ("NA", "SINGLE_GROUP", Allocation.SINGLE_ARM),
        ("NA", "PARALLEL", ""),
        (None, "SINGLE_GROUP", Allocation.SINGLE_ARM),
        (None, None, ""),
    ],
)
def test_allocation(allocation, model, expected):
    def change(protocol):
        protocol["designModule"]["designInfo"] = {
            "allocation": allocation,
            "interventionModel": model,
        }

    assert map_ctgov_study(with_changes("NCT00711542", change)).allocation == expected


@pytest.mark.parametrize(
    ("overall", "status", "words"),
    [
        (
            "ENROLLING_BY_INVITATION",
            RecruitmentStatus.ENROLLING_BY_INVITATION,
            "Enrolling by invitation",
        ),
        ("SUSPENDED", RecruitmentStatus.SUSPENDED, "Suspended"),
        ("UNKNOWN", RecruitmentStatus.UNKNOWN, "Unknown status"),
        ("WITHHELD", RecruitmentStatus.UNKNOWN, "Withheld"),
        ("AVAILABLE", RecruitmentStatus.UNKNOWN, "Available"),
        ("NO_LONGER_AVAILABLE", RecruitmentStatus.UNKNOWN, "No longer available"),
        ("TEMPORARILY_NOT_AVAILABLE", RecruitmentStatus.SUSPENDED, "Temporarily not available"),
        ("APPROVED_FOR_MARKETING", RecruitmentStatus.UNKNOWN, "Approved for marketing"),
        ("SOMETHING_NEW", RecruitmentStatus.UNKNOWN, "Something new"),
        (None, RecruitmentStatus.UNKNOWN, ""),
    ],
)
def test_overall_status(overall, status, words):
    def change(protocol):
        protocol["statusModule"]["overallStatus"] = overall

    record = map_ctgov_study(with_changes("NCT00711542", change))

    assert (record.status, record.registry_status) == (status, words)


def test_registry_status_leaves_out_why_stopped():
    assert mapped("NCT00711542").registry_status == "Terminated"


def test_genetic_intervention_is_called_genetic_and_an_unknown_type_is_not_given():
    def change(protocol):
        interventions = protocol["armsInterventionsModule"]["interventions"]
        interventions[0]["type"] = "GENETIC"
        interventions[1]["type"] = "SOMETHING_NEW"

    record = map_ctgov_study(with_changes("NCT00711542", change))

    # "Genetic (including gene transfer, stem cell and recombinant DNA)" is not gene therapy.
    assert [i.kind for i in record.interventions] == [InterventionKind.GENETIC, ""]


# --- Identifiers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        ({"id": "2023-505613-24-00", "type": "OTHER"}, ("2023-505613-24-00", "EUCT")),
        ({"id": "2023-505613-24-00", "type": "CTIS"}, ("2023-505613-24-00", "EUCT")),
        ({"id": "EU CT 2023-505613-24-00", "type": "CTIS"}, ("2023-505613-24-00", "EUCT")),
        ({"id": "EudraCT 2015-001894-41", "type": "EUDRACT_NUMBER"}, ("2015-001894-41", "EUDRACT")),
        ({"id": "UTN: U1111-1234-5678", "type": "OTHER"}, ("U1111-1234-5678", "WHO_UTN")),
        (
            {"id": "u1111-1234-5678", "type": "OTHER", "domain": "WHO"},
            ("U1111-1234-5678", "WHO_UTN"),
        ),
        ({"id": "ISRCTN96912679", "type": "REGISTRY"}, ("ISRCTN96912679", "ISRCTN")),
        ({"id": "DRKS00012345", "type": "OTHER", "domain": "DRKS"}, ("DRKS00012345", "DRKS")),
        ({"id": "jRCT2031210123", "type": "OTHER"}, ("jRCT2031210123", "JRCT")),
        (
            {"id": "2023-A00386-39", "type": "OTHER", "domain": "ID-RCB"},
            ("2023-A00386-39", TrialIdentifier.NATIONAL, "ID-RCB"),
        ),
        ({"id": "2021-A01234-56", "type": "OTHER"}, ("2021-A01234-56", TrialIdentifier.NATIONAL)),
        ({"id": "UMIN000012345", "type": "OTHER"}, ("UMIN000012345", TrialIdentifier.NATIONAL)),
        (
            {"id": "ENCEPP/SDPP/4137", "type": "REGISTRY", "domain": "EU PAS"},
            ("ENCEPP/SDPP/4137", TrialIdentifier.OTHER_REGISTRY, "EU PAS"),
        ),
        ({"id": "ABC-123", "type": "REGISTRY"}, ("ABC-123", TrialIdentifier.OTHER_REGISTRY)),
        ({"id": "R01HL123456", "type": "NIH"}, ("R01HL123456", TrialIdentifier.GRANT, "NIH")),
        (
            {"id": "73065", "type": "OTHER_GRANT", "domain": "Robert Wood Johnson Foundation"},
            ("73065", TrialIdentifier.GRANT, "Robert Wood Johnson Foundation"),
        ),
        # A number whose kind the record does not say is another identifier, not a sponsor's.
        ({"id": "  Study  42 ", "type": "OTHER"}, ("Study 42", TrialIdentifier.OTHER)),
    ],
)
def test_secondary_identifier_kinds(info, expected):
    def change(protocol):
        protocol["identificationModule"]["secondaryIdInfos"] = [info]

    record = map_ctgov_study(with_changes("NCT00711542", change))

    assert record.secondary_identifiers[-1] == IdentifierRecord(*expected)


def test_identifiers_are_not_repeated_and_the_nct_number_is_not_secondary():
    def change(protocol):
        identification = protocol["identificationModule"]
        identification["orgStudyIdInfo"] = {"id": "2015-001894-41"}
        identification["secondaryIdInfos"] = [
            {"id": "2015-001894-41", "type": "EUDRACT_NUMBER"},
            {"id": "NCT00711542", "type": "REGISTRY"},
            {"id": "NCT01234567", "type": "REGISTRY"},
            {"id": "", "type": "OTHER"},
            {"id": "N/A", "type": "EUDRACT_NUMBER"},
            {"id": " - ", "type": "OTHER"},
        ]

    record = map_ctgov_study(with_changes("NCT00711542", change))

    assert record.secondary_identifiers == [
        IdentifierRecord("2015-001894-41", "EUDRACT"),
        IdentifierRecord("NCT01234567", "NCT"),
    ]


# --- Countries ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("United States", "US"),
        ("Korea, Republic of", "KR"),
        ("Russian Federation", "RU"),
        ("Turkey", "TR"),
        ("Türkiye", "TR"),
        ("Czechia", "CZ"),
        ("Czech Republic", "CZ"),
        ("Taiwan", "TW"),
        ("Iran, Islamic Republic of", "IR"),
        ("Moldova, Republic of", "MD"),
        ("Macedonia, The Former Yugoslav Republic of", "MK"),
        ("Congo, The Democratic Republic of the", "CD"),
        ("Cote D'Ivoire", "CI"),
        ("Viet Nam", "VN"),
        ("Vietnam", "VN"),
        ("Hong Kong", "HK"),
        ("united kingdom", "GB"),
        ("Former Serbia and Montenegro", ""),
        ("Atlantis", ""),
        ("", ""),
        ("Guinea Bissau", "GW"),
        ("ES", "ES"),
        ("XX", ""),
    ],
)
def test_country_code(name, code):
    assert country_code(name) == code


def test_a_site_in_an_unknown_country_is_skipped_and_the_record_kept():
    def change(protocol):
        protocol["contactsLocationsModule"]["locations"][0]["country"] = "Atlantis"

    with collected_warnings() as warnings:
        record = map_ctgov_study(with_changes("NCT00711542", change))

    assert len(record.sites) == 1
    assert record.sites[0].country == "DE"
    assert warnings == [
        "protocolSection.contactsLocationsModule.locations[0].country: "
        "the text 'Atlantis' is not a country we know; the site is left out"
    ]


def test_a_site_without_coordinates_has_none():
    def change(protocol):
        protocol["contactsLocationsModule"]["locations"][0].pop("geoPoint", None)

    record = map_ctgov_study(with_changes("NCT05816382", change))

    assert (record.sites[0].latitude, record.sites[0].longitude) == (None, None)


# --- Errors -------------------------------------------------------------------------------------


def _set(path, value):
    """A change that sets `value` at a dotted path below protocolSection (ints index lists)."""

    def change(protocol):
        *parents, last = path.split(".")
        node = protocol
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value

    return change


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("designModule.phases", "PHASE3", "designModule.phases: expected a list of texts"),
        ("designModule.phases", ["PHASE3", 3], "designModule.phases[1]: expected text"),
        ("designModule.enrollmentInfo.count", "lots", "enrollmentInfo.count: expected a whole"),
        ("designModule.enrollmentInfo.count", True, "enrollmentInfo.count: expected a whole"),
        ("designModule.enrollmentInfo.count", -5, "enrollmentInfo.count: expected a number of"),
        ("designModule", ["INTERVENTIONAL"], "protocolSection.designModule: expected an object"),
        ("designModule.designInfo.maskingInfo", "NONE", "maskingInfo: expected an object"),
        (
            "contactsLocationsModule.locations",
            {"city": "Frankfurt"},
            "contactsLocationsModule.locations: expected a list of objects",
        ),
        ("contactsLocationsModule.locations.1", "Frankfurt", "locations[1]: expected an object"),
        ("contactsLocationsModule.locations.0.geoPoint.lat", "50.1", "geoPoint.lat: expected a"),
        ("contactsLocationsModule.locations.0.country", 276, "locations[0].country: expected text"),
        ("conditionsModule.conditions", "Heart attack", "conditions: expected a list of texts"),
        ("identificationModule.briefTitle", ["A", "B"], "briefTitle: expected text"),
        ("identificationModule.secondaryIdInfos", {"id": "X"}, "secondaryIdInfos: expected a list"),
        ("identificationModule.orgStudyIdInfo", "X-1", "orgStudyIdInfo: expected an object"),
        ("eligibilityModule.healthyVolunteers", "No", "healthyVolunteers: expected true or false"),
        ("eligibilityModule.minimumAge", 18, "minimumAge: expected text"),
        ("eligibilityModule.eligibilityCriteria", ["a"], "eligibilityCriteria: expected text"),
        ("armsInterventionsModule.interventions.0.otherNames", "x", "otherNames: expected a list"),
        ("outcomesModule.primaryOutcomes", "death", "primaryOutcomes: expected a list of objects"),
        (
            "outcomesModule.primaryOutcomes.0.timeFrame",
            12,
            "primaryOutcomes[0].timeFrame: expected",
        ),
        ("statusModule.overallStatus", 3, "statusModule.overallStatus: expected text"),
        ("statusModule.startDateStruct", "2008-09", "startDateStruct: expected an object"),
        ("sponsorCollaboratorsModule.leadSponsor.name", {}, "leadSponsor.name: expected text"),
    ],
)
def test_a_field_of_the_wrong_type_is_a_record_error(path, value, message):
    study = with_changes("NCT00711542", _set(path, value))

    with pytest.raises(RecordError) as raised:
        map_ctgov_study(study)

    assert message in str(raised.value)
    assert str(raised.value).startswith("protocolSection.")
    assert "found" in str(raised.value)


def test_the_error_message_says_what_was_found():
    study = with_changes("NCT00711542", _set("designModule.enrollmentInfo.count", "lots"))

    with pytest.raises(RecordError, match="found the text 'lots'"):
        map_ctgov_study(study)


def test_a_missing_nct_number_is_a_record_error():
    study = with_changes("NCT00711542", lambda p: p["identificationModule"].pop("nctId"))

    with pytest.raises(RecordError, match=r"identificationModule\.nctId is missing"):
        map_ctgov_study(study)


def test_a_missing_protocol_section_is_a_record_error():
    with pytest.raises(RecordError, match="nctId is missing"):
        map_ctgov_study({"derivedSection": {}})


@pytest.mark.parametrize("nct_id", ["NCT123", "ISRCTN96912679", "2015-001894-41", "nct"])
def test_a_malformed_nct_number_is_a_record_error(nct_id):
    study = with_changes("NCT00711542", _set("identificationModule.nctId", nct_id))

    with pytest.raises(RecordError, match="is not an NCT number"):
        map_ctgov_study(study)


def test_an_nct_number_of_the_wrong_type_is_a_record_error():
    study = with_changes("NCT00711542", _set("identificationModule.nctId", 711542))

    with pytest.raises(RecordError, match=r"nctId: expected text, found the number 711542"):
        map_ctgov_study(study)


def test_an_nct_number_is_read_in_its_canonical_form():
    study = with_changes("NCT00711542", _set("identificationModule.nctId", " nct00711542 "))

    assert map_ctgov_study(study).primary_identifier == "NCT00711542"


@pytest.mark.parametrize("obj", [None, [], "NCT00711542", 42])
def test_a_study_that_is_not_an_object_is_a_record_error(obj):
    with pytest.raises(RecordError, match="expected a ClinicalTrials.gov study"):
        map_ctgov_study(obj)


# --- Arms, roles, dates and stops, read from real records ---------------------------------------


def mapped_fixture(nct_id):
    return map_ctgov_study(json.loads((FIXTURES / "ctgov" / f"{nct_id}.json").read_text()))


def test_arms_are_read_with_their_type_and_interventions():
    record = mapped_fixture("NCT00711542")
    assert [(arm.label, arm.kind, arm.interventions) for arm in record.arms] == [
        ("1", "active_comparator", (0,)),
        ("2", "placebo_comparator", (1,)),
    ]
    # The cells are given only in a group the record calls an active comparator.
    assert [(i.name, i.role) for i in record.interventions] == [
        ("autologous bone marrow-derived progenitor cells", "active_comparator"),
        ("placebo medium", "placebo"),
    ]


def test_a_placebo_is_a_placebo_even_in_a_group_typed_experimental():
    record = mapped_fixture("NCT02210780")
    assert [arm.kind for arm in record.arms] == ["experimental", "experimental"]
    assert {i.name: i.role for i in record.interventions} == {
        "Dupilumab": "experimental",
        "Placebo": "placebo",
    }
    # Each trial's description of its intervention is kept with that trial's record.
    assert record.interventions[1].description.startswith("An inactive substance")


def test_a_sham_comparator_and_an_intervention_in_groups_of_several_types():
    assert {i.name: i.role for i in mapped_fixture("NCT03607838").interventions} == {
        "SI-6603": "experimental",
        "Sham injection": "sham",
    }
    roles = {i.name: i.role for i in mapped_fixture("NCT00712335").interventions}
    assert "several" in roles.values()


def test_dates_keep_whether_they_are_actual_or_expected():
    record = mapped_fixture("NCT05816382")
    assert (record.start_date, record.start_date_type) == ("2023-04-05", "actual")
    assert (record.primary_completion_date, record.primary_completion_date_type) == (
        "2026-12-31",
        "estimated",
    )
    assert (record.completion_date, record.completion_date_type) == ("2026-12-31", "estimated")
    # Older records give no type for some dates: none is guessed.
    old = mapped_fixture("NCT00162175")
    assert (old.start_date, old.start_date_type) == ("2003-07", "")


def test_reason_for_stopping_and_last_known_status():
    assert mapped_fixture("NCT00711542").why_stopped == {"en": "Slow recruitment"}
    unknown = mapped_fixture("NCT04027062")
    assert (unknown.status, unknown.last_known_status) == ("unknown", "not_yet_recruiting")
    assert unknown.start_date_type == "estimated"


def test_observational_study_keeps_the_population_it_observes():
    record = mapped_fixture("NCT01892319")
    assert record.study_type == "observational"
    assert record.study_population["en"].startswith("Women with diabetes mellitus")
    assert [i.role for i in record.interventions] == ["", ""]
