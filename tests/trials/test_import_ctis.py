"""Mapping real EU CTIS records (ctrdata's demo database, both portal generations)."""

import copy
import json
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation

from trials.importers.ctis import (
    CTIS_PUBLIC_STATUSES,
    CTIS_STATUS_TO_RECRUITMENT,
    is_ctis_record,
    map_ctis_record,
)
from trials.importers.preparation import prepare
from trials.importers.records import CountryStatusRecord, IdentifierRecord, RecordError
from trials.importers.sources import SourceItem
from trials.models import TrialIdentifier

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ctis"
CTIS_FILES = sorted(FIXTURES.glob("*.json"))
CTIS2_ZANAMIVIR = "2024-510663-34-00"
CTIS2_POSACONAZOLE = "2023-505613-24-00"
CTIS1_PAMAPIMOD = "2022-500244-37-00"
CTIS1_BACLOFEN = "2023-508143-51-01"
PART_I_2 = ("authorizedApplication", "authorizedPartI")


def load(ct_number: str) -> dict:
    return json.loads((FIXTURES / f"{ct_number}.json").read_text(encoding="utf-8"))


def mapped(ct_number: str):
    return map_ctis_record(load(ct_number))


def test_the_fixtures_are_there():
    assert {CTIS2_ZANAMIVIR, CTIS2_POSACONAZOLE, CTIS1_PAMAPIMOD, CTIS1_BACLOFEN} <= {
        path.stem for path in CTIS_FILES
    }
    assert len(CTIS_FILES) >= 9


@pytest.mark.parametrize("path", CTIS_FILES, ids=lambda path: path.stem)
def test_every_fixture_is_recognised_and_maps(path):
    obj = json.loads(path.read_text(encoding="utf-8"))
    assert is_ctis_record(obj)
    record = map_ctis_record(obj)
    assert record.source == "ctis"
    assert record.primary_identifier == path.stem
    assert record.source_url == f"https://euclinicaltrials.eu/ctis-public/view/{path.stem}"
    assert record.official_title["en"]
    assert record.public_title["en"]
    assert record.brief_summary["en"]
    assert record.conditions
    assert record.interventions
    assert record.outcomes and record.outcomes[0].kind == "primary"
    assert record.sites
    assert record.country_statuses
    assert record.inclusion_criteria["en"].startswith("1. ")
    assert record.exclusion_criteria["en"].startswith("1. ")
    assert record.study_type == "interventional"
    assert record.sex in ("all", "female")
    assert record.enrollment_type == "planned"
    assert record.registry_format in ("ctis1", "ctis2")
    assert record.age_groups
    assert (record.minimum_age, record.maximum_age) == ("", "")
    assert isinstance(record.last_update, date)
    assert record.sponsor


@pytest.mark.parametrize(
    "obj",
    [
        None,
        [],
        {},
        {"ctNumber": "NCT04494412", "authorizedApplication": {}},
        {"ctNumber": "2024-510663-34-00"},  # an EU CT number but nothing of CTIS
        {"protocolSection": {"identificationModule": {"nctId": "NCT04494412"}}},
    ],
)
def test_other_objects_are_not_ctis_records(obj):
    assert not is_ctis_record(obj)


def test_public_statuses_and_their_normalised_status():
    assert sorted(CTIS_PUBLIC_STATUSES) == list(range(1, 13))
    assert str(CTIS_PUBLIC_STATUSES[4]) == "Ongoing, recruiting"
    assert str(CTIS_PUBLIC_STATUSES[12]) == "Cancelled"
    expected = {
        1: "not_yet_recruiting",
        2: "not_yet_recruiting",
        3: "recruiting",
        4: "recruiting",
        5: "active_not_recruiting",
        6: "suspended",
        7: "suspended",
        8: "ended",
        9: "withdrawn",
        10: "terminated",
        11: "withdrawn",
        12: "withdrawn",
    }
    assert CTIS_STATUS_TO_RECRUITMENT == expected


def test_status_words_are_translatable():
    with translation.override("en"):
        assert str(CTIS_PUBLIC_STATUSES[8]) == "Ended"


# --------------------------------------------------------------------------- CTIS2


