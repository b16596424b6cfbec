"""Map one ClinicalTrials.gov API v2 study object onto the neutral `TrialRecord`.

The mapping reads only what a summary page needs. Every field is read through `Reader`, which
checks its type: a field of the wrong type raises `RecordError` naming the field's path and what
was expected, so that a person can find it in the source file. Values of the right type that we
do not recognise (a new status word, an odd age) are left empty rather than refused, because the
rest of the record is still worth importing.

Error messages do not repeat the study's NCT number: callers label them (see `record_label`).
"""

import math
import re
from datetime import date

from trials.countries import country_code
from trials.identifiers import (
    find_identifier,
    find_identifier_in_text,
    is_national_number,
    registry_url,
)
from trials.models import (
    Allocation,
    ArmKind,
    ContactKind,
    DateType,
    EnrollmentType,
    InterventionKind,
    InterventionRole,
    Masking,
    OutcomeKind,
    Phase,
    RecruitmentStatus,
    Sex,
    StudyType,
    TrialIdentifier,
)

from .contacts import contact_record, distinct
from .ctgov_results import map_results
from .reader import Reader, describe
from .records import (
    ArmRecord,
    IdentifierRecord,
    InterventionRecord,
    OutcomeRecord,
    RecordError,
    SiteRecord,
    TrialRecord,
)

SOURCE = "ctgov"
NCT_ID_PATH = "protocolSection.identificationModule.nctId"


def _english(text: str) -> dict[str, str]:
    return {"en": text} if text else {}


# --- Vocabularies -------------------------------------------------------------------------------

INTERVENTION_KINDS = {
    "DRUG": InterventionKind.DRUG,
    "BIOLOGICAL": InterventionKind.BIOLOGICAL,
    "DEVICE": InterventionKind.DEVICE,
    "PROCEDURE": InterventionKind.PROCEDURE,
    "RADIATION": InterventionKind.RADIATION,
    "BEHAVIORAL": InterventionKind.BEHAVIORAL,
    "GENETIC": InterventionKind.GENETIC,
    "DIETARY_SUPPLEMENT": InterventionKind.DIETARY_SUPPLEMENT,
    "COMBINATION_PRODUCT": InterventionKind.COMBINATION_PRODUCT,
    "DIAGNOSTIC_TEST": InterventionKind.DIAGNOSTIC_TEST,
    "OTHER": InterventionKind.OTHER,
}

STUDY_TYPES = {
    "INTERVENTIONAL": StudyType.INTERVENTIONAL,
    "OBSERVATIONAL": StudyType.OBSERVATIONAL,
    "EXPANDED_ACCESS": StudyType.EXPANDED_ACCESS,
}

PHASES = {
    frozenset(): "",
    frozenset({"EARLY_PHASE1"}): Phase.EARLY_PHASE1,
    frozenset({"PHASE1"}): Phase.PHASE1,
    frozenset({"PHASE1", "PHASE2"}): Phase.PHASE1_PHASE2,
    frozenset({"PHASE2"}): Phase.PHASE2,
    frozenset({"PHASE2", "PHASE3"}): Phase.PHASE2_PHASE3,
    frozenset({"PHASE3"}): Phase.PHASE3,
    frozenset({"PHASE4"}): Phase.PHASE4,
    frozenset({"NA"}): Phase.NOT_APPLICABLE,
}

ALLOCATIONS = {
    "RANDOMIZED": Allocation.RANDOMISED,
    "NON_RANDOMIZED": Allocation.NON_RANDOMISED,
}

MASKINGS = {
    "NONE": Masking.NONE,
    "SINGLE": Masking.SINGLE,
    "DOUBLE": Masking.DOUBLE,
    "TRIPLE": Masking.TRIPLE,
    "QUADRUPLE": Masking.QUADRUPLE,
}

