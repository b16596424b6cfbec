"""What the site calls things, in the active language: translated fields with their fallback,
the trial's display title, statuses, phases, ages, dates and countries.

The summary builder, the pages, the feed, JSON-LD, search results and the API all take their
labels from here, so that one thing is named one way everywhere.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.languages import DEFAULT_LANGUAGE

from .folding import sort_key
from .models import Phase, RecruitmentStatus


@dataclass(frozen=True)
class Text:
    """A piece of text; `lang` is set only when it is not in the page's language.

    `term` is the slug of the glossary term this text is the page's first mention of.
    """

    text: str
    lang: str | None = None
    term: str | None = None

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


def partial_date_label(value):
    """“2023-05” as “May 2023”, “2023” as “2023”, a full date in the language's format."""
    pieces = [int(p) for p in value.split("-")]
    if len(pieces) == 3:
        return date_format(date(*pieces), "DATE_FORMAT")
    if len(pieces) == 2:
        return date_format(date(pieces[0], pieces[1], 1), "YEAR_MONTH_FORMAT")
    return str(pieces[0])


def date_label(value):
    return date_format(value, "DATE_FORMAT")


def phase_label(phase):
    return str(Phase(phase).label) if phase else _("Not given")


def status_label(status):
    return str(RecruitmentStatus(status).label)


def country_names(places):
    """The names of the countries of these sites or decisions, in the active language, sorted."""
    return tuple(sorted({str(place.country.name) for place in places}, key=sort_key))


def sites_by_country(sites):
    """[(country name in the active language, [sites])], sorted by that name."""
    groups = {}
    for site in sites:
        groups.setdefault(str(site.country.name), []).append(site)
    return sorted(groups.items(), key=lambda item: sort_key(item[0]))