def test_zanamivir_ctis2_record():
    record = mapped(CTIS2_ZANAMIVIR)
    assert record.status_code == 4
    assert str(CTIS_PUBLIC_STATUSES[record.status_code]) == "Ongoing, recruiting"
    assert record.registry_status == "Ongoing, recruiting"
    assert record.status == "recruiting"
    assert record.phase == "phase2"
    assert record.registry_format == "ctis2"
    assert record.country_statuses == [
        CountryStatusRecord("ES", "Authorised", status_code=4, planned_participants=7),
        CountryStatusRecord("IT", "Authorised", status_code=4, planned_participants=4),
    ]
    # SOURCES.md says "Barcelona": the hospital is Sant Joan de Déu Barcelona, whose address
    # is in Esplugues de Llobregat, and that is what the record states.
    assert [(site.city, site.country) for site in record.sites] == [
        ("Esplugues De Llobregat", "ES"),
        ("Madrid", "ES"),
        ("Messina", "IT"),
        ("Milan", "IT"),
        ("Rome", "IT"),
        ("Florence", "IT"),
    ]
    assert record.sites[0].facility == "Sant Joan De Deu Barcelona Hospital"
    assert all(site.status == "" for site in record.sites)
    assert record.public_title["es"].startswith("Estudio abierto, de un solo brazo")
    assert record.official_title["es"].startswith("Estudio abierto")
    assert record.brief_summary["es"].startswith("Caracterizar")
    assert set(record.inclusion_criteria) == {"en", "es"}
    assert record.inclusion_criteria["es"].startswith("1. Edad.")
    assert "\n2. " in record.inclusion_criteria["en"]
    # The short title is a title, not an identifier.
    assert record.secondary_identifiers == [
        IdentifierRecord("2019-001588-63", "EUDRACT"),
        IdentifierRecord("NCT04494412", "NCT"),
    ]
    assert record.short_title == "200925"
    [zanamivir] = record.interventions
    assert zanamivir.name == "Zanamivir"
    assert zanamivir.kind == "drug"  # every substance is a chemical
    assert zanamivir.role == "experimental"
    assert zanamivir.route == "intravenous use"
    assert zanamivir.max_daily_dose == "24 mg/kg"
    assert zanamivir.other_names == ("Dectova 10 mg/mL solution for infusion",)
    assert record.conditions == ["Influenza, Human"]
    assert (record.enrollment, record.enrollment_eea) == (11, 11)
    # The age groups as given, never turned into limits ("17 years or younger").
    assert record.age_groups == ["0-17"]
    assert (record.minimum_age, record.maximum_age) == ("", "")
    assert (record.start_date, record.start_date_type) == ("2021-01-29", "actual")
    assert (record.completion_date, record.completion_date_type) == ("2026-12-09", "estimated")
    assert record.last_update == date(2025, 9, 15)
    assert record.sponsor == "Glaxosmithkline Research & Development Limited"
    assert [outcome.kind for outcome in record.outcomes] == ["primary"] * 4
    assert record.outcomes[0].measure["en"] == (
        "Area under the serum concentration-time curve (AUC)"
    )
    # The title says "open label, single arm", but no structured field does.
    assert (record.allocation, record.masking) == ("", "")


def test_posaconazole_ctis2_record():
    record = mapped(CTIS2_POSACONAZOLE)
    member_states = [status for status in record.country_statuses if status.is_member_state]
    others = [status for status in record.country_statuses if not status.is_member_state]
    assert {status.country for status in member_states} == {"BE", "PL", "GR"}
    assert all(status.status_code == 4 for status in member_states)
    assert all(status.authorisation == "Authorised" for status in member_states)
    # Part I's rest of the world: countries outside the EEA, with no decision of theirs.
    assert {status.country for status in others} == {"US", "MX", "PE", "RU", "IL", "PH"}
    assert all(not status.authorisation and status.status_code is None for status in others)
    values = {(i.value, i.kind) for i in record.secondary_identifiers}
    assert ("NCT04665037", "NCT") in values
    assert ("2019-003842-34", "EUDRACT") in values
    assert record.short_title == "MK-5592-127"
    # "IND" numbers in additionalRegistries: not a registry we know, kept with their issuer.
    assert IdentifierRecord("75,061", TrialIdentifier.OTHER_REGISTRY, "IND") in (
        record.secondary_identifiers
    )
    # Greek and Polish translations exist, but the site has no such languages.
    for texts in (record.public_title, record.official_title, record.inclusion_criteria):
        assert set(texts) == {"en"}
    assert record.public_title["en"].startswith("Posaconazole (MK-5592)")
    [posaconazole] = record.interventions  # three Test products, one substance
    assert posaconazole.name == "Posaconazole"
    assert set(posaconazole.other_names) == {
        "Noxafil 300 mg concentrate for solution for infusion",
        "MK-5592",
    }
    assert record.phase == "phase2"
    assert record.healthy_volunteers is False
    assert record.start_date == "2021-04-28"  # Poland's start, the earliest
    assert len([o for o in record.outcomes if o.kind == "primary"]) == 14
    assert len([o for o in record.outcomes if o.kind == "secondary"]) == 6
    assert record.sponsor == "Merck Sharp & Dohme LLC"