# CT.gov status -> (our status, the registry's words as its website shows them).
# Expanded-access words have no recruitment equivalent and map to "unknown", except
# "Temporarily not available", which is what "suspended" means.
STATUSES = {
    "NOT_YET_RECRUITING": (RecruitmentStatus.NOT_YET_RECRUITING, "Not yet recruiting"),
    "RECRUITING": (RecruitmentStatus.RECRUITING, "Recruiting"),
    "ENROLLING_BY_INVITATION": (
        RecruitmentStatus.ENROLLING_BY_INVITATION,
        "Enrolling by invitation",
    ),
    "ACTIVE_NOT_RECRUITING": (RecruitmentStatus.ACTIVE_NOT_RECRUITING, "Active, not recruiting"),
    "SUSPENDED": (RecruitmentStatus.SUSPENDED, "Suspended"),
    "TERMINATED": (RecruitmentStatus.TERMINATED, "Terminated"),
    "COMPLETED": (RecruitmentStatus.COMPLETED, "Completed"),
    "WITHDRAWN": (RecruitmentStatus.WITHDRAWN, "Withdrawn"),
    "UNKNOWN": (RecruitmentStatus.UNKNOWN, "Unknown status"),
    "WITHHELD": (RecruitmentStatus.UNKNOWN, "Withheld"),
    "AVAILABLE": (RecruitmentStatus.UNKNOWN, "Available"),
    "NO_LONGER_AVAILABLE": (RecruitmentStatus.UNKNOWN, "No longer available"),
    "TEMPORARILY_NOT_AVAILABLE": (RecruitmentStatus.SUSPENDED, "Temporarily not available"),
    "APPROVED_FOR_MARKETING": (RecruitmentStatus.UNKNOWN, "Approved for marketing"),
}

ENROLLMENT_TYPES = {"ESTIMATED": EnrollmentType.PLANNED, "ACTUAL": EnrollmentType.ACTUAL}
# "ANTICIPATED" is the word of records from before API v2.
DATE_TYPES = {
    "ACTUAL": DateType.ACTUAL,
    "ESTIMATED": DateType.ESTIMATED,
    "ANTICIPATED": DateType.ESTIMATED,
}

ARM_KINDS = {
    "EXPERIMENTAL": ArmKind.EXPERIMENTAL,
    "ACTIVE_COMPARATOR": ArmKind.ACTIVE_COMPARATOR,
    "PLACEBO_COMPARATOR": ArmKind.PLACEBO_COMPARATOR,
    "SHAM_COMPARATOR": ArmKind.SHAM_COMPARATOR,
    "NO_INTERVENTION": ArmKind.NO_INTERVENTION,
    "OTHER": ArmKind.OTHER,
}

SEXES = {"ALL": Sex.ALL, "FEMALE": Sex.FEMALE, "MALE": Sex.MALE}


def _status(word: str) -> tuple[str, str]:
    """Our status and the registry's readable words for a CT.gov status word."""
    if not word:
        return str(RecruitmentStatus.UNKNOWN), ""
    if word in STATUSES:
        status, label = STATUSES[word]
        return str(status), label
    return str(RecruitmentStatus.UNKNOWN), word.replace("_", " ").capitalize()


# --- Identifiers --------------------------------------------------------------------------------

_PLACEHOLDERS = {"n/a", "na", "none", "not applicable", "unknown", "tbd", "pending"}


def _hinted_identifier(value: str, id_type: str, domain: str) -> tuple[str, str] | None:
    """A registry identifier that the record's type or domain announces, found in the value."""
    codes = []
    domain_words = domain.upper()
    if id_type == "EUDRACT_NUMBER" or "EUDRACT" in domain_words:
        codes += ["EUCT", "EUDRACT"]
    if id_type == "CTIS" or re.search(r"\bCTIS\b|\bEU\s*CT\b", domain_words):
        codes.append("EUCT")
    if re.search(r"\bWHO\b|\bUTN\b", domain_words) or re.search(r"\bUTN\b", value.upper()):
        codes.append("WHO_UTN")
    for code in codes:
        identifier = find_identifier_in_text(value, code)
        if identifier is not None:
            return identifier.value, code
    return None


