"""EU CTIS records (as stored by the R package ctrdata) mapped onto a `TrialRecord`.

Two generations of the CTIS public payload exist:

- "CTIS1", before the June 2024 portal relaunch: the authorised application sits at the top
  level (`authorizedPartI`, `authorizedPartsII`, `memberStatesConcerned`), the overall status is
  a phrase (`ctStatus` "Authorised, not started") and `trialCountries` is one string
  ("DE:Authorised, not started").
- "CTIS2", after it: the same content under `authorizedApplication`, the status is a public
  status code (`ctPublicStatusCode` 4) and `trialCountries` is a list (["Spain:4", "Italy:4"]).

Only structured fields are read; free text (a title saying "randomised") is never evidence.
Every field is read through `importers.reader.Reader`: a field of the wrong type raises
`RecordError` naming the field's path, never a bare TypeError.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError

from config.languages import LANGUAGE_CODES
from trials.countries import country_code
from trials.identifiers import (
    REGISTRIES_BY_CODE,
    is_national_number,
    parse_identifier,
    registry_url,
)
from trials.importers.contacts import contact_record, distinct
from trials.importers.reader import Reader, describe
from trials.importers.records import (
    CountryStatusRecord,
    IdentifierRecord,
    InterventionRecord,
    OutcomeRecord,
    RecordError,
    ResultDocumentRecord,
    ResultsRecord,
    SiteRecord,
    TrialRecord,
)
from trials.models import (
    AgeGroup,
    Allocation,
    ContactKind,
    CtisPublicStatus,
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

SOURCE = "ctis"
# The lists of `results` that hold documents, by the kind of document they hold.
RESULT_DOCUMENTS = (
    ("summaryResults", "summary_results"),
    ("laypersonResults", "lay_summary"),
    ("clinicalStudyReports", "clinical_study_report"),
)
EU_CT_NUMBER = REGISTRIES_BY_CODE["EUCT"].pattern

# The CTIS public status codes, worded as the portal words them.
# The portal's wording of each public status code, translated for display.
CTIS_PUBLIC_STATUSES = dict(CtisPublicStatus.choices)
# The untranslated wording, for `registry_status` (the registry's own words).
_STATUS_WORDS = {
    1: "Under evaluation",
    2: "Authorised, recruitment pending",
    3: "Authorised, recruiting",
    4: "Ongoing, recruiting",
    5: "Ongoing, recruitment ended",
    6: "Temporarily halted",
    7: "Suspended",
    8: "Ended",
    9: "Expired",
    10: "Revoked",
    11: "Not authorised",
    12: "Cancelled",
}

CTIS_STATUS_TO_RECRUITMENT = {
    1: RecruitmentStatus.NOT_YET_RECRUITING,
    2: RecruitmentStatus.NOT_YET_RECRUITING,
    3: RecruitmentStatus.RECRUITING,
    4: RecruitmentStatus.RECRUITING,
    5: RecruitmentStatus.ACTIVE_NOT_RECRUITING,
    6: RecruitmentStatus.SUSPENDED,
    7: RecruitmentStatus.SUSPENDED,
    8: RecruitmentStatus.ENDED,
    9: RecruitmentStatus.WITHDRAWN,
    10: RecruitmentStatus.TERMINATED,
    11: RecruitmentStatus.WITHDRAWN,
    12: RecruitmentStatus.WITHDRAWN,
}

# CTIS1 status phrases (lower-cased) -> (public status code or None, normalised status).
# The old portal had phrases the new codes do not cover ("Ongoing, not yet recruiting",
# "Withdrawn"); those keep no code but still have a normalised status.
CTIS1_STATUS_WORDS = {
    **{
        words.lower(): (code, CTIS_STATUS_TO_RECRUITMENT[code])
        for code, words in _STATUS_WORDS.items()
    },
    "authorised, not started": (2, RecruitmentStatus.NOT_YET_RECRUITING),
    "ongoing, not yet recruiting": (None, RecruitmentStatus.NOT_YET_RECRUITING),
    "ongoing, recruitment not started": (None, RecruitmentStatus.NOT_YET_RECRUITING),
    "halted": (6, RecruitmentStatus.SUSPENDED),
    "withdrawn": (None, RecruitmentStatus.WITHDRAWN),
}

# CTIS reference list "trial phase" (trialCategory.trialPhase) and its wording.
CTIS_TRIAL_PHASES = {
    "1": ("Human Pharmacology (Phase I) - First administration to humans", Phase.PHASE1),
    "2": ("Human Pharmacology (Phase I) - Bioequivalence Study", Phase.PHASE1),
    "3": ("Human Pharmacology (Phase I) - Other", Phase.PHASE1),
    "4": ("Therapeutic exploratory (Phase II)", Phase.PHASE2),
    "5": ("Therapeutic confirmatory (Phase III)", Phase.PHASE3),
    "6": ("Therapeutic use (Phase IV)", Phase.PHASE4),
    "7": (
        "Phase I and Phase II (Integrated) - First administration to humans",
        Phase.PHASE1_PHASE2,
    ),
    "8": ("Phase I and Phase II (Integrated) - Bioequivalence Study", Phase.PHASE1_PHASE2),
    "9": ("Phase I and Phase II (Integrated) - Other", Phase.PHASE1_PHASE2),
    "10": ("Phase II and Phase III (Integrated)", Phase.PHASE2_PHASE3),
    "11": ("Phase III and phase IV (Integrated)", Phase.PHASE3_PHASE4),
}

# CTIS reference list "age range" (populationOfTrialSubjects.ageRanges[].ageRangeCategory),
# and the same groups as the overview's `ageGroup` words them ("0-17 years, 18-64 years").
CTIS_AGE_RANGES = {
    "1": AgeGroup.IN_UTERO,
    "2": AgeGroup.UNDER_18,
    "3": AgeGroup.ADULTS,
    "4": AgeGroup.OLDER_ADULTS,
}
CTIS_AGE_GROUP_WORDS = {
    "in utero": AgeGroup.IN_UTERO,
    "0-17 years": AgeGroup.UNDER_18,
    "18-64 years": AgeGroup.ADULTS,
    "65+ years": AgeGroup.OLDER_ADULTS,
}
# CTIS product roles (productRoleGroupInfos[].productRoleCode, products[].mpRoleInTrial).
ROLE_TEST, ROLE_COMPARATOR, ROLE_PLACEBO, ROLE_AUXILIARY = "1", "2", "3", "4"
CTIS_ROLES = {
    ROLE_TEST: InterventionRole.EXPERIMENTAL,
    ROLE_COMPARATOR: InterventionRole.ACTIVE_COMPARATOR,
    ROLE_PLACEBO: InterventionRole.PLACEBO,
    ROLE_AUXILIARY: InterventionRole.AUXILIARY,
}
CTIS_ROLE_NAMES = {"test": ROLE_TEST, "comparator": ROLE_COMPARATOR, "placebo": ROLE_PLACEBO}
CTIS_ROLE_NAMES["auxiliary"] = ROLE_AUXILIARY
# CTIS reference list "allocation method" (periodDetails[].allocationMethod).
CTIS_ALLOCATION_METHODS = {"1": Allocation.RANDOMISED, "2": Allocation.NON_RANDOMISED, "3": ""}

# CTIS `languageDescription` -> our language codes; filtered by settings.LANGUAGES on use.
CTIS_LANGUAGES = {
    "english": "en",
    "italian": "it",
    "french": "fr",
    "german": "de",
    "spanish": "es",
}

_NOT_GIVEN = {"", "n/a", "na", "none", "-", "not applicable"}


# --------------------------------------------------------------------------- public functions


def is_ctis_record(obj) -> bool:
    """A CTIS trial as ctrdata stores it: an EU CT number and CTIS-shaped content."""
    if not isinstance(obj, dict):
        return False
    ct_number = obj.get("ctNumber")
    if not isinstance(ct_number, str) or not EU_CT_NUMBER.match(ct_number.strip()):
        return False
    return any(
        isinstance(obj.get(key), dict) for key in ("authorizedApplication", "authorizedPartI")
    ) or any(key in obj for key in ("ctPublicStatusCode", "ctStatus", "trialCountries"))


def map_ctis_record(obj) -> TrialRecord:
    """Map one CTIS record (either generation) onto the neutral `TrialRecord`."""
    if not isinstance(obj, dict):
        raise RecordError(f"expected an EU CTIS record (a JSON object), found {describe(obj)}")
    record = Reader(obj, numbers_as_text=True)
    raw_number = obj.get("ctNumber")
    if raw_number is None or (isinstance(raw_number, str) and not raw_number.strip()):
        raise RecordError("ctNumber is missing: an EU CTIS record needs its EU CT number")
    if not isinstance(raw_number, str):
        record.fail("ctNumber", "text", raw_number)
    try:
        identifier = parse_identifier(raw_number)
    except ValidationError as exc:
        raise RecordError(
            f"ctNumber: {raw_number[:40]!r} is not an EU CT number"
            f" ({REGISTRIES_BY_CODE['EUCT'].example})"
        ) from exc
    if identifier.registry.code != "EUCT":
        raise RecordError(
            f"ctNumber: {raw_number[:40]!r} is a {identifier.registry.code} identifier,"
            " not an EU CT number"
        )
    return _Mapper(record, identifier.value).record()


# --------------------------------------------------------------------------- mapping


def _date(reader: Reader, key: str) -> date | None:
    """CTIS dates: "15/09/2025", "2022-08-03" or "2024-04-24T15:14:59.077". A text that is no
    date is left out with a warning naming its path; the record is still imported."""
    raw = reader.text(key)
    if not raw:
        return None
    match = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", raw)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+Z?)?", raw)
        if match:
            return date(*(int(part) for part in match.groups()))
    except ValueError:
        pass
    reader.warn(key, f"{describe(raw)} is not a date like 29/01/2021 or 2021-01-29; left empty")
    return None


def _checked_code(reader: Reader, key: str, code: int) -> int:
    if code not in CTIS_PUBLIC_STATUSES:
        reader.fail(key, "a CTIS public status code 1 to 12", code)
    return code


def _country_code(reader: Reader, key: str, name: str) -> str:
    code = country_code(name)
    if not code:
        reader.fail(key, "the name of a country", name)
    return code


def _readable_case(text: str) -> str:
    """ "ZANAMIVIR" -> "Zanamivir", "PIOGLITAZONE HYDROCHLORIDE" -> "Pioglitazone hydrochloride".

    Only all-capitals text is changed, and only its purely alphabetic words of four letters or
    more: codes ("MK-5592", "BNT162B2") and short abbreviations ("DNA") stay as written.
    """
    if not text or any(char.islower() for char in text):
        return text
    words = re.split(r"(\W+)", text)
    lowered = "".join(word.lower() if word.isalpha() and len(word) >= 4 else word for word in words)
    return lowered[:1].upper() + lowered[1:]


def _given(text: str) -> bool:
    return bool(text) and text.strip().lower() not in _NOT_GIVEN


class _Mapper:
    def __init__(self, obj: Reader, ct_number: str):
        self.obj = obj
        self.ct_number = ct_number
        self.is_ctis2 = obj.data.get("authorizedApplication") is not None
        self.app = obj.obj("authorizedApplication") if self.is_ctis2 else obj
        self.part1 = self.app.obj("authorizedPartI")
        self.details = self.part1.obj("trialDetails")
        self.info = self.details.obj("trialInformation")
        self.ids = self.details.obj("clinicalTrialIdentifiers")
        self.languages = set(LANGUAGE_CODES)

    def record(self) -> TrialRecord:
        status_code, registry_status, status = self.status()
        (start_date, start_date_type), completion_date = self.dates()
        enrollment_eea, enrollment = self.enrollment()
        return TrialRecord(
            source=SOURCE,
            registry_format="ctis2" if self.is_ctis2 else "ctis1",
            primary_identifier=self.ct_number,
            secondary_identifiers=self.secondary_identifiers(),
            official_title=self.translated(self.ids, "fullTitle"),
            public_title=self.translated(self.ids, "publicTitle"),
            acronym=self.ids.text("acronym"),
            short_title=self.short_title(),
            brief_summary=self.translated(self.info, "trialObjective.mainObjective"),
            study_type=StudyType.INTERVENTIONAL,  # CTIS holds clinical trials of medicines only
            phase=self.phase(),
            allocation=self.allocation(),
            masking=self.masking(),
            status=status,
            registry_status=registry_status,
            status_code=status_code,
            country_statuses=self.country_statuses(),
            enrollment=enrollment,
            enrollment_type=EnrollmentType.PLANNED if enrollment is not None else "",
            enrollment_eea=enrollment_eea,
            age_groups=self.age_groups(),
            sex=self.sex(),
            healthy_volunteers=self.healthy_volunteers(),
            inclusion_criteria=self.criteria("principalInclusionCriteria"),
            exclusion_criteria=self.criteria("principalExclusionCriteria"),
            conditions=self.conditions(),
            interventions=self.interventions(),
            outcomes=self.outcomes(),
            sites=self.sites(),
            start_date=start_date,
            start_date_type=start_date_type,
            completion_date=completion_date,
            completion_date_type=DateType.ESTIMATED if completion_date else "",
            last_update=_date(self.obj, "lastUpdated"),
            sponsor=self.sponsor(),
            contacts=self.contacts(),
            source_url=registry_url(self.ct_number),
            results=self.results(),
        )

    # ------------------------------------------------------------------------------ results

    def results(self) -> ResultsRecord | None:
        """The results documents the sponsor posted (a summary of the results, a summary for
        laypersons, clinical study reports), each with its submission date; documents the
        sponsor withdrew are left out. They are read on the trial's CTIS page."""
        documents = []
        for key, kind in RESULT_DOCUMENTS:
            for item in self.obj.objs(f"results.{key}"):
                # Withdrawn whenever a withdrawal date is given, even one that is no date.
                if item.text("withdrawDate"):
                    continue
                submitted = _date(item, "submissionDate") or _date(item, "submitDate")
                title = item.text("title") or item.text("fileName")
                documents.append(
                    ResultDocumentRecord(
                        kind=kind,
                        title=title[:500],
                        language=item.text("language")[:20],
                        submitted=submitted,
                        url=registry_url(self.ct_number),
                    )
                )
        if not documents:
            return None
        dates = [document.submitted for document in documents if document.submitted]
        return ResultsRecord(
            first_posted=min(dates).isoformat() if dates else "", documents=documents
        )

    # ----------------------------------------------------------------- texts and translations

    def translated(self, obj: Reader, path: str) -> dict[str, str]:
        """The English text at `path`, plus `<path>Translations` in the site's languages."""
        texts = {}
        english = obj.text(path)
        if english:
            texts["en"] = english
        texts.update(self.translations(obj, f"{path}Translations"))
        return texts if english else {}

    def translations(self, obj: Reader, path: str) -> dict[str, str]:

        texts = {}
        for item in obj.objs(path):
            language = item.text("languageDescription").lower()
            code = CTIS_LANGUAGES.get(language)
            if code is None or code == "en" or code not in self.languages:
                continue
            text = item.text("attributeTranslation")
            if text:
                texts[code] = text
        return texts

    # ----------------------------------------------------------------- identifiers

    def secondary_identifiers(self) -> list[IdentifierRecord]:
        found: list[IdentifierRecord] = []

        def add(raw: str, issuer: str, unrecognised_kind: str = TrialIdentifier.OTHER):
            raw = raw.strip()
            if not _given(raw) or raw.upper() == self.ct_number:
                return
            try:
                parsed = parse_identifier(raw)
                value, kind, issuer = parsed.value, parsed.registry.code, ""
            except ValidationError:
                value, kind = raw, unrecognised_kind
            if kind == "EUCT" and value == self.ct_number:
                return
            if all(existing.value != value for existing in found):
                found.append(IdentifierRecord(value=value, kind=kind, issuer=issuer))

        eudract = self.app.text("eudraCt.eudraCtCode") or self.obj.text("eudraCtInfo.eudraCtCode")
        add(eudract, "EudraCT")
        numbers = self.ids.obj("secondaryIdentifyingNumbers")
        for key, prefix, issuer in (
            ("nctNumber", "NCT", "ClinicalTrials.gov"),
            ("isrctnNumber", "ISRCTN", "ISRCTN"),
            ("whoUniversalTrialNumber", "", "WHO"),
        ):
            number = numbers.text(f"{key}.number")
            if number.isdigit() and prefix:  # "12345678" in the ISRCTN field
                number = prefix + number
            add(number, issuer)
        for item in numbers.objs("additionalRegistries"):
            registry = " ".join(item.text("otherRegistryName").split())
            number = item.text("number")
            for part in re.split(r"\s*;\s*", number):
                if _given(part):
                    national = is_national_number(part, registry)
                    kind = TrialIdentifier.NATIONAL if national else TrialIdentifier.OTHER_REGISTRY
                    add(part, registry, kind)
        return found

    def short_title(self) -> str:
        """The sponsor's short title: a title (often a protocol code), never an identifier."""
        title = self.ids.text("shortTitle") or self.obj.text("shortTitle")
        return title[:300] if _given(title) else ""

    # ----------------------------------------------------------------- status

    def status(self) -> tuple[int | None, str, str]:
        code = self.obj.integer("ctPublicStatusCode")
        if code is None:
            raw = self.obj.data.get("ctStatus")
            if raw is not None and (isinstance(raw, bool) or not isinstance(raw, int | str)):
                self.obj.fail("ctStatus", "a number or text", raw)
            if isinstance(raw, int):
                code = raw
            elif raw:
                words = " ".join(raw.split())
                known = CTIS1_STATUS_WORDS.get(words.lower())
                if known is None:
                    return None, words, RecruitmentStatus.UNKNOWN
                return known[0], words, known[1]
            else:
                return None, "", RecruitmentStatus.UNKNOWN
            field = "ctStatus"
        else:
            field = "ctPublicStatusCode"
        _checked_code(self.obj, field, code)
        return code, _STATUS_WORDS[code], CTIS_STATUS_TO_RECRUITMENT[code]

    def country_statuses(self) -> list[CountryStatusRecord]:
        """The member states concerned, with their decisions and planned participants, then
        the countries outside the EEA that part I lists (`rowCountriesInfo`)."""
        authorisation: dict[str, str] = {}
        codes: dict[str, int | None] = {}
        participants: dict[str, int] = {}
        order: list[str] = []

        def note(country: str, words: str = "", code: int | None = None):
            if country not in order:
                order.append(country)
            if words and not authorisation.get(country):
                authorisation[country] = words
            if code is not None and codes.get(country) is None:
                codes[country] = code

        countries_field = self.obj.data.get("trialCountries")
        if countries_field is not None and not isinstance(countries_field, list | str):
            self.obj.fail("trialCountries", "a list or text", countries_field)
        if isinstance(countries_field, list):  # CTIS2: ["Spain:4", "Italy:4"]
            for index, entry in enumerate(countries_field):
                key = f"trialCountries[{index}]"
                if entry is None:
                    continue
                if not isinstance(entry, str):
                    self.obj.fail(key, "text", entry)
                name, _sep, raw_code = entry.rpartition(":")
                if not name or not raw_code.strip().isdigit():
                    self.obj.fail(key, "a country and its status code, like 'Spain:4'", entry)
                note(
                    _country_code(self.obj, key, name),
                    code=_checked_code(self.obj, key, int(raw_code)),
                )
        elif isinstance(countries_field, str):  # CTIS1: "DE:Authorised, not started, NL:..."
            for country, words in re.findall(
                r"(?:^|,\s*)([A-Z]{2}):(.*?)(?=,\s*[A-Z]{2}:|$)", countries_field
            ):
                known = CTIS1_STATUS_WORDS.get(" ".join(words.split()).lower())
                note(country, code=known[0] if known else None)

        for item in self.app.objs("memberStatesConcerned"):
            country = item.text("organisationInfo.memberStateCountryCode")
            name = item.text("mscName") or item.text("countryName")
            if not country and name:
                country = _country_code(item, "mscName", name)
            if not country:
                continue
            code = item.integer("mscPublicStatusCode")
            if code is not None:
                _checked_code(item, "mscPublicStatusCode", code)
            note(country, item.text("trialStatus"), code)

        for item in self.app.objs("authorizedPartsII"):
            msc = item.obj("mscInfo")
            country = msc.text("organisationInfo.memberStateCountryCode")
            name = msc.text("mscName") or msc.text("countryName")
            if not country and name:
                country = _country_code(msc, "mscName", name)
            if country:
                note(country, msc.text("trialStatus"))
                count = item.whole_number("recruitmentSubjectCount")
                if count is not None:
                    participants[country] = participants.get(country, 0) + count

        records = [
            CountryStatusRecord(
                country=country,
                authorisation=authorisation.get(country, ""),
                status_code=codes.get(country),
                planned_participants=participants.get(country),
            )
            for country in order
        ]
        for item in self.part1.objs("rowCountriesInfo"):
            code = item.text("isoAlpha2Code").upper()
            name = item.text("name")
            if not code and name:
                code = _country_code(item, "name", name)
            if code and code not in order and country_code(code):
                order.append(code)
                records.append(CountryStatusRecord(country=code, is_member_state=False))
        return records

    # ----------------------------------------------------------------- design

    def phase(self) -> str:
        code = self.info.text("trialCategory.trialPhase")
        if code in CTIS_TRIAL_PHASES:
            return CTIS_TRIAL_PHASES[code][1]
        return _phase_from_words(self.obj.text("trialPhase"))

    def periods(self) -> list[Reader]:
        return self.details.objs("protocolInformation.studyDesign.periodDetails")

    def allocation(self) -> str:
        found = set()
        for period in self.periods():
            method = period.text("allocationMethod")

            found.add(CTIS_ALLOCATION_METHODS.get(method, ""))
        found.discard("")
        if len(found) == 1:
            return found.pop()
        return Allocation.RANDOMISED if Allocation.RANDOMISED in found else ""

    def masking(self) -> str:
        """Blinding words of the periods, when a period states them; the strictest wins."""
        ranks = [Masking.NONE, Masking.SINGLE, Masking.DOUBLE, Masking.TRIPLE, Masking.QUADRUPLE]
        best = None
        for period in self.periods():
            for key in ("blindingMethod", "blinding", "blindingType"):
                words = period.text(key).lower()
                value = _masking_from_words(words)
                if value and (best is None or ranks.index(value) > ranks.index(best)):
                    best = value
        return best or ""

    # ----------------------------------------------------------------- population

    def enrollment(self) -> tuple[int | None, int | None]:
        """The planned participants in the European Economic Area (the member states' parts II,
        whose total the overview gives as `totalNumberEnrolled`), and worldwide: those and
        the rest of the world's (`rowSubjectCount`)."""
        eea = self.obj.whole_number("totalNumberEnrolled")
        if eea is None:
            counts = [
                item.whole_number("recruitmentSubjectCount")
                for item in self.app.objs("authorizedPartsII")
            ]
            counts = [count for count in counts if count is not None]
            eea = sum(counts) if counts else None
        elsewhere = self.part1.whole_number("rowSubjectCount")
        if eea is None:
            return None, elsewhere or None
        return eea, eea + (elsewhere or 0)

    def sex(self) -> str:
        gender = self.obj.text("gender").lower()
        words = set(re.findall(r"[a-z]+", gender))
        female, male = "female" in words, "male" in words
        if not gender:
            population = self.info.obj("populationOfTrialSubjects")
            female = bool(population.boolean("isFemaleSubjects"))
            male = bool(population.boolean("isMaleSubjects"))
        if female and male:
            return Sex.ALL
        if female:
            return Sex.FEMALE
        if male:
            return Sex.MALE
        return ""

    def age_groups(self) -> list[str]:
        """The age groups as the registry gives them: the structured ranges, else the
        overview's words. No age limit is made of them: the criteria give the exact ages."""
        groups = []
        population = self.info.obj("populationOfTrialSubjects")
        for item in population.objs("ageRanges"):
            code = item.text("ageRangeCategory") or item.text("ageRangeCategoryCode")
            if code in CTIS_AGE_RANGES:
                groups.append(str(CTIS_AGE_RANGES[code]))
        if not groups:
            for words in self.obj.text("ageGroup").split(","):
                group = CTIS_AGE_GROUP_WORDS.get(" ".join(words.split()).lower())
                if group:
                    groups.append(str(group))
        order = list(AgeGroup.values)
        return sorted(set(groups), key=order.index)

    def healthy_volunteers(self) -> bool | None:
        population = self.info.obj("populationOfTrialSubjects")
        names = [item.text("name").lower() for item in population.objs("clinicalTrialGroups")]
        names = [name for name in names if name]
        if not names:
            return None
        return any("healthy" in name for name in names)

    def criteria(self, key: str) -> dict[str, str]:
        """A numbered list per language; a language only where every criterion is translated."""
        eligibility = self.info.obj("eligibilityCriteria")
        entries = []
        for item in eligibility.objs(key):
            text = item.text(key)
            if not text:
                continue
            number = item.whole_number("number")
            translations = self.translations(item, f"{key}Translations")
            entries.append(
                (number if number is not None else 10**6, len(entries), text, translations)
            )
        if not entries:
            return {}
        entries.sort(key=lambda entry: entry[:2])
        texts = {"en": _numbered([entry[2] for entry in entries])}
        for language in sorted(self.languages - {"en"}):
            if all(language in entry[3] for entry in entries):
                texts[language] = _numbered([entry[3][language] for entry in entries])
        return texts

    def conditions(self) -> list[str]:
        """Part I's `medicalConditions`, else the trial information's own list (both read)."""
        sources = (
            (self.part1, "medicalConditions"),
            (self.info, "medicalCondition.partIMedicalConditions"),
        )
        lists = []
        for obj, path in sources:
            names: list[str] = []
            for item in obj.objs(path):
                name = item.text("medicalCondition")
                if name and name.lower() not in {n.lower() for n in names}:
                    names.append(name)
            lists.append(names)
        return next((names for names in lists if names), [])

    # ----------------------------------------------------------------- products and outcomes

    def products(self) -> list[tuple[str, Reader]]:
        """(role code, product) of every product: test, comparator, placebo, auxiliary."""
        groups = self.part1.objs("productRoleGroupInfos")
        if groups:
            products = []
            for group in groups:
                role = group.text("productRoleCode")
                role = role or CTIS_ROLE_NAMES.get(group.text("productRoleName").lower(), "")
                for item in group.objs("products"):
                    products.append((role, item))
            return products
        return [(item.text("mpRoleInTrial"), item) for item in self.part1.objs("products")]

    def interventions(self) -> list[InterventionRecord]:
        """One intervention per product name, with its role, type, routes and daily dose; a
        product given in several roles (a test and a comparator) is given in several."""
        merged: dict[str, dict] = {}
        for role, product in self.products():
            dictionary = product.obj("productDictionaryInfo")
            product_names = [
                product.text("productName"),
                dictionary.text("prodName"),
                product.text("nameDisplay"),
            ]
            codes = [
                product.text("sponsorProductCode"),
                product.text("sponsorProductCodeEdit"),
            ]
            substance = next(
                (
                    name
                    for name in (
                        dictionary.text("activeSubstanceName"),
                        product.text("jsonActiveSubstanceNames"),
                    )
                    if _given(name)
                ),
                "",
            )
            candidates = [n for n in product_names + codes if _given(n)]
            name = _readable_case(substance) if substance else (candidates[0] if candidates else "")
            if not name:
                continue
            entry = merged.setdefault(
                name.lower(),
                {"name": name, "roles": set(), "kinds": set(), "other": [], "routes": []},
            )
            entry["roles"].add(str(CTIS_ROLES.get(role, "")))
            entry["kinds"].add(str(self.product_kind(product, role)))
            for route in product.texts("routes"):
                route = " ".join(route.split()).lower()
                if _given(route) and route not in entry["routes"]:
                    entry["routes"].append(route)
            entry.setdefault("dose", self.daily_dose(product))
            for other in candidates:
                seen = {entry["name"].lower(), *(o.lower() for o in entry["other"])}
                if other.lower() not in seen:
                    entry["other"].append(other)
        return [
            InterventionRecord(
                name=entry["name"],
                kind=entry["kinds"].pop() if len(entry["kinds"]) == 1 else "",
                other_names=tuple(entry["other"]),
                role=_merged_role(entry["roles"]),
                route=", ".join(entry["routes"]),
                max_daily_dose=entry["dose"],
            )
            for entry in merged.values()
        ]

    def product_kind(self, product: Reader, role: str) -> str:
        """An advanced therapy, a medicine of chemical substances only, or a medicine; a
        placebo has no type of its own."""
        if role == ROLE_PLACEBO:
            return ""
        if product.boolean("anAdvancedTherapyMedicinalProduct"):
            return InterventionKind.ADVANCED_THERAPY
        if product.boolean("allSubstancesChemicals"):
            return InterventionKind.DRUG
        return InterventionKind.MEDICINE

    def daily_dose(self, product: Reader) -> str:
        """ "10 mg": the highest daily dose, with the symbol of its unit ("mg milligram(s)")."""
        amount = product.text("maxDailyDoseAmount")
        unit = product.text("doseUom").split(" ")[0]
        if not _given(amount) or not re.fullmatch(r"\d+(?:[.,]\d+)?", amount) or not unit:
            return ""
        return f"{amount} {unit}"

    def outcomes(self) -> list[OutcomeRecord]:
        endpoints = self.info.obj("endPoint")
        outcomes = []
        for key, kind in (
            ("primaryEndPoints", OutcomeKind.PRIMARY),
            ("secondaryEndPoints", OutcomeKind.SECONDARY),
        ):
            entries = []
            for item in endpoints.objs(key):
                measure = self.translated(item, "endPoint")
                if not measure:
                    item.warn("endPoint", "missing; the outcome is left out")
                    continue
                number = item.whole_number("number")
                time_frame = self.translated(item, "timeFrame")
                entries.append(
                    (number if number is not None else 10**6, len(entries), measure, time_frame)
                )
            entries.sort(key=lambda entry: entry[:2])
            outcomes.extend(
                OutcomeRecord(kind=kind, measure=measure, time_frame=time_frame)
                for _number, _index, measure, time_frame in entries
            )
        return outcomes

    # ----------------------------------------------------------------- sites, dates, sponsor

    def sites(self) -> list[SiteRecord]:
        sites = []
        for part in self.app.objs("authorizedPartsII"):
            for site in part.objs("trialSites"):
                facility = site.text("organisationAddressInfo.organisation.name")
                city = site.text("organisationAddressInfo.address.city")
                country_name = site.text("organisationAddressInfo.address.countryName")
                if not country_name:
                    continue
                country = _country_code(
                    site, "organisationAddressInfo.address.countryName", country_name
                )
                sites.append(SiteRecord(country=country, facility=facility, city=city))
        return sites

    def dates(self) -> tuple[tuple[str, str], str]:
        """The start (actual: the start in the EEA or in a member state; else the expected start
        of recruitment) with its type, and the expected end."""
        starts = [_date(self.obj, "startDateEU")]
        for part in self.app.objs("authorizedPartsII"):
            for period in part.objs("mscInfo.trialPeriod"):
                starts.append(_date(period, "trialStartDate"))
        starts = [start for start in starts if start is not None]
        if starts:
            start = (min(starts).isoformat(), DateType.ACTUAL)
        else:
            expected = _date(self.info, "trialDuration.estimatedRecruitmentStartDate")
            start = (expected.isoformat(), DateType.ESTIMATED) if expected else ("", "")
        end = _date(self.info, "trialDuration.estimatedGlobalEndDate") or _date(
            self.info, "trialDuration.estimatedEndDate"
        )
        return start, end.isoformat() if end else ""

    def sponsor(self) -> str:
        sponsors = self.part1.objs("sponsors")
        for item in sponsors:
            if item.boolean("primary"):
                return item.text("organisation.name")
        name = self.obj.text("primarySponsor.organisation.name")
        if name:
            return name
        if sponsors:
            return sponsors[0].text("organisation.name")
        return ""

    def contacts(self) -> list:
        """The public and scientific contact points of every sponsor, each once."""
        found = []
        for sponsor in self.part1.objs("sponsors"):
            sponsor_name = sponsor.text("organisation.name")
            for key, kind in (
                ("publicContacts", ContactKind.SPONSOR_PUBLIC),
                ("scientificContacts", ContactKind.SPONSOR_SCIENTIFIC),
            ):
                for point in sponsor.objs(key):
                    organisation = point.data.get("organisation")
                    organisation = organisation if isinstance(organisation, dict) else {}
                    # Values are read as they come (see `importers.contacts`): one of the
                    # wrong type is left out rather than refusing the record.
                    found.append(
                        contact_record(
                            kind,
                            name=point.data.get("functionalName"),
                            organisation=organisation.get("name") or sponsor_name,
                            phone=point.data.get("telephone"),
                            email=point.data.get("functionalEmailAddress"),
                        )
                    )
        return distinct(found)


