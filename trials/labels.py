"""What the site calls things, in the active language: translated fields with their fallback,
the trial's display title, statuses, phases, ages, dates and countries.

The summary builder, the pages, the feed, JSON-LD, search results and the API all take their
labels from here, so that one thing is named one way everywhere.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import dates
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django_countries import countries

from config.languages import DEFAULT_LANGUAGE

from .folding import sort_key
from .models import AgeGroup, CtisPublicStatus, Phase, RecruitmentStatus


@dataclass(frozen=True)
class Text:
    """A piece of text; `lang` is set only when it is not in the page's language.

    `term` is the slug of the glossary term this text is the page's first mention of. A text
    that is not `linkable` (a name: a status, a title) never holds a glossary link. `href` is
    the address the text links to (another trial's page, a phone number, an e-mail address).
    """

    text: str
    lang: str | None = None
    term: str | None = None
    linkable: bool = True
    href: str | None = None

    def __str__(self):
        return self.text


def localized(obj, field_name, language):
    """The field in `language`, else in English marked as such (modeltranslation columns)."""
    value = getattr(obj, f"{field_name}_{language}", None)
    if value:
        return Text(value)
    value = getattr(obj, f"{field_name}_{DEFAULT_LANGUAGE}", None) or ""
    return Text(value, DEFAULT_LANGUAGE if value and language != DEFAULT_LANGUAGE else None)


def trial_title(trial, language):
    """The trial's public (lay) title, else its official title; empty if it has neither."""
    title = localized(trial, "public_title", language)
    return title if title.text else localized(trial, "official_title", language)


def trial_display_title(trial, language):
    """The title to show for a trial: its title, else its identifier."""
    title = trial_title(trial, language)
    return title if title.text else Text(trial.primary_identifier)


def name(text):
    """A name (of a status, a title, a group) as a text that no glossary link may enter."""
    if isinstance(text, Text):
        return Text(text.text, text.lang, linkable=False)
    return Text(str(text), linkable=False)


_AGE_UNITS = {
    "year": lambda n: ngettext("%(count)d year", "%(count)d years", n),
    "month": lambda n: ngettext("%(count)d month", "%(count)d months", n),
    "week": lambda n: ngettext("%(count)d week", "%(count)d weeks", n),
    "day": lambda n: ngettext("%(count)d day", "%(count)d days", n),
    "hour": lambda n: ngettext("%(count)d hour", "%(count)d hours", n),
    "minute": lambda n: ngettext("%(count)d minute", "%(count)d minutes", n),
}


def age_label(registry_age):
    """“18 Years” as the active language writes it (“18 anni”)."""
    number, _space, unit = registry_age.partition(" ")
    unit = unit.lower().rstrip("s")
    if not number.isdigit() or unit not in _AGE_UNITS:
        return registry_age
    count = int(number)
    return _AGE_UNITS[unit](count) % {"count": count}


# Languages that write month names in lower case, which Django's Italian names are not.
_LOWER_CASE_MONTHS = {"it", "fr", "es"}


def _formatted(value, format_name):
    text = date_format(value, format_name)
    if get_language() in _LOWER_CASE_MONTHS:
        month = str(dates.MONTHS[value.month])
        text = text.replace(month, month.lower())
    return text


def partial_date_label(value):
    """“2023-05” as “May 2023”, “2023” as “2023”, a full date as the language writes it."""
    pieces = [int(p) for p in value.split("-")]
    if len(pieces) == 3:
        return _formatted(date(*pieces), "DATE_FORMAT")
    if len(pieces) == 2:
        return _formatted(date(pieces[0], pieces[1], 1), "YEAR_MONTH_FORMAT")
    return str(pieces[0])


def is_full_date(value):
    return value.count("-") == 2


def date_label(value):
    """A date as the language writes it: 8 October 2021, 8 ottobre 2021, 8. Oktober 2021."""
    return _formatted(value, "DATE_FORMAT")


def number_label(value):
    """A count with the language's thousands separator: 1,078; 1.078; 1 078."""
    return number_format(value, force_grouping=True)


def phase_label(phase):
    return str(Phase(phase).label) if phase else _("Not given")


def status_label(status):
    return str(RecruitmentStatus(status).label)


def registry_status_label(trial):
    """The trial's status as its registry names it: the CTIS status, else the normalised one."""
    if trial.registry_status_code:
        return str(CtisPublicStatus(trial.registry_status_code).label)
    return status_label(trial.status)


def age_group_label(group):
    return str(AgeGroup(group).label) if group in AgeGroup.values else group


# Routes of administration as EU CTIS words them (EDQM standard terms, lower-cased).
ROUTES = {
    "oral use": gettext_lazy("oral use"),
    "oral": gettext_lazy("oral use"),
    "intravenous use": gettext_lazy("intravenous use"),
    "intravenous": gettext_lazy("intravenous use"),
    "intravenous injection": gettext_lazy("intravenous injection"),
    "intravenous infusion": gettext_lazy("intravenous infusion"),
    "subcutaneous use": gettext_lazy("subcutaneous use"),
    "subcutaneous": gettext_lazy("subcutaneous use"),
    "intramuscular use": gettext_lazy("intramuscular use"),
    "intramuscular": gettext_lazy("intramuscular use"),
    "intraosseous use": gettext_lazy("intraosseous use"),
    "intrathecal use": gettext_lazy("intrathecal use"),
    "intratracheal use": gettext_lazy("intratracheal use"),
    "intravitreal use": gettext_lazy("intravitreal use"),
    "intravesical use": gettext_lazy("intravesical use"),
    "intradermal use": gettext_lazy("intradermal use"),
    "intra-articular use": gettext_lazy("intra-articular use"),
    "intraperitoneal use": gettext_lazy("intraperitoneal use"),
    "intratumoral use": gettext_lazy("intratumoral use"),
    "cutaneous use": gettext_lazy("cutaneous use"),
    "transdermal use": gettext_lazy("transdermal use"),
    "nasal use": gettext_lazy("nasal use"),
    "inhalation use": gettext_lazy("inhalation use"),
    "ocular use": gettext_lazy("ocular use"),
    "rectal use": gettext_lazy("rectal use"),
    "vaginal use": gettext_lazy("vaginal use"),
    "sublingual use": gettext_lazy("sublingual use"),
}


def route_label(words):
    """A route of administration in the active language; in English, marked so, when it is
    one we have no translation of."""
    parts = [part.strip() for part in words.split(",") if part.strip()]
    if parts and all(part.casefold() in ROUTES for part in parts):
        return Text(", ".join(dict.fromkeys(str(ROUTES[part.casefold()]) for part in parts)))
    english = get_language() == DEFAULT_LANGUAGE
    return Text(words, None if english else DEFAULT_LANGUAGE)


# The roles of ClinicalTrials.gov's contacts and officials, as it words them.
CONTACT_ROLES = {
    "PRINCIPAL_INVESTIGATOR": gettext_lazy("principal investigator"),
    "SUB_INVESTIGATOR": gettext_lazy("sub-investigator"),
    "STUDY_CHAIR": gettext_lazy("study chair"),
    "STUDY_DIRECTOR": gettext_lazy("study director"),
    "CONTACT": gettext_lazy("contact"),
}


def contact_role_label(role):
    """A contact's role in the active language; in English words, marked so, when it is one we
    have no translation of."""
    known = CONTACT_ROLES.get(role.strip().upper().replace(" ", "_"))
    if known is not None:
        return Text(str(known), linkable=False)
    english = get_language() == DEFAULT_LANGUAGE
    words = role.replace("_", " ").strip()
    words = words.lower() if words.isupper() else words
    return Text(words, None if english else DEFAULT_LANGUAGE, linkable=False)


def country_name(code):
    """A country's name in the active language, from its ISO code."""
    return str(countries.name(code))


def _country_code(place):
    # The stored code: `place.country` makes a Country object, for each site of hundreds.
    return place.__dict__["country"]


def country_names(places):
    """The names of the countries of these sites or decisions, in the active language, sorted."""
    codes = {_country_code(place) for place in places}
    return tuple(sorted({country_name(code) for code in codes}, key=sort_key))


def sites_by_country(sites):
    """[(country name in the active language, [sites])], sorted by that name."""
    groups, names = {}, {}
    for site in sites:
        code = _country_code(site)
        if code not in names:
            names[code] = country_name(code)
        groups.setdefault(names[code], []).append(site)
    return sorted(groups.items(), key=lambda item: sort_key(item[0]))


# What the value of an outcome measure is, by the registry's code for it.
MEASURE_TYPES = {
    "MEAN": gettext_lazy("mean"),
    "MEDIAN": gettext_lazy("median"),
    "LEAST_SQUARES_MEAN": gettext_lazy("least squares mean"),
    "GEOMETRIC_MEAN": gettext_lazy("geometric mean"),
    "GEOMETRIC_LEAST_SQUARES_MEAN": gettext_lazy("geometric least squares mean"),
    "LOG_MEAN": gettext_lazy("mean of the logarithm"),
    "COUNT_OF_PARTICIPANTS": gettext_lazy("number of participants"),
    "COUNT_OF_UNITS": gettext_lazy("number of units"),
    "NUMBER": gettext_lazy("number"),
}
# How the spread of a value is given: by one figure, or by a lower and an upper limit.
SPREADS = {
    "STANDARD_DEVIATION": gettext_lazy("standard deviation"),
    "STANDARD_ERROR": gettext_lazy("standard error"),
    "GEOMETRIC_COEFFICIENT": gettext_lazy("geometric coefficient of variation"),
}
LIMITS = {
    "INTER_QUARTILE_RANGE": gettext_lazy("interquartile range"),
    "FULL_RANGE": gettext_lazy("range"),
}
_NUMBER = re.compile(r"-?\d+(?:\.(\d+))?")


def measure_type_label(code):
    label = MEASURE_TYPES.get(code)
    return str(label) if label else ""


def dispersion_label(code):
    """The name of a spread (“standard deviation”, “95% confidence interval”), or ""."""
    if code in SPREADS:
        return str(SPREADS[code])
    if code in LIMITS:
        return str(LIMITS[code])
    match = re.fullmatch(r"CONFIDENCE_INTERVAL_(\d+)", code or "")
    if match:
        return _("%(percent)s%% confidence interval") % {"percent": match.group(1)}
    return ""


def has_limits(code):
    return code in LIMITS or (code or "").startswith("CONFIDENCE_INTERVAL")


def measured_value_label(value):
    """A value as a registry writes it (“7.0”, “<0.001”, “NA”), its numbers written as the
    language writes them; “NA” and empty values as not given."""
    value = (value or "").strip()
    if value.upper() in ("", "NA", "N/A"):
        return _("not given")
    return _NUMBER.sub(
        lambda match: number_format(
            Decimal(match.group(0)), decimal_pos=len(match.group(1) or ""), force_grouping=True
        ),
        value,
    )


def measured_number(value):
    """A value as a number, for a chart; None where it is not one number."""
    value = (value or "").strip()
    return float(value) if _NUMBER.fullmatch(value) else None
