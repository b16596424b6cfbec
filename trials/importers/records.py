"""The neutral shape every registry record is mapped onto before it touches the database.

Texts that a registry publishes in several languages are dicts keyed by our language codes
(`{"en": ..., "es": ...}`); only the languages in settings.LANGUAGES are kept.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date


class RecordError(ValueError):
    """A record that cannot be imported; the message says why, for a person to act on."""


_warnings: ContextVar[list[str] | None] = ContextVar("record_warnings", default=None)


@contextmanager
def collected_warnings():
    """The warnings `warn` gives while the block maps one record, as a list."""
    notes = []
    token = _warnings.set(notes)
    try:
        yield notes
    finally:
        _warnings.reset(token)


def warn(message: str) -> None:
    """Say that a value of the record is left out or changed (a field path, then why); the
    record is still imported."""
    notes = _warnings.get()
    if notes is not None:
        notes.append(message)


@dataclass(frozen=True)
class IdentifierRecord:
    value: str
    kind: str  # a registry code from trials.identifiers, or one of TrialIdentifier's own kinds
    issuer: str = ""  # the registry, authority or funder the record names, if any


@dataclass(frozen=True)
class InterventionRecord:
    """An intervention as this trial's record describes it."""

    name: str
    kind: str  # trials.models.InterventionKind value, or "" when the record gives none
    other_names: tuple[str, ...] = ()
    description: str = ""
    role: str = ""  # trials.models.InterventionRole value, or "" when the record does not say
    route: str = ""  # as the registry words it, in English, lower case ("oral use")
    max_daily_dose: str = ""  # "10 mg"


@dataclass(frozen=True)
class ArmRecord:
    """A group of participants; `interventions` are positions in `TrialRecord.interventions`."""

    label: str
    kind: str = ""  # trials.models.ArmKind value
    description: str = ""
    interventions: tuple[int, ...] = ()


@dataclass(frozen=True)
class OutcomeRecord:
    kind: str  # trials.models.OutcomeKind value
    measure: dict[str, str]
    time_frame: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ContactRecord:
    """A contact as the record gives it, cleaned by `importers.contacts.contact_record`."""

    kind: str  # trials.models.ContactKind value
    name: str = ""
    role: str = ""  # as the registry words it ("PRINCIPAL_INVESTIGATOR")
    organisation: str = ""
    phone: str = ""
    phone_extension: str = ""
    email: str = ""  # a plausible address, else ""


@dataclass(frozen=True)
class SiteRecord:
    country: str  # ISO 3166-1 alpha-2
    facility: str = ""
    city: str = ""
    status: str = ""  # trials.models.RecruitmentStatus value, or ""
    latitude: float | None = None
    longitude: float | None = None
    contacts: tuple[ContactRecord, ...] = ()


@dataclass(frozen=True)
class CountryStatusRecord:
    """One country's decision on a CTIS trial: authorisation and trial status are two facts."""

    country: str  # ISO 3166-1 alpha-2
    authorisation: str = ""  # as the registry words it, e.g. "Authorised"
    status_code: int | None = None  # CTIS public status code, 1 to 12
    is_member_state: bool = True  # False: a country outside the EEA where the trial runs
    planned_participants: int | None = None


@dataclass(frozen=True)
class ResultGroupRecord:
    """A group as one module of the results reports it (`module`: results.models.ResultModule)."""

    module: str
    title: str
    registry_id: str = ""
    description: str = ""
    period: str = ""
    started: int | None = None
    completed: int | None = None
    not_completed: int | None = None
    participants: int | None = None
    serious_affected: int | None = None
    serious_at_risk: int | None = None
    other_affected: int | None = None
    other_at_risk: int | None = None
    deaths: int | None = None
    deaths_at_risk: int | None = None


@dataclass(frozen=True)
class OutcomeResultRecord:
    """What one outcome measure found; groups, measurements and analyses as
    results.models.OutcomeResult keeps them."""

    kind: str  # trials.models.OutcomeKind value
    title: str
    description: str = ""
    time_frame: str = ""
    unit: str = ""
    population: str = ""
    param_type: str = ""
    dispersion_type: str = ""
    is_posted: bool = True
    groups: tuple[dict, ...] = ()
    measurements: tuple[dict, ...] = ()
    analyses: tuple[dict, ...] = ()


@dataclass(frozen=True)
class ResultDocumentRecord:
    kind: str  # results.models.DocumentKind value
    title: str = ""
    language: str = ""
    submitted: date | None = None
    url: str = ""


@dataclass
class ResultsRecord:
    first_posted: str = ""  # partial date, as the registry gives it
    adverse_events_time_frame: str = ""
    adverse_events_description: str = ""
    other_events_threshold: str = ""
    baseline_population: str = ""
    groups: list[ResultGroupRecord] = field(default_factory=list)
    outcomes: list[OutcomeResultRecord] = field(default_factory=list)
    documents: list[ResultDocumentRecord] = field(default_factory=list)


@dataclass
class TrialRecord:
    source: str  # "ctgov" or "ctis"
    primary_identifier: str
    # Where its fields are read from (see trials/provenance.py): "ctgov", "ctis1" or "ctis2".
    registry_format: str = ""
    secondary_identifiers: list[IdentifierRecord] = field(default_factory=list)
    official_title: dict[str, str] = field(default_factory=dict)
    public_title: dict[str, str] = field(default_factory=dict)
    acronym: str = ""
    short_title: str = ""
    brief_summary: dict[str, str] = field(default_factory=dict)  # CommonMark for CT.gov
    study_type: str = ""
    phase: str = ""
    allocation: str = ""
    masking: str = ""
    status: str = "unknown"  # trials.models.RecruitmentStatus value
    registry_status: str = ""  # the registry's own words
    status_code: int | None = None  # CTIS public status code
    country_statuses: list[CountryStatusRecord] = field(default_factory=list)
    enrollment: int | None = None
    enrollment_type: str = ""
    enrollment_eea: int | None = None
    minimum_age: str = ""  # "18 Years"
    maximum_age: str = ""
    age_groups: list[str] = field(default_factory=list)  # trials.models.AgeGroup values
    sex: str = ""
    healthy_volunteers: bool | None = None
    study_population: dict[str, str] = field(default_factory=dict)
    inclusion_criteria: dict[str, str] = field(default_factory=dict)
    exclusion_criteria: dict[str, str] = field(default_factory=dict)
    conditions: list[str] = field(default_factory=list)
    interventions: list[InterventionRecord] = field(default_factory=list)
    arms: list[ArmRecord] = field(default_factory=list)
    outcomes: list[OutcomeRecord] = field(default_factory=list)
    sites: list[SiteRecord] = field(default_factory=list)
    # The trial's own contacts; those of a site are the site's.
    contacts: list[ContactRecord] = field(default_factory=list)
    start_date: str = ""  # partial: "2023", "2023-05" or "2023-05-17"
    start_date_type: str = ""  # trials.models.DateType value
    primary_completion_date: str = ""
    primary_completion_date_type: str = ""
    completion_date: str = ""
    completion_date_type: str = ""
    why_stopped: dict[str, str] = field(default_factory=dict)
    last_known_status: str = ""
    last_update: date | None = None
    sponsor: str = ""
    source_url: str = ""
    results: ResultsRecord | None = None  # None: the record has no results