def _merged_role(roles: set) -> str:
    roles = {role for role in roles if role}
    if len(roles) > 1:
        return str(InterventionRole.SEVERAL)
    return roles.pop() if roles else ""


def _numbered(texts: list[str]) -> str:
    return "\n".join(f"{index}. {text}" for index, text in enumerate(texts, start=1))


def _phase_from_words(words: str) -> str:
    """The overview's phase wording: "Therapeutic exploratory (Phase II)" -> phase2."""
    normal = " ".join(words.split()).lower()
    if not normal:
        return ""
    for _code, (label, phase) in CTIS_TRIAL_PHASES.items():
        if " ".join(label.split()).lower() == normal:
            return phase
    integrated = re.fullmatch(r"phase (i+v?) and phase (i+v?) \(integrated\).*", normal)
    roman = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
    if integrated:
        pair = (roman.get(integrated.group(1)), roman.get(integrated.group(2)))
        return {
            (1, 2): Phase.PHASE1_PHASE2,
            (2, 3): Phase.PHASE2_PHASE3,
            (3, 4): Phase.PHASE3_PHASE4,
        }.get(pair, "")
    single = re.search(r"\(phase (i|ii|iii|iv)\)", normal)
    if single:
        return {1: Phase.PHASE1, 2: Phase.PHASE2, 3: Phase.PHASE3, 4: Phase.PHASE4}[
            roman[single.group(1)]
        ]
    return ""


def _masking_from_words(words: str) -> str:
    if not words:
        return ""
    if "quadruple" in words:
        return Masking.QUADRUPLE
    if "triple" in words:
        return Masking.TRIPLE
    if "double" in words:
        return Masking.DOUBLE
    if "single" in words:
        return Masking.SINGLE
    if "open" in words or "not blinded" in words or "unblinded" in words:
        return Masking.NONE
    return ""
