"""EU CTIS records (as stored by the R package ctrdata) mapped onto a `TrialRecord`.

Two generations of the CTIS public payload exist:

- "CTIS1", before the June 2024 portal relaunch: the authorised application sits at the top
  level (`authorizedPartI`, `authorizedPartsII`, `memberStatesConcerned`), the overall status is
  a phrase (`ctStatus` "Authorised, not started") and `trialCountries` is one string
  ("DE:Authorised, not started").
- "CTIS2", after it: the same content under `authorizedApplication`, the status is a public
  status code (`ctPublicStatusCode` 4) and `trialCountries` is a list (["Spain:4", "Italy:4"]).

Only structured fields are read; free text (a title saying "randomised") is never evidence.
A field of the wrong type raises `RecordError` naming the field, never a bare TypeError.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django_countries import countries

from config.languages import LANGUAGE_CODES
from trials.identifiers import is_national_number, parse_identifier
from trials.importers.contacts import contact_record, distinct
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
    warn,
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
SOURCE_URL = "https://euclinicaltrials.eu/ctis-public/view/{ct_number}"
# The lists of `results` that hold documents, by the kind of document they hold.
RESULT_DOCUMENTS = (
    ("summaryResults", "summary_results"),
    ("laypersonResults", "lay_summary"),
    ("clinicalStudyReports", "clinical_study_report"),
)
EU_CT_NUMBER = re.compile(r"^\d{4}-\d{6}-\d{2}-\d{2}$")

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


# --------------------------------------------------------------------------- reading helpers

_TYPE_NAMES = {
    dict: "an object",
    list: "a list",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true/false",
}


def _type_name(types) -> str:
    if not isinstance(types, tuple):
        types = (types,)
    names = dict.fromkeys(_TYPE_NAMES.get(t, t.__name__) for t in types)
    return " or ".join(names)


def _describe(value) -> str:
    shown = repr(value)
    shown = f"{shown[:40]}…" if len(shown) > 40 else shown
    return f"{_TYPE_NAMES.get(type(value), type(value).__name__)} ({shown})"


class _Reader:
    """Reads nested paths of one record, checking types; errors name the full field path."""

    def __init__(self, record_id: str):
        self.record_id = record_id

    def error(self, path: str, message: str) -> RecordError:
        return RecordError(f"CTIS record {self.record_id}: field {path} {message}")

    def check(self, value, types, path: str):
        """`value` if it is of `types` (bool never counts as a number), else RecordError."""
        if value is None:
            return None
        if not isinstance(types, tuple):
            types = (types,)
        if isinstance(value, bool) and bool not in types:
            ok = False
        else:
            ok = isinstance(value, types)
        if not ok:
            raise self.error(path, f"should be {_type_name(types)}, got {_describe(value)}")
        return value

    def get(self, obj, path: str, types, base: str = ""):
        """Follow dotted `path` from `obj`; None when a step is missing or null."""
        current = obj
        walked = base
        for key in path.split("."):
            if current is None:
                return None
            if not isinstance(current, dict):
                raise self.error(
                    walked or "(record)", f"should be an object, got {_describe(current)}"
                )
            current = current.get(key)
            walked = f"{walked}.{key}" if walked else key
        return self.check(current, types, walked)

    def text(self, obj, path: str, base: str = "") -> str:
        value = self.get(obj, path, (str, int, float), base)
        if value is None:
            return ""
        return str(value).strip()

    def items(self, obj, path: str, base: str = "") -> list[tuple[str, dict]]:
        """The objects of a list field, each with its own path for error messages."""
        values = self.get(obj, path, list, base) or []
        full = f"{base}.{path}" if base else path
        result = []
        for index, item in enumerate(values):
            item_path = f"{full}[{index}]"
            if item is None:
                continue
            result.append((item_path, self.check(item, dict, item_path)))
        return result

    def whole_number(self, obj, path: str, base: str = "") -> int | None:
        value = self.get(obj, path, (int, str, float), base)
        full = f"{base}.{path}" if base else path
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, float):
            if not value.is_integer():
                raise self.error(full, f"should be a whole number, got {_describe(value)}")
            return int(value)
        if isinstance(value, str):
            if not re.fullmatch(r"\s*\d+\s*", value):
                raise self.error(full, f"should be a whole number, got {_describe(value)}")
            return int(value)
        return value

    def date(self, obj, path: str, base: str = "") -> date | None:
        """CTIS dates: "15/09/2025", "2022-08-03" or "2024-04-24T15:14:59.077". A text that is
        no date is left out with a warning naming its path (the record is still imported)."""
        raw = self.text(obj, path, base)
        if not raw:
            return None
        full = f"{base}.{path}" if base else path
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
        warn(f"{full}: {_describe(raw)} is not a date like 29/01/2021 or 2021-01-29; left empty")
        return None


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
        raise RecordError(f"A CTIS record should be an object, got {_describe(obj)}.")
    raw_number = obj.get("ctNumber")
    if raw_number is None or (isinstance(raw_number, str) and not raw_number.strip()):
        raise RecordError("A CTIS record has no ctNumber (EU CT number); it cannot be imported.")
    if not isinstance(raw_number, str):
        raise RecordError(f"CTIS field ctNumber should be a string, got {_describe(raw_number)}.")
    try:
        identifier = parse_identifier(raw_number)
    except ValidationError as exc:
        raise RecordError(
            f"CTIS field ctNumber {raw_number[:40]!r} is not an EU CT number (2025-520841-60-00)."
        ) from exc
    if identifier.registry.code != "EUCT":
        raise RecordError(
            f"CTIS field ctNumber {raw_number[:40]!r} is a {identifier.registry.code} identifier,"
            " not an EU CT number."
        )
    ct_number = identifier.value
    reader = _Reader(ct_number)
    return _Mapper(obj, reader, ct_number).record()


# --------------------------------------------------------------------------- mapping


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
    def __init__(self, obj: dict, reader: _Reader, ct_number: str):
        self.obj = obj
        self.r = reader
        self.ct_number = ct_number
        application = reader.get(obj, "authorizedApplication", dict)
        if application is not None:
            self.app, self.app_path = application, "authorizedApplication"
        else:
            self.app, self.app_path = obj, ""
        self.part1_path = self._path("authorizedPartI")
        self.part1 = reader.get(self.app, "authorizedPartI", dict, self.app_path) or {}
        self.details_path = f"{self.part1_path}.trialDetails"
        self.details = reader.get(self.part1, "trialDetails", dict, self.part1_path) or {}
        self.info_path = f"{self.details_path}.trialInformation"
        self.info = reader.get(self.details, "trialInformation", dict, self.details_path) or {}
        self.ids_path = f"{self.details_path}.clinicalTrialIdentifiers"
        self.ids = reader.get(self.details, "clinicalTrialIdentifiers", dict, self.details_path)
        self.ids = self.ids or {}
        self.languages = set(LANGUAGE_CODES)

    def _path(self, key: str) -> str:
        return f"{self.app_path}.{key}" if self.app_path else key

    def record(self) -> TrialRecord:
        status_code, registry_status, status = self.status()
        (start_date, start_date_type), completion_date = self.dates()
        enrollment_eea, enrollment = self.enrollment()
        return TrialRecord(
            source=SOURCE,
            registry_format="ctis2" if self.app_path else "ctis1",
            primary_identifier=self.ct_number,
            secondary_identifiers=self.secondary_identifiers(),
            official_title=self.translated(self.ids, "fullTitle", self.ids_path),
            public_title=self.translated(self.ids, "publicTitle", self.ids_path),
            acronym=self.r.text(self.ids, "acronym", self.ids_path),
            short_title=self.short_title(),
            brief_summary=self.translated(
                self.info, "trialObjective.mainObjective", self.info_path
            ),
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
            last_update=self.r.date(self.obj, "lastUpdated"),
            sponsor=self.sponsor(),
            contacts=self.contacts(),
            source_url=SOURCE_URL.format(ct_number=self.ct_number),
            results=self.results(),
        )

    # ------------------------------------------------------------------------------ results

    def results(self) -> ResultsRecord | None:
        """The results documents the sponsor posted (a summary of the results, a summary for
        laypersons, clinical study reports), each with its submission date; documents the
        sponsor withdrew are left out. They are read on the trial's CTIS page."""
        documents = []
        for key, kind in RESULT_DOCUMENTS:
            for path, item in self.r.items(self.obj, f"results.{key}"):
                # Withdrawn whenever a withdrawal date is given, even one that is no date.
                if self.r.text(item, "withdrawDate", path):
                    continue
                submitted = self.r.date(item, "submissionDate", path) or self.r.date(
                    item, "submitDate", path
                )
                title = self.r.text(item, "title", path) or self.r.text(item, "fileName", path)
                documents.append(
                    ResultDocumentRecord(
                        kind=kind,
                        title=title[:500],
                        language=self.r.text(item, "language", path)[:20],
                        submitted=submitted,
                        url=SOURCE_URL.format(ct_number=self.ct_number),
                    )
                )
        if not documents:
            return None
        dates = [document.submitted for document in documents if document.submitted]
        return ResultsRecord(
            first_posted=min(dates).isoformat() if dates else "", documents=documents
        )

    # ----------------------------------------------------------------- texts and translations

    def translated(self, obj: dict, path: str, base: str) -> dict[str, str]:
        """The English text at `path`, plus `<path>Translations` in the site's languages."""
        texts = {}
        english = self.r.text(obj, path, base)
        if english:
            texts["en"] = english
        texts.update(self.translations(obj, f"{path}Translations", base))
        return texts if english else {}

    def translations(self, obj: dict, path: str, base: str) -> dict[str, str]:
        texts = {}
        for item_path, item in self.r.items(obj, path, base):
            language = self.r.text(item, "languageDescription", item_path).lower()
            code = CTIS_LANGUAGES.get(language)
            if code is None or code == "en" or code not in self.languages:
                continue
            text = self.r.text(item, "attributeTranslation", item_path)
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

        eudract = self.r.text(self.app, "eudraCt.eudraCtCode", self.app_path) or self.r.text(
            self.obj, "eudraCtInfo.eudraCtCode"
        )
        add(eudract, "EudraCT")
        numbers_path = f"{self.ids_path}.secondaryIdentifyingNumbers"
        numbers = self.r.get(self.ids, "secondaryIdentifyingNumbers", dict, self.ids_path) or {}
        for key, prefix, issuer in (
            ("nctNumber", "NCT", "ClinicalTrials.gov"),
            ("isrctnNumber", "ISRCTN", "ISRCTN"),
            ("whoUniversalTrialNumber", "", "WHO"),
        ):
            number = self.r.text(numbers, f"{key}.number", numbers_path)
            if number.isdigit() and prefix:  # "12345678" in the ISRCTN field
                number = prefix + number
            add(number, issuer)
        for item_path, item in self.r.items(numbers, "additionalRegistries", numbers_path):
            registry = " ".join(self.r.text(item, "otherRegistryName", item_path).split())
            number = self.r.text(item, "number", item_path)
            for part in re.split(r"\s*;\s*", number):
                if _given(part):
                    national = is_national_number(part, registry)
                    kind = TrialIdentifier.NATIONAL if national else TrialIdentifier.OTHER_REGISTRY
                    add(part, registry, kind)
        return found

    def short_title(self) -> str:
        """The sponsor's short title: a title (often a protocol code), never an identifier."""
        title = self.r.text(self.ids, "shortTitle", self.ids_path) or self.r.text(
            self.obj, "shortTitle"
        )
        return title[:300] if _given(title) else ""

    # ----------------------------------------------------------------- status

    def status(self) -> tuple[int | None, str, str]:
        code = self.r.get(self.obj, "ctPublicStatusCode", int)
        if code is None:
            raw = self.r.get(self.obj, "ctStatus", (int, str))
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
        self.check_code(code, field)
        return code, _STATUS_WORDS[code], CTIS_STATUS_TO_RECRUITMENT[code]

    def check_code(self, code: int, path: str) -> int:
        if code not in CTIS_PUBLIC_STATUSES:
            raise self.r.error(path, f"should be a CTIS public status code 1 to 12, got {code!r}")
        return code

    def country_code(self, name: str, path: str) -> str:
        name = name.strip()
        if re.fullmatch(r"[A-Z]{2}", name):
            return name
        code = countries.by_name(name)
        if not code:
            raise self.r.error(path, f"names a country we do not recognise: {name!r}")
        return code

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

        countries_field = self.r.get(self.obj, "trialCountries", (list, str))
        if isinstance(countries_field, list):  # CTIS2: ["Spain:4", "Italy:4"]
            for index, entry in enumerate(countries_field):
                path = f"trialCountries[{index}]"
                if self.r.check(entry, str, path) is None:
                    continue
                name, _sep, raw_code = entry.rpartition(":")
                if not name or not raw_code.strip().isdigit():
                    raise self.r.error(path, f"should look like 'Spain:4', got {entry!r}")
                note(self.country_code(name, path), code=self.check_code(int(raw_code), path))
        elif isinstance(countries_field, str):  # CTIS1: "DE:Authorised, not started, NL:..."
            for country, words in re.findall(
                r"(?:^|,\s*)([A-Z]{2}):(.*?)(?=,\s*[A-Z]{2}:|$)", countries_field
            ):
                known = CTIS1_STATUS_WORDS.get(" ".join(words.split()).lower())
                note(country, code=known[0] if known else None)

        for item_path, item in self.r.items(self.app, "memberStatesConcerned", self.app_path):
            country = self.r.text(item, "organisationInfo.memberStateCountryCode", item_path)
            name_path = f"{item_path}.mscName"
            name = self.r.text(item, "mscName", item_path) or self.r.text(
                item, "countryName", item_path
            )
            if not country and name:
                country = self.country_code(name, name_path)
            if not country:
                continue
            code = self.r.get(item, "mscPublicStatusCode", int, item_path)
            if code is not None:
                self.check_code(code, f"{item_path}.mscPublicStatusCode")
            note(country, self.r.text(item, "trialStatus", item_path), code)

        for item_path, item in self.r.items(self.app, "authorizedPartsII", self.app_path):
            msc_path = f"{item_path}.mscInfo"
            msc = self.r.get(item, "mscInfo", dict, item_path) or {}
            country = self.r.text(msc, "organisationInfo.memberStateCountryCode", msc_path)
            name = self.r.text(msc, "mscName", msc_path) or self.r.text(
                msc, "countryName", msc_path
            )
            if not country and name:
                country = self.country_code(name, f"{msc_path}.mscName")
            if country:
                note(country, self.r.text(msc, "trialStatus", msc_path))
                count = self.r.whole_number(item, "recruitmentSubjectCount", item_path)
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
        for item_path, item in self.r.items(self.part1, "rowCountriesInfo", self.part1_path):
            code = self.r.text(item, "isoAlpha2Code", item_path).upper()
            name = self.r.text(item, "name", item_path)
            if not code and name:
                code = self.country_code(name, f"{item_path}.name")
            if code and code not in order and countries.name(code):
                order.append(code)
                records.append(CountryStatusRecord(country=code, is_member_state=False))
        return records

    # ----------------------------------------------------------------- design

    def phase(self) -> str:
        code = self.r.text(self.info, "trialCategory.trialPhase", self.info_path)
        if code in CTIS_TRIAL_PHASES:
            return CTIS_TRIAL_PHASES[code][1]
        return _phase_from_words(self.r.text(self.obj, "trialPhase"))

    def periods(self) -> list[tuple[str, dict]]:
        return self.r.items(
            self.details, "protocolInformation.studyDesign.periodDetails", self.details_path
        )

    def allocation(self) -> str:
        found = set()
        for item_path, period in self.periods():
            method = self.r.text(period, "allocationMethod", item_path)
            found.add(CTIS_ALLOCATION_METHODS.get(method, ""))
        found.discard("")
        if len(found) == 1:
            return found.pop()
        return Allocation.RANDOMISED if Allocation.RANDOMISED in found else ""

    def masking(self) -> str:
        """Blinding words of the periods, when a period states them; the strictest wins."""
        ranks = [Masking.NONE, Masking.SINGLE, Masking.DOUBLE, Masking.TRIPLE, Masking.QUADRUPLE]
        best = None
        for item_path, period in self.periods():
            for key in ("blindingMethod", "blinding", "blindingType"):
                words = self.r.text(period, key, item_path).lower()
                value = _masking_from_words(words)
                if value and (best is None or ranks.index(value) > ranks.index(best)):
                    best = value
        return best or ""

    # ----------------------------------------------------------------- population

    def enrollment(self) -> tuple[int | None, int | None]:
        """The planned participants in the European Economic Area (the member states' parts II,
        whose total the overview gives as `totalNumberEnrolled`), and worldwide: those and
        the rest of the world's (`rowSubjectCount`)."""
        eea = self.r.whole_number(self.obj, "totalNumberEnrolled")
        if eea is None:
            counts = [
                self.r.whole_number(item, "recruitmentSubjectCount", item_path)
                for item_path, item in self.r.items(self.app, "authorizedPartsII", self.app_path)
            ]
            counts = [count for count in counts if count is not None]
            eea = sum(counts) if counts else None
        elsewhere = self.r.whole_number(self.part1, "rowSubjectCount", self.part1_path)
        if eea is None:
            return None, elsewhere or None
        return eea, eea + (elsewhere or 0)

    def sex(self) -> str:
        gender = self.r.text(self.obj, "gender").lower()
        words = set(re.findall(r"[a-z]+", gender))
        female, male = "female" in words, "male" in words
        if not gender:
            population_path = f"{self.info_path}.populationOfTrialSubjects"
            population = self.r.get(self.info, "populationOfTrialSubjects", dict, self.info_path)
            female = bool(self.r.get(population, "isFemaleSubjects", bool, population_path))
            male = bool(self.r.get(population, "isMaleSubjects", bool, population_path))
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
        population_path = f"{self.info_path}.populationOfTrialSubjects"
        population = self.r.get(self.info, "populationOfTrialSubjects", dict, self.info_path)
        for item_path, item in self.r.items(population, "ageRanges", population_path):
            code = self.r.text(item, "ageRangeCategory", item_path) or self.r.text(
                item, "ageRangeCategoryCode", item_path
            )
            if code in CTIS_AGE_RANGES:
                groups.append(str(CTIS_AGE_RANGES[code]))
        if not groups:
            for words in self.r.text(self.obj, "ageGroup").split(","):
                group = CTIS_AGE_GROUP_WORDS.get(" ".join(words.split()).lower())
                if group:
                    groups.append(str(group))
        order = list(AgeGroup.values)
        return sorted(set(groups), key=order.index)

    def healthy_volunteers(self) -> bool | None:
        population_path = f"{self.info_path}.populationOfTrialSubjects"
        population = self.r.get(self.info, "populationOfTrialSubjects", dict, self.info_path)
        names = [
            self.r.text(item, "name", item_path).lower()
            for item_path, item in self.r.items(population, "clinicalTrialGroups", population_path)
        ]
        names = [name for name in names if name]
        if not names:
            return None
        return any("healthy" in name for name in names)

    def criteria(self, key: str) -> dict[str, str]:
        """A numbered list per language; a language only where every criterion is translated."""
        base = f"{self.info_path}.eligibilityCriteria"
        eligibility = self.r.get(self.info, "eligibilityCriteria", dict, self.info_path)
        entries = []
        for item_path, item in self.r.items(eligibility, key, base):
            text = self.r.text(item, key, item_path)
            if not text:
                continue
            number = self.r.whole_number(item, "number", item_path)
            translations = self.translations(item, f"{key}Translations", item_path)
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
            (self.part1, "medicalConditions", self.part1_path),
            (self.info, "medicalCondition.partIMedicalConditions", self.info_path),
        )
        lists = []
        for obj, path, base in sources:
            names: list[str] = []
            for item_path, item in self.r.items(obj, path, base):
                name = self.r.text(item, "medicalCondition", item_path)
                if name and name.lower() not in {n.lower() for n in names}:
                    names.append(name)
            lists.append(names)
        return next((names for names in lists if names), [])

    # ----------------------------------------------------------------- products and outcomes

    def products(self) -> list[tuple[str, str, dict]]:
        """(role code, path, product) of every product: test, comparator, placebo, auxiliary."""
        groups = self.r.items(self.part1, "productRoleGroupInfos", self.part1_path)
        if groups:
            products = []
            for group_path, group in groups:
                role = self.r.text(group, "productRoleCode", group_path)
                role = role or CTIS_ROLE_NAMES.get(
                    self.r.text(group, "productRoleName", group_path).lower(), ""
                )
                for item_path, item in self.r.items(group, "products", group_path):
                    products.append((role, item_path, item))
            return products
        return [
            (self.r.text(item, "mpRoleInTrial", item_path), item_path, item)
            for item_path, item in self.r.items(self.part1, "products", self.part1_path)
        ]

    def interventions(self) -> list[InterventionRecord]:
        """One intervention per product name, with its role, type, routes and daily dose; a
        product given in several roles (a test and a comparator) is given in several."""
        merged: dict[str, dict] = {}
        for role, item_path, product in self.products():
            dictionary_path = f"{item_path}.productDictionaryInfo"
            dictionary = self.r.get(product, "productDictionaryInfo", dict, item_path) or {}
            product_names = [
                self.r.text(product, "productName", item_path),
                self.r.text(dictionary, "prodName", dictionary_path),
                self.r.text(product, "nameDisplay", item_path),
            ]
            codes = [
                self.r.text(product, "sponsorProductCode", item_path),
                self.r.text(product, "sponsorProductCodeEdit", item_path),
            ]
            substance = next(
                (
                    name
                    for name in (
                        self.r.text(dictionary, "activeSubstanceName", dictionary_path),
                        self.r.text(product, "jsonActiveSubstanceNames", item_path),
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
            entry["kinds"].add(str(self.product_kind(product, item_path, role)))
            for route_path, route in enumerate(
                self.r.get(product, "routes", list, item_path) or []
            ):
                route = self.r.check(route, str, f"{item_path}.routes[{route_path}]") or ""
                route = " ".join(route.split()).lower()
                if _given(route) and route not in entry["routes"]:
                    entry["routes"].append(route)
            entry.setdefault("dose", self.daily_dose(product, item_path))
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

    def product_kind(self, product: dict, path: str, role: str) -> str:
        """An advanced therapy, a medicine of chemical substances only, or a medicine; a
        placebo has no type of its own."""
        if role == ROLE_PLACEBO:
            return ""
        if self.r.get(product, "anAdvancedTherapyMedicinalProduct", bool, path):
            return InterventionKind.ADVANCED_THERAPY
        if self.r.get(product, "allSubstancesChemicals", bool, path):
            return InterventionKind.DRUG
        return InterventionKind.MEDICINE

    def daily_dose(self, product: dict, path: str) -> str:
        """ "10 mg": the highest daily dose, with the symbol of its unit ("mg milligram(s)")."""
        amount = self.r.text(product, "maxDailyDoseAmount", path)
        unit = self.r.text(product, "doseUom", path).split(" ")[0]
        if not _given(amount) or not re.fullmatch(r"\d+(?:[.,]\d+)?", amount) or not unit:
            return ""
        return f"{amount} {unit}"

    def outcomes(self) -> list[OutcomeRecord]:
        base = f"{self.info_path}.endPoint"
        endpoints = self.r.get(self.info, "endPoint", dict, self.info_path)
        outcomes = []
        for key, kind in (
            ("primaryEndPoints", OutcomeKind.PRIMARY),
            ("secondaryEndPoints", OutcomeKind.SECONDARY),
        ):
            entries = []
            for item_path, item in self.r.items(endpoints, key, base):
                measure = self.translated(item, "endPoint", item_path)
                if not measure:
                    warn(f"{item_path}.endPoint: missing; the outcome is left out")
                    continue
                number = self.r.whole_number(item, "number", item_path)
                time_frame = self.translated(item, "timeFrame", item_path)
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
        for part_path, part in self.r.items(self.app, "authorizedPartsII", self.app_path):
            for site_path, site in self.r.items(part, "trialSites", part_path):
                info_path = f"{site_path}.organisationAddressInfo"
                facility = self.r.text(site, "organisationAddressInfo.organisation.name", site_path)
                city = self.r.text(site, "organisationAddressInfo.address.city", site_path)
                country_name = self.r.text(
                    site, "organisationAddressInfo.address.countryName", site_path
                )
                if not country_name:
                    continue
                country = self.country_code(country_name, f"{info_path}.address.countryName")
                sites.append(SiteRecord(country=country, facility=facility, city=city))
        return sites

    def dates(self) -> tuple[tuple[str, str], str]:
        """The start (actual: the start in the EEA or in a member state; else the expected start
        of recruitment) with its type, and the expected end."""
        starts = [self.r.date(self.obj, "startDateEU")]
        for part_path, part in self.r.items(self.app, "authorizedPartsII", self.app_path):
            for period_path, period in self.r.items(part, "mscInfo.trialPeriod", part_path):
                starts.append(self.r.date(period, "trialStartDate", period_path))
        starts = [start for start in starts if start is not None]
        if starts:
            start = (min(starts).isoformat(), DateType.ACTUAL)
        else:
            expected = self.r.date(
                self.info, "trialDuration.estimatedRecruitmentStartDate", self.info_path
            )
            start = (expected.isoformat(), DateType.ESTIMATED) if expected else ("", "")
        end = self.r.date(
            self.info, "trialDuration.estimatedGlobalEndDate", self.info_path
        ) or self.r.date(self.info, "trialDuration.estimatedEndDate", self.info_path)
        return start, end.isoformat() if end else ""

    def sponsor(self) -> str:
        sponsors = self.r.items(self.part1, "sponsors", self.part1_path)
        for item_path, item in sponsors:
            if self.r.get(item, "primary", bool, item_path):
                return self.r.text(item, "organisation.name", item_path)
        name = self.r.text(self.obj, "primarySponsor.organisation.name")
        if name:
            return name
        if sponsors:
            item_path, item = sponsors[0]
            return self.r.text(item, "organisation.name", item_path)
        return ""

    def contacts(self) -> list:
        """The public and scientific contact points of every sponsor, each once."""
        found = []
        for item_path, sponsor in self.r.items(self.part1, "sponsors", self.part1_path):
            sponsor_name = self.r.text(sponsor, "organisation.name", item_path)
            for key, kind in (
                ("publicContacts", ContactKind.SPONSOR_PUBLIC),
                ("scientificContacts", ContactKind.SPONSOR_SCIENTIFIC),
            ):
                for _path, point in self.r.items(sponsor, key, item_path):
                    organisation = point.get("organisation")
                    organisation = organisation if isinstance(organisation, dict) else {}
                    # Values are read as they come (see `importers.contacts`): one of the
                    # wrong type is left out rather than refusing the record.
                    found.append(
                        contact_record(
                            kind,
                            name=point.get("functionalName"),
                            organisation=organisation.get("name") or sponsor_name,
                            phone=point.get("telephone"),
                            email=point.get("functionalEmailAddress"),
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