# --------------------------------------------------------------------------- CTIS1


def test_pamapimod_ctis1_record():
    record = mapped(CTIS1_PAMAPIMOD)
    assert record.registry_status == "Authorised, not started"
    assert record.status == "not_yet_recruiting"
    assert record.status_code == 2  # "Authorised, recruitment pending" in today's words
    assert record.registry_format == "ctis1"
    assert record.country_statuses == [
        CountryStatusRecord("DE", "Authorised", status_code=2, planned_participants=150),
        CountryStatusRecord("CH", is_member_state=False),
    ]
    assert [(site.city, site.country) for site in record.sites] == [
        ("Cologne", "DE"),
        ("Heidelberg", "DE"),
    ]
    assert record.phase == "phase2"
    # Placebo products are interventions too, in their role: placebo.
    assert [(i.name, i.role) for i in record.interventions] == [
        ("Pioglitazone hydrochloride", "experimental"),
        ("Pioglitazone Placebo", "placebo"),
        ("Pamapimod", "experimental"),
        ("Pamapimod Placebo", "placebo"),
    ]
    assert record.interventions[2].other_names == ("KIN001",)
    # Not every substance is a chemical, and the product is no advanced therapy: a medicine.
    assert record.interventions[2].kind == "medicine"
    assert record.interventions[1].kind == ""  # a placebo has no type of its own
    assert record.secondary_identifiers == []
    assert record.short_title == "KIN001-204"
    assert record.age_groups == ["18-64", "65+"]
    # 150 planned in Germany, the only member state, and 290 in the rest of the world.
    assert (record.enrollment, record.enrollment_eea) == (440, 150)
    # Not started: the expected start of recruitment, as expected.
    assert (record.start_date, record.start_date_type) == ("2022-06-01", "estimated")
    assert record.completion_date == "2023-12-31"
    assert record.last_update == date(2022, 8, 3)
    assert record.sponsor == "Kinarus AG"
    # The title says "double-blind, randomized", but the study design periods are empty.
    assert (record.allocation, record.masking) == ("", "")


def test_baclofen_ctis1_record():
    record = mapped(CTIS1_BACLOFEN)
    assert IdentifierRecord("2021-004994-30", "EUDRACT") in record.secondary_identifiers
    assert record.phase == "phase4"
    assert record.primary_identifier == "2023-508143-51-01"
    assert record.country_statuses[0].country == "NL"
    assert record.interventions[0].name == "Baclofen"
    # Dutch translation exists, but the site has no Dutch.
    assert set(record.public_title) == {"en"}


# --------------------------------------------------------------------------- edge cases


def test_phase_words_when_the_code_is_missing():
    obj = load(CTIS2_ZANAMIVIR)
    del obj["authorizedApplication"]["authorizedPartI"]["trialDetails"]["trialInformation"][
        "trialCategory"
    ]["trialPhase"]
    for words, phase in [
        ("Therapeutic exploratory (Phase II)", "phase2"),
        ("Phase II and Phase III (Integrated)", "phase2_phase3"),
        ("Human Pharmacology (Phase I)- First administration to humans", "phase1"),
        ("Therapeutic confirmatory  (Phase III)", "phase3"),
        ("Therapeutic use (Phase IV)", "phase4"),
        ("Phase I and Phase II (Integrated) - Other", "phase1_phase2"),
        ("Phase III and phase IV (Integrated)", "phase3_phase4"),
        ("Something new", ""),
    ]:
        obj["trialPhase"] = words
        assert map_ctis_record(obj).phase == phase, words


@pytest.mark.parametrize(
    ("code", "phase"),
    [("1", "phase1"), ("5", "phase3"), ("10", "phase2_phase3"), ("11", "phase3_phase4")],
)
def test_phase_codes(code, phase):
    obj = load(CTIS2_ZANAMIVIR)
    info = obj["authorizedApplication"]["authorizedPartI"]["trialDetails"]["trialInformation"]
    info["trialCategory"]["trialPhase"] = code
    assert map_ctis_record(obj).phase == phase


def test_structured_design_is_read():
    obj = load(CTIS2_ZANAMIVIR)
    details = obj["authorizedApplication"]["authorizedPartI"]["trialDetails"]
    details["protocolInformation"]["studyDesign"]["periodDetails"] = [
        {"title": "Treatment", "allocationMethod": "1", "blindingMethod": "Double blind"}
    ]
    record = map_ctis_record(obj)
    assert (record.allocation, record.masking) == ("randomised", "double")