def _recognised(value: str) -> tuple[str, str] | None:
    identifier = find_identifier(value)
    return (identifier.value, identifier.registry.code) if identifier else None


# CT.gov's secondary identifier types that are grant or contract numbers of a funder:
# "U.S. NIH Grant/Contract", "U.S. FDA Grant/Contract", ..., "Other Grant/Funding Number".
GRANT_TYPES = {
    "NIH": "NIH",
    "FDA": "FDA",
    "VA": "VA",
    "CDC": "CDC",
    "AHRQ": "AHRQ",
    "SAMHSA": "SAMHSA",
    "OTHER_GRANT": "",
}


def _classify_secondary(value: str, id_type: str, domain: str) -> IdentifierRecord:
    """What a secondary identifier is, from its type and domain; a number whose kind the record
    does not say is "other", never guessed to be a sponsor's code."""
    domain = " ".join(domain.split())
    found = _hinted_identifier(value, id_type, domain) or _recognised(value)
    if found:
        return IdentifierRecord(value=found[0], kind=found[1])
    if id_type in GRANT_TYPES:
        return IdentifierRecord(value, TrialIdentifier.GRANT, domain or GRANT_TYPES[id_type])
    if is_national_number(value, domain):
        return IdentifierRecord(value, TrialIdentifier.NATIONAL, domain)
    if id_type == "REGISTRY":
        return IdentifierRecord(value, TrialIdentifier.OTHER_REGISTRY, domain)
    return IdentifierRecord(value, TrialIdentifier.OTHER, domain)


def _secondary_identifiers(identification: Reader, nct_id: str) -> list[IdentifierRecord]:
    records = []
    org_id = " ".join(identification.obj("orgStudyIdInfo").text("id").split())
    if org_id:
        found = _recognised(org_id)
        records.append(
            IdentifierRecord(value=found[0], kind=found[1])
            if found
            else IdentifierRecord(value=org_id, kind=TrialIdentifier.SPONSOR)
        )
    for info in identification.objs("secondaryIdInfos"):
        value = " ".join(info.text("id").split())
        if value and value.casefold() not in _PLACEHOLDERS and re.search(r"\w", value):
            records.append(_classify_secondary(value, info.text("type"), info.text("domain")))
    unique, seen = [], {nct_id.upper()}
    for record in records:
        if record.value.upper() not in seen:
            seen.add(record.value.upper())
            unique.append(record)
    return unique


def _nct_id(identification: Reader) -> str:
    raw = identification.text("nctId")
    if not raw:
        raise RecordError(
            f"{NCT_ID_PATH} is missing: a ClinicalTrials.gov study needs its NCT number"
        )
    found = _recognised(raw)
    if not found or found[1] != "NCT":
        raise RecordError(
            f"{NCT_ID_PATH}: {raw[:40]!r} is not an NCT number (NCT followed by 8 digits)"
        )
    return found[0]


# --- Design -------------------------------------------------------------------------------------


def _phase(design: Reader) -> str:
    phases = frozenset(word.upper() for word in design.texts("phases"))
    return str(PHASES.get(phases, ""))


def _allocation(design_info: Reader) -> str:
    allocation = design_info.text("allocation")
    if allocation in ALLOCATIONS:
        return str(ALLOCATIONS[allocation])
    if allocation in ("", "NA") and design_info.text("interventionModel") == "SINGLE_GROUP":
        return str(Allocation.SINGLE_ARM)
    return ""


# --- Eligibility --------------------------------------------------------------------------------

_AGE = re.compile(r"^(\d+)\s*(year|month|week|day|hour|minute)s?$", re.IGNORECASE)


def _age(text: str) -> str:
    """An age in the registry's form, "18 Years"; anything else (such as "N/A") is dropped."""
    match = _AGE.match(" ".join(text.split()))
    if not match:
        return ""
    number, unit = int(match.group(1)), match.group(2).capitalize()
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


