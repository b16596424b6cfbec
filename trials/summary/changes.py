"""What changed in a trial's record, in words: one sentence, with its sources, for each
`TrialChange` an import noted, and the date the registry record was last checked. The trial
page, the change feeds and the API all take their words from here."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trials.labels import (
    country_name,
    date_label,
    name,
    number_label,
    partial_date_label,
    trial_display_title,
)
from trials.models import (
    ChangeKind,
    CtisPublicStatus,
    DateType,
    EnrollmentType,
    RecruitmentStatus,
)
from trials.provenance import Source, sources_of

from .phrases import compose, join_list, sentence
from .types import Sentence, Text

# How many changes a trial's page lists, the newest first.
RECENT_CHANGES = 10


@dataclass(frozen=True)
class ChangeNote:
    """One change of one trial, said in the active language."""

    id: int  # the `TrialChange`'s
    identifier: str
    page_url: str
    title: Text
    kind: str
    changed_at: datetime
    date: str  # `changed_at`'s day, as the language writes it
    sentence: Sentence
    before: object  # the JSON values the change stores, for clients of the API
    after: object


def change_notes(changes, language):
    """The notes of these `TrialChange` rows (their trials selected with them), in order."""
    with translation.override(language):
        return tuple(
            ChangeNote(
                id=change.pk,
                identifier=change.trial.primary_identifier,
                page_url=change.trial.get_absolute_url(),
                title=trial_display_title(change.trial, language),
                kind=change.kind,
                changed_at=change.changed_at,
                date=date_label(timezone.localdate(change.changed_at)),
                sentence=change_sentence(change),
                before=change.before,
                after=change.after,
            )
            for change in changes
        )


def last_checked(trial, language):
    """“The registry record was last checked on 3 December 2026.”, if it ever was."""
    if trial.last_synced_at is None:
        return None
    with translation.override(language):
        return sentence(
            _("The registry record was last checked on %(date)s."),
            sources=(Source("Trial.last_synced_at"),),
            date=date_label(timezone.localdate(trial.last_synced_at)),
        )


def feed_title(kind, label):
    """The title of the feed of changes to the trials of an intervention, a condition or a
    country (`kind`), named `label` in the active language."""
    templates = {
        "intervention": _("Changes to the trials of %(intervention)s"),
        "condition": _("Changes to the trials of %(condition)s"),
        "country": _("Changes to the trials in %(country)s"),
    }
    return "".join(part.text for part in compose(templates[kind], **{kind: label}))


def feed_subtitle():
    return _(
        "What the registries changed in these published trials: status, sites, participants, "
        "dates and results."
    )


def feed_item_title(note):
    """A feed item's title: the trial's identifier and title."""
    return "".join(
        part.text
        for part in compose(
            _("%(identifier)s – %(title)s"), identifier=note.identifier, title=note.title
        )
    )


def change_sentence(change):
    """The sentence that says one change."""
    trial, before, after = change.trial, change.before, change.after
    kind = change.kind
    if kind == ChangeKind.STATUS:
        return sentence(
            _("The status changed from “%(before)s” to “%(after)s”."),
            sources=sources_of(trial, ["Trial.status", "Trial.registry_status_code"]),
            before=name(_status_label(before)),
            after=name(_status_label(after)),
        )
    if kind == ChangeKind.ENROLLMENT:
        return _enrollment_sentence(trial, before, after)
    if kind in DATE_TEMPLATES:
        return _date_sentence(trial, kind, before, after)
    if kind in (ChangeKind.SITES_ADDED, ChangeKind.SITES_CLOSED):
        count = after["count"]
        if kind == ChangeKind.SITES_ADDED:
            template = ngettext(
                "A study site was added: %(sites)s.",
                "%(count)d study sites were added: %(sites)s.",
                count,
            )
        else:
            template = ngettext(
                "A study site stopped recruiting: %(sites)s.",
                "%(count)d study sites stopped recruiting: %(sites)s.",
                count,
            )
        return sentence(
            template,
            sources=sources_of(
                trial, ["Site.facility", "Site.city", "Site.country", "Site.status"]
            ),
            count=count,
            sites=_sites(after["sites"], count),
        )
    if kind in (ChangeKind.COUNTRIES_ADDED, ChangeKind.COUNTRIES_CLOSED):
        template = (
            _("Countries where the study now recruits: %(countries)s.")
            if kind == ChangeKind.COUNTRIES_ADDED
            else _("Countries where the study no longer recruits: %(countries)s.")
        )
        return sentence(
            template,
            sources=sources_of(trial, ["Site.country", "Site.status"]),
            countries=join_list([name(country_name(code)) for code in after["countries"]]),
        )
    if kind == ChangeKind.RESULTS_POSTED:
        sources = sources_of(trial, ["TrialResults.first_posted"])
        if after.get("first_posted"):
            return sentence(
                _("The registry posted the study's results on %(date)s."),
                sources=sources,
                date=partial_date_label(after["first_posted"]),
            )
        return sentence(_("The registry record now gives the study's results."), sources=sources)
    raise ValueError(f"Unknown kind of change: {kind}")


def _status_label(value):
    if value.get("code"):
        return str(CtisPublicStatus(value["code"]).label)
    if value.get("status"):
        return str(RecruitmentStatus(value["status"]).label)
    return _("Not given")


def _enrollment_sentence(trial, before, after):
    sources = sources_of(trial, ["Trial.enrollment", "Trial.enrollment_type"])
    if before is None:
        return sentence(
            _("The registry now gives the number of participants: %(after)s."),
            sources=sources,
            after=number_label(after["count"]),
        )
    actual = EnrollmentType.ACTUAL
    if after["type"] == actual and before["type"] != actual:
        return sentence(
            _(
                "The registry now gives the actual number of participants: %(after)s "
                "(it expected %(before)s)."
            ),
            sources=sources,
            before=number_label(before["count"]),
            after=number_label(after["count"]),
        )
    return sentence(
        _("The number of participants changed from %(before)s to %(after)s."),
        sources=sources,
        before=number_label(before["count"]),
        after=number_label(after["count"]),
    )


# For each date: the sentence of a date newly given, of one that became the actual date, of
# one that changed.
DATE_TEMPLATES = {
    ChangeKind.START_DATE: (
        lambda: _("The registry now gives a start date: %(after)s."),
        lambda: _(
            "The actual start date is now given: %(after)s (the expected date was %(before)s)."
        ),
        lambda: _("The start date changed from %(before)s to %(after)s."),
    ),
    ChangeKind.PRIMARY_COMPLETION_DATE: (
        lambda: _(
            "The registry now gives the date of the last data for the main outcome: %(after)s."
        ),
        lambda: _(
            "The actual date of the last data for the main outcome is now given: %(after)s "
            "(the expected date was %(before)s)."
        ),
        lambda: _(
            "The date of the last data for the main outcome changed from %(before)s to %(after)s."
        ),
    ),
    ChangeKind.COMPLETION_DATE: (
        lambda: _("The registry now gives an end date: %(after)s."),
        lambda: _(
            "The actual end date is now given: %(after)s (the expected date was %(before)s)."
        ),
        lambda: _("The end date changed from %(before)s to %(after)s."),
    ),
}


def _date_sentence(trial, kind, before, after):
    given, became_actual, changed = (template() for template in DATE_TEMPLATES[kind])
    field = f"Trial.{kind}"
    sources = sources_of(trial, [field, f"{field}_type"])
    values = {"after": partial_date_label(after["date"])}
    if before is None:
        template = given
    else:
        values["before"] = partial_date_label(before["date"])
        actual = DateType.ACTUAL
        template = (
            became_actual if after["type"] == actual and before["type"] != actual else changed
        )
    return sentence(template, sources=sources, **values)


def _sites(sites, count):
    """The sites named, “facility, city, country”, and how many more there are."""
    labels = [
        name(", ".join(part for part in (facility, city, country_name(country)) if part))
        for country, city, facility in sites
    ]
    more = count - len(labels)
    if more <= 0:
        return join_list(labels)
    listed = []
    for index, label in enumerate(labels):
        if index:
            listed.append(Text(_(", ")))
        listed.append(label)
    return compose(
        ngettext("%(sites)s and %(count)d more", "%(sites)s and %(count)d more", more),
        sites=tuple(listed),
        count=more,
    )