@pytest.mark.parametrize(
    ("words", "code", "status"),
    [
        ("Ongoing, recruitment ended", 5, "active_not_recruiting"),
        ("Ongoing, not yet recruiting", None, "not_yet_recruiting"),
        ("Ended", 8, "ended"),
        ("Something unheard of", None, "unknown"),
    ],
)
def test_ctis1_status_words(words, code, status):
    obj = load(CTIS1_PAMAPIMOD)
    obj["ctStatus"] = words
    record = map_ctis_record(obj)
    assert (record.status_code, record.registry_status, record.status) == (code, words, status)


def test_enrollment_falls_back_to_subject_counts():
    obj = load(CTIS2_ZANAMIVIR)
    del obj["totalNumberEnrolled"]
    record = map_ctis_record(obj)  # 0 outside the EU, 7 Spain, 4 Italy
    assert (record.enrollment, record.enrollment_eea) == (11, 11)


def test_only_female_participants():
    obj = load(CTIS2_ZANAMIVIR)
    obj["gender"] = "Female"
    assert map_ctis_record(obj).sex == "female"


def test_advanced_therapy_is_called_so_and_a_placebo_has_no_type():
    obj = load(CTIS1_PAMAPIMOD)
    for group in obj["authorizedPartI"]["productRoleGroupInfos"]:
        for product in group["products"]:
            product["anAdvancedTherapyMedicinalProduct"] = True
    kinds = {(i.role, i.kind) for i in map_ctis_record(obj).interventions}
    assert kinds == {("experimental", "advanced_therapy"), ("placebo", "")}


def test_ewing_sarcoma_record_counts_participants_and_countries_outside_the_eea():
    record = mapped("2022-501180-40-00")
    assert (record.enrollment, record.enrollment_eea) == (1078, 1005)  # 945 + 60, and 73
    assert [
        (s.country, s.is_member_state, s.planned_participants) for s in record.country_statuses
    ] == [
        ("DE", True, 945),
        ("GR", True, 60),
        ("IL", False, None),
        ("CH", False, None),
    ]
    assert record.age_groups == ["0-17", "18-64"]  # the criteria say "> 2 and < 50 years"
    assert record.short_title == "iEuroEwing"
    assert IdentifierRecord("2019-004153-93", "EUDRACT") in record.secondary_identifiers
    roles = {i.name: i.role for i in record.interventions}
    assert roles["Mesna"] == roles["Filgrastim"] == "auxiliary"
    assert roles["Etoposide"] == "experimental"


def test_female_only_trial_with_a_comparator():
    record = mapped("2022-501142-30-00")
    assert record.sex == "female"
    roles = {i.name: i.role for i in record.interventions}
    assert roles["Misoprostol"] == "active_comparator"
    assert roles["Oxytocin"] == "experimental"
    assert IdentifierRecord("2022-A01479-34", TrialIdentifier.NATIONAL, "IDRCB number") in (
        record.secondary_identifiers
    )


def test_a_record_without_ct_number_is_refused():
    obj = load(CTIS2_ZANAMIVIR)
    del obj["ctNumber"]
    with pytest.raises(RecordError, match="ctNumber"):
        map_ctis_record(obj)


def test_a_malformed_ct_number_is_refused():
    obj = load(CTIS2_ZANAMIVIR)
    obj["ctNumber"] = "2024-510663"
    with pytest.raises(RecordError, match="not an EU CT number"):
        map_ctis_record(obj)


def test_a_record_that_is_not_an_object_is_refused():
    with pytest.raises(RecordError, match="expected an EU CTIS record"):
        map_ctis_record(["2024-510663-34-00"])


def _set(obj: dict, path: tuple, value):
    target = obj
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


IDENTIFIERS_2 = (*PART_I_2, "trialDetails", "clinicalTrialIdentifiers")
INFO_2 = (*PART_I_2, "trialDetails", "trialInformation")