_LIST_ITEM = re.compile(r"^\s*(?:[*+-]|\d+[.)])\s")
_MARKUP_AROUND = re.compile(r"^[\s#*_>]+|[\s*_]+$")
# "Inclusion Criteria:", "Key exclusion criteria", "INCLUSION CRITERIA: text on the same line".
_PLAIN_HEADING = re.compile(
    r"^(?:(?:key|main|major)\s+)?(inclusion|exclusion)\s+criteri(?:a|on)\s*(?::[\s*_]*(.*))?$",
    re.IGNORECASE,
)
_CRITERIA_WORDS = re.compile(r"\b(inclusion|exclusion)\s+criteri(?:a|on)\b", re.IGNORECASE)


def _heading(line: str) -> tuple[str, bool, str] | None:
    """For a heading line: the section it opens, whether to drop it, and text to keep after it.

    Plain headings ("Inclusion Criteria:") are dropped; specific ones ("Radiological Exclusion
    Criteria") open their section but stay in the text, since they say something.
    """
    if _LIST_ITEM.match(line):
        return None
    bare = _MARKUP_AROUND.sub("", line)
    plain = _PLAIN_HEADING.match(bare)
    if plain:
        return plain.group(1).lower(), True, (plain.group(2) or "").strip()
    kinds = {word.lower() for word in _CRITERIA_WORDS.findall(bare)}
    if len(kinds) == 1 and len(bare) <= 120 and not bare.endswith((".", ";", ",")):
        return kinds.pop(), False, ""
    return None


# A record whose line breaks were lost: "Inclusion Criteria: - a - b Exclusion Criteria: - c".
_FLATTENED = r"(?:(?:key|main|major)\s+)?(?:inclusion|exclusion)\s+criteri(?:a|on)\s*:\s*-\s"
_FLATTENED_START = re.compile(rf"^\s*{_FLATTENED}", re.IGNORECASE)
_FLATTENED_HEADING = re.compile(rf"\s+(?={_FLATTENED})", re.IGNORECASE)
_FLATTENED_ITEM = re.compile(r"\s+-\s+(?=[^\s\d])")


def _unflattened(text: str) -> list[str]:
    """The lines of the criteria; a text written on one line with dashes between its items is
    given back its headings and list items."""
    lines = text.splitlines()
    if len(lines) != 1 or not _FLATTENED_START.match(text):
        return lines
    unflattened = []
    for block in _FLATTENED_HEADING.split(text):
        heading, _dash, items = block.strip().partition(" - ")
        unflattened += [heading, "", *(f"* {item}" for item in _FLATTENED_ITEM.split(items)), ""]
    return unflattened


def split_criteria(text: str) -> tuple[str, str]:
    """Split CT.gov eligibility text into inclusion and exclusion texts.

    Text before any heading belongs to the inclusion criteria, and so does all of it when there
    are no headings.
    """
    sections = {"inclusion": [], "exclusion": []}
    current = "inclusion"
    for line in _unflattened(text):
        heading = _heading(line)
        if heading:
            current, drop, rest = heading
            if not drop:
                sections[current].append(line)
            elif rest:
                sections[current].append(rest)
            continue
        sections[current].append(line)

    def joined(lines):
        return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in lines)).strip()

    return joined(sections["inclusion"]), joined(sections["exclusion"])


# --- Places -------------------------------------------------------------------------------------


def _coordinate(reader: Reader, key: str, limit: float) -> float | None:
    value = reader.number(key)
    if value is None or not math.isfinite(value) or abs(value) > limit:
        return None
    return value


def _contact(reader: Reader, kind: str):
    """One contact; its values are read as they come (see `importers.contacts`): a value of
    the wrong type is left out rather than refusing the record."""
    values = reader.data
    return contact_record(
        kind,
        name=values.get("name"),
        role=values.get("role"),
        organisation=values.get("affiliation"),
        phone=values.get("phone"),
        extension=values.get("phoneExt"),
        email=values.get("email"),
    )


