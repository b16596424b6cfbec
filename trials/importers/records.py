"""The neutral shape every registry record is mapped onto before it touches the database.

Texts that a registry publishes in several languages are dicts keyed by our language codes
(`{"en": ..., "es": ...}`); only the languages in settings.LANGUAGES are kept.
"""

from dataclasses import dataclass, field
from datetime import date


class RecordError(ValueError):
    """A record that cannot be imported; the message says why, for a person to act on."""


@dataclass(frozen=True)
class IdentifierRecord:
    value: str
    kind: str  # a registry code from trials.identifiers, or TrialIdentifier.NATIONAL / SPONSOR


@dataclass(frozen=True)
class InterventionRecord:
    name: str
    kind: str  # trials.models.InterventionKind value
    other_names: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class OutcomeRecord:
    kind: str  # trials.models.OutcomeKind value
    measure: dict[str, str]
    time_frame: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SiteRecord:
    country: str  # ISO 3166-1 alpha-2
    facility: str = ""
    city: str = ""
    status: str = ""  # trials.models.RecruitmentStatus value, or ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class CountryStatusRecord:
    """One country's decision on a CTIS trial: authorisation and trial status are two facts."""

    country: str  # ISO 3166-1 alpha-2
    authorisation: str = ""  # as the registry words it, e.g. "Authorised"
    status_code: int | None = None  # CTIS public status code, 1 to 12


@dataclass
class TrialRecord:
    source: str  # "ctgov" or "ctis"
    primary_identifier: str
    secondary_identifiers: list[IdentifierRecord] = field(default_factory=list)
    official_title: dict[str, str] = field(default_factory=dict)
    public_title: dict[str, str] = field(default_factory=dict)
    acronym: str = ""
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
    minimum_age: str = ""  # "18 Years"
    maximum_age: str = ""
    sex: str = ""
    healthy_volunteers: bool | None = None
    inclusion_criteria: dict[str, str] = field(default_factory=dict)
    exclusion_criteria: dict[str, str] = field(default_factory=dict)
    conditions: list[str] = field(default_factory=list)
    interventions: list[InterventionRecord] = field(default_factory=list)
    outcomes: list[OutcomeRecord] = field(default_factory=list)
    sites: list[SiteRecord] = field(default_factory=list)
    start_date: str = ""  # partial: "2023", "2023-05" or "2023-05-17"
    completion_date: str = ""
    last_update: date | None = None
    sponsor: str = ""
    source_url: str = ""