CORRUPTIONS = [
    # (fixture, path, bad value, words the message must contain)
    (CTIS2_ZANAMIVIR, ("trialCountries",), 2, ["trialCountries: expected a list or text"]),
    (CTIS2_ZANAMIVIR, ("trialCountries",), ["Spain"], ["trialCountries[0]: expected", "Spain:4"]),
    (
        CTIS2_ZANAMIVIR,
        ("trialCountries",),
        ["Atlantis:4"],
        ["trialCountries[0]: expected", "Atlantis"],
    ),
    (
        CTIS2_ZANAMIVIR,
        ("trialCountries",),
        ["Spain:40"],
        ["trialCountries[0]: expected", "1 to 12"],
    ),
    (CTIS2_ZANAMIVIR, ("totalNumberEnrolled",), "lots", ["totalNumberEnrolled: expected a whole"]),
    (CTIS2_ZANAMIVIR, ("ctPublicStatusCode",), "4", ["ctPublicStatusCode: expected a whole"]),
    (CTIS2_ZANAMIVIR, ("ctPublicStatusCode",), 13, ["ctPublicStatusCode: expected", "1 to 12"]),
    (CTIS2_ZANAMIVIR, ("lastUpdated",), ["15/09/2025"], ["lastUpdated: expected text"]),
    (
        CTIS2_ZANAMIVIR,
        ("authorizedApplication",),
        [],
        ["authorizedApplication: expected an object"],
    ),
    (
        CTIS2_ZANAMIVIR,
        (*IDENTIFIERS_2, "publicTitleTranslations"),
        "Estudio abierto",
        ["clinicalTrialIdentifiers.publicTitleTranslations: expected a list"],
    ),
    (
        CTIS2_ZANAMIVIR,
        (*IDENTIFIERS_2, "publicTitleTranslations"),
        ["Estudio abierto"],
        ["publicTitleTranslations[0]: expected an object"],
    ),
    (
        CTIS2_ZANAMIVIR,
        (*IDENTIFIERS_2, "fullTitle"),
        {"en": "A title"},
        ["clinicalTrialIdentifiers.fullTitle: expected text"],
    ),
    (
        CTIS2_ZANAMIVIR,
        (*IDENTIFIERS_2, "secondaryIdentifyingNumbers", "nctNumber"),
        "NCT04494412",
        ["secondaryIdentifyingNumbers.nctNumber: expected an object"],
    ),
    (
        CTIS2_ZANAMIVIR,
        (*INFO_2, "eligibilityCriteria", "principalInclusionCriteria"),
        "Neonates",
        ["eligibilityCriteria.principalInclusionCriteria: expected a list"],
    ),
    (
        CTIS2_ZANAMIVIR,
        (*INFO_2, "endPoint", "primaryEndPoints", 0, "number"),
        "first",
        ["primaryEndPoints[0].number: expected a whole number"],
    ),
    (
        CTIS2_ZANAMIVIR,
        ("authorizedApplication", "authorizedPartsII", 0, "trialSites"),
        {"city": "Madrid"},
        ["authorizedPartsII[0].trialSites: expected a list"],
    ),
    (
        CTIS2_ZANAMIVIR,
        (*PART_I_2, "productRoleGroupInfos", 0, "products", 0, "anAdvancedTherapyMedicinalProduct"),
        "yes",
        ["anAdvancedTherapyMedicinalProduct: expected true or false"],
    ),
    (
        CTIS2_ZANAMIVIR,
        ("authorizedApplication", "memberStatesConcerned"),
        "Spain, Italy",
        ["authorizedApplication.memberStatesConcerned: expected a list"],
    ),
    (CTIS1_PAMAPIMOD, ("ctStatus",), ["Authorised"], ["ctStatus: expected a number or text"]),
    (CTIS1_PAMAPIMOD, ("eudraCtInfo",), "2021-004994-30", ["eudraCtInfo: expected an object"]),
    (
        CTIS1_PAMAPIMOD,
        ("authorizedPartI", "trialDetails", "trialInformation", "medicalCondition"),
        ["COVID-19"],
        ["trialInformation.medicalCondition: expected an object"],
    ),
    (CTIS1_PAMAPIMOD, ("primarySponsor",), "Kinarus AG", ["primarySponsor: expected an object"]),
]


@pytest.mark.parametrize(
    ("ct_number", "path", "value", "words"),
    CORRUPTIONS,
    ids=[f"{c[0]}:{'.'.join(map(str, c[1]))}={c[2]!r}"[:80] for c in CORRUPTIONS],
)
def test_a_field_of_the_wrong_type_is_a_record_error(ct_number, path, value, words):
    obj = copy.deepcopy(load(ct_number))
    if path[-1] == "primarySponsor":  # only read when no sponsor is marked primary
        obj["authorizedPartI"]["sponsors"] = []
    if path == ("authorizedApplication", "memberStatesConcerned"):
        obj["trialCountries"] = []
    _set(obj, path, value)
    with pytest.raises(RecordError) as caught:
        map_ctis_record(obj)
    message = str(caught.value)
    # The field's path first, then what was expected and found; the report names the record.
    assert message.startswith(path[0])
    assert ", found " in message
    for word in words:
        assert word in message
    prepared = prepare(SourceItem(f"{ct_number}.json", payload=obj))
    assert (prepared.identifier, prepared.error) == (ct_number, message)