def _contacts(module: Reader) -> list:
    """The central contacts, then the overall officials."""
    return distinct(
        [_contact(item, ContactKind.CENTRAL) for item in module.objs("centralContacts")]
        + [_contact(item, ContactKind.OVERALL_OFFICIAL) for item in module.objs("overallOfficials")]
    )


def _sites(locations: list[Reader]) -> list[SiteRecord]:
    sites = []
    for location in locations:
        facility, city = location.text("facility"), location.text("city")
        status_word = location.text("status")
        geo = location.obj("geoPoint")
        latitude, longitude = _coordinate(geo, "lat", 90), _coordinate(geo, "lon", 180)
        country = location.text("country")
        code = country_code(country)
        if not code:  # a site must have a country; the rest of the record is still good
            location.warn(
                "country", f"{describe(country)} is not a country we know; the site is left out"
            )
            continue
        status = str(STATUSES[status_word][0]) if status_word in STATUSES else ""
        if latitude is None or longitude is None:
            latitude = longitude = None
        sites.append(
            SiteRecord(
                country=code,
                facility=facility,
                city=city,
                status=status if status != RecruitmentStatus.UNKNOWN else "",
                latitude=latitude,
                longitude=longitude,
                contacts=tuple(
                    distinct(_contact(item, ContactKind.SITE) for item in location.objs("contacts"))
                ),
            )
        )
    return sites


# --- Arms and interventions ---------------------------------------------------------------------

_PLACEBO_NAME = re.compile(r"\bplacebos?\b", re.IGNORECASE)
_SHAM_NAME = re.compile(r"\bsham\b", re.IGNORECASE)
# An "intervention" some records list to say that a group receives none.
_NO_INTERVENTION_NAME = re.compile(r"^\s*(?:no\s+intervention|none)\s*\.?\s*$", re.IGNORECASE)
# The arm types of groups that are compared with the groups under study.
_COMPARISON_ARM_KINDS = {
    ArmKind.ACTIVE_COMPARATOR,
    ArmKind.PLACEBO_COMPARATOR,
    ArmKind.SHAM_COMPARATOR,
}
# The role of an intervention given only in groups of one type.
_ROLE_OF_ARM_KIND = {
    ArmKind.EXPERIMENTAL: InterventionRole.EXPERIMENTAL,
    ArmKind.ACTIVE_COMPARATOR: InterventionRole.ACTIVE_COMPARATOR,
    ArmKind.PLACEBO_COMPARATOR: InterventionRole.PLACEBO,
    ArmKind.SHAM_COMPARATOR: InterventionRole.SHAM,
}


def intervention_role(name: str, arm_kinds) -> str:
    """An intervention's role in a trial: a placebo or sham by its own name, else what the
    groups that receive it are; none where the record does not type those groups. Given in
    comparator groups of different types only (an active and a placebo comparator), it is not
    under study: it is given in the groups that are compared."""
    if _PLACEBO_NAME.search(name):
        return str(InterventionRole.PLACEBO)
    if _SHAM_NAME.search(name):
        return str(InterventionRole.SHAM)
    kinds = {kind for kind in arm_kinds if kind}
    if len(kinds) > 1 and all(kind in _COMPARISON_ARM_KINDS for kind in arm_kinds):
        return str(InterventionRole.COMPARED)
    if len(kinds) > 1:
        return str(InterventionRole.SEVERAL)
    if kinds:
        return str(_ROLE_OF_ARM_KIND.get(kinds.pop(), ""))
    return ""


def _arm_intervention_name(entry: str) -> str:
    """ "Drug: Dupilumab" (an arm's interventionNames entry) -> "Dupilumab"."""
    kind, separator, name = entry.partition(":")
    return name.strip() if separator and kind.strip() else entry.strip()


def _arms_and_interventions(module: Reader) -> tuple[list[ArmRecord], list[InterventionRecord]]:
    items = [
        item
        for item in module.objs("interventions")
        if item.text("name") and not _NO_INTERVENTION_NAME.match(item.text("name"))
    ]
    groups = [group for group in module.objs("armGroups") if group.text("label")]
    # An arm receives an intervention when either side says so: the intervention's
    # armGroupLabels, or the arm's interventionNames ("Drug: Dupilumab").
    members = []
    for group in groups:
        label = group.text("label")
        names = {
            _arm_intervention_name(entry).casefold() for entry in group.texts("interventionNames")
        }
        members.append(
            tuple(
                index
                for index, item in enumerate(items)
                if label in item.texts("armGroupLabels") or item.text("name").casefold() in names
            )
        )
    arms = [
        ArmRecord(
            label=group.text("label"),
            kind=str(ARM_KINDS.get(group.text("type"), "")),
            description=group.text("description"),
            interventions=indexes,
        )
        for group, indexes in zip(groups, members, strict=True)
    ]
    interventions = [
        InterventionRecord(
            name=item.text("name"),
            kind=str(INTERVENTION_KINDS.get(item.text("type"), "")),
            other_names=tuple(dict.fromkeys(item.texts("otherNames"))),
            description=item.text("description"),
            role=intervention_role(
                item.text("name"), [arm.kind for arm in arms if index in arm.interventions]
            ),
        )
        for index, item in enumerate(items)
    ]
    return arms, interventions


# --- Dates --------------------------------------------------------------------------------------

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _partial_date(text: str) -> str:
    """A date kept as precise as the registry gives it ("2023", "2023-05", "2023-05-17")."""
    match = _PARTIAL_DATE.match(text)
    if not match:
        return ""
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return ""
    return text


def _dated(struct: Reader) -> tuple[str, str]:
    """A date struct's date, kept as precise as given, and whether it is actual or expected."""
    text = struct.text("date")
    value = _partial_date(text)
    if text and not value:
        struct.warn("date", f"{describe(text)} is not a date; left empty")
    return value, str(DATE_TYPES.get(struct.text("type"), "")) if value else ""


def _full_date(struct: Reader) -> date | None:
    text = struct.text("date")
    try:
        return date.fromisoformat(text) if len(text) == 10 else _not_a_date(struct, text)
    except ValueError:
        return _not_a_date(struct, text)


def _not_a_date(struct, text):
    if text:
        struct.warn("date", f"{describe(text)} is not a date; left empty")
    return None


def _outcomes(module: Reader) -> list[OutcomeRecord]:
    """The outcome measures; one without a measure (its title) is left out, with a warning."""
    outcomes = []
    for key, kind in (
        ("primaryOutcomes", OutcomeKind.PRIMARY),
        ("secondaryOutcomes", OutcomeKind.SECONDARY),
        ("otherOutcomes", OutcomeKind.OTHER),
    ):
        for item in module.objs(key):
            measure = item.text("measure")
            if not measure:
                item.warn("measure", "missing; the outcome is left out")
                continue
            outcomes.append(
                OutcomeRecord(
                    kind=str(kind),
                    measure=_english(measure),
                    time_frame=_english(item.text("timeFrame")),
                    description=_english(item.text("description")),
                )
            )
    return outcomes


# --- The study ----------------------------------------------------------------------------------


def is_ctgov_study(obj) -> bool:
    """Whether `obj` is a ClinicalTrials.gov API v2 study: it has an NCT number where one goes."""
    if not isinstance(obj, dict):
        return False
    protocol = obj.get("protocolSection")
    identification = protocol.get("identificationModule") if isinstance(protocol, dict) else None
    if not isinstance(identification, dict):
        return False
    nct_id = identification.get("nctId")
    # Present but malformed still counts: map_ctgov_study then says what is wrong with it.
    return nct_id is not None and not (isinstance(nct_id, str) and not nct_id.strip())


def map_ctgov_study(obj) -> TrialRecord:
    """Map one API v2 study object; RecordError says which field is wrong and why."""
    if not isinstance(obj, dict):
        raise RecordError(
            f"expected a ClinicalTrials.gov study (a JSON object), found {describe(obj)}"
        )
    study = Reader(obj)
    protocol = study.obj("protocolSection")
    identification = protocol.obj("identificationModule")
    nct_id = _nct_id(identification)

    status_module = protocol.obj("statusModule")
    design = protocol.obj("designModule")
    design_info = design.obj("designInfo")
    enrollment_info = design.obj("enrollmentInfo")
    eligibility = protocol.obj("eligibilityModule")
    outcomes_module = protocol.obj("outcomesModule")

    status, registry_status = _status(status_module.text("overallStatus"))
    enrollment = enrollment_info.integer("count")
    if enrollment is not None and enrollment < 0:
        raise RecordError(
            f"{enrollment_info.path}.count: expected a number of participants (0 or more), "
            f"found {enrollment}"
        )
    inclusion, exclusion = split_criteria(eligibility.text("eligibilityCriteria"))
    arms, interventions = _arms_and_interventions(protocol.obj("armsInterventionsModule"))
    start_date, start_date_type = _dated(status_module.obj("startDateStruct"))
    primary_completion_date, primary_completion_date_type = _dated(
        status_module.obj("primaryCompletionDateStruct")
    )
    completion_date, completion_date_type = _dated(status_module.obj("completionDateStruct"))
    last_known_status = status_module.text("lastKnownStatus")

    return TrialRecord(
        source=SOURCE,
        registry_format=SOURCE,
        primary_identifier=nct_id,
        secondary_identifiers=_secondary_identifiers(identification, nct_id),
        official_title=_english(identification.text("officialTitle")),
        public_title=_english(identification.text("briefTitle")),
        acronym=identification.text("acronym"),
        brief_summary=_english(protocol.obj("descriptionModule").text("briefSummary")),
        study_type=str(STUDY_TYPES.get(design.text("studyType"), "")),
        phase=_phase(design),
        allocation=_allocation(design_info),
        masking=str(MASKINGS.get(design_info.obj("maskingInfo").text("masking"), "")),
        status=status,
        registry_status=registry_status,
        enrollment=enrollment,
        enrollment_type=str(ENROLLMENT_TYPES.get(enrollment_info.text("type"), "")),
        minimum_age=_age(eligibility.text("minimumAge")),
        maximum_age=_age(eligibility.text("maximumAge")),
        sex=str(SEXES.get(eligibility.text("sex"), "")),
        healthy_volunteers=eligibility.boolean("healthyVolunteers"),
        study_population=_english(eligibility.text("studyPopulation")),
        inclusion_criteria=_english(inclusion),
        exclusion_criteria=_english(exclusion),
        conditions=list(dict.fromkeys(protocol.obj("conditionsModule").texts("conditions"))),
        interventions=interventions,
        arms=arms,
        outcomes=_outcomes(outcomes_module),
        sites=_sites(protocol.obj("contactsLocationsModule").objs("locations")),
        contacts=_contacts(protocol.obj("contactsLocationsModule")),
        start_date=start_date,
        start_date_type=start_date_type,
        primary_completion_date=primary_completion_date,
        primary_completion_date_type=primary_completion_date_type,
        completion_date=completion_date,
        completion_date_type=completion_date_type,
        why_stopped=_english(status_module.text("whyStopped")),
        last_known_status=str(STATUSES[last_known_status][0])
        if last_known_status in STATUSES
        else "",
        last_update=_full_date(status_module.obj("lastUpdatePostDateStruct")),
        sponsor=protocol.obj("sponsorCollaboratorsModule").obj("leadSponsor").text("name"),
        source_url=registry_url(nct_id),
        results=map_results(study, _dated(status_module.obj("resultsFirstPostDateStruct"))[0]),
    )
