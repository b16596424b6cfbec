"""“Main trial details”: what each intervention is in the trial (its role, type, route and
dose), the sponsor, the dates with whether they are actual or expected, the trial's other
identifiers by what they are, and the last update."""

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.languages import DEFAULT_LANGUAGE
from trials.identifiers import SHORT_NAMES
from trials.labels import date_label, is_full_date, name, partial_date_label, route_label
from trials.models import (
    DateType,
    InterventionKind,
    InterventionRole,
    SummarySection,
    TrialIdentifier,
)

from .page import PARAGRAPH_BREAK
from .phrases import compose, join_list, sentence
from .statuses import PAST_STAGES, Stage, is_observational, stage
from .types import Paragraph

ROLE_SENTENCES = {
    InterventionRole.EXPERIMENTAL: lambda: _(
        "In this trial, %(intervention)s is a treatment under study."
    ),
    InterventionRole.ACTIVE_COMPARATOR: lambda: _(
        "In this trial, %(intervention)s is an active comparator: a treatment that the others "
        "are compared with."
    ),
    InterventionRole.PLACEBO: lambda: _(
        "In this trial, %(intervention)s is the placebo: a dummy treatment without an active "
        "substance, given so that the results can be compared."
    ),
    InterventionRole.SHAM: lambda: _(
        "In this trial, %(intervention)s is a sham treatment: it imitates a treatment without its "
        "active part, so that the results can be compared."
    ),
    InterventionRole.AUXILIARY: lambda: _(
        "In this trial, %(intervention)s is an auxiliary medicine: it is used as the trial's plan "
        "describes, but it is not a medicine under study."
    ),
}


def details(page):
    def sentences(trial):
        cites = page.cite[trial.pk]
        for link in page.page_links(trial):
            yield from intervention_facts(page, trial, link, cites)
            yield PARAGRAPH_BREAK
        if trial.sponsor:
            yield sentence(
                _("The sponsor of the study is %(sponsor)s."),
                cites,
                page.sources(trial, "Trial.sponsor"),
                sponsor=name(trial.sponsor),
            )
        yield from dates(page, trial, cites)
        yield from identifiers(page, trial, cites)
        if trial.last_update:
            yield sentence(
                _("The registry record was last updated on %(date)s."),
                cites,
                page.sources(trial, "Trial.last_update"),
                date=date_label(trial.last_update),
            )

    paragraphs = page.per_trial(sentences)
    if len(page.trials) == 1 and page.intervention is not None:
        paragraphs.append(
            Paragraph(
                (
                    sentence(
                        _(
                            "Because the registries list %(intervention)s in only one trial, "
                            "this summary is limited to that single study."
                        ),
                        page.all_cites,
                        page.sources(page.trials[0], "TrialIntervention.intervention"),
                        intervention=page.text(page.intervention, "name"),
                    ),
                )
            )
        )
    return page.section(SummarySection.DETAILS, paragraphs)


def _observes(current):
    """What an observational study does with an intervention, in the tense of its stage."""
    if current == Stage.PLANNED:
        return _(
            "The study will observe people who receive %(intervention)s; the researchers will "
            "not assign it."
        )
    if current in PAST_STAGES:
        return _(
            "The study observed people who received %(intervention)s; the researchers did not "
            "assign it."
        )
    if current in (Stage.WITHDRAWN, Stage.NOT_RUN):
        return _(
            "The study was planned to observe people who receive %(intervention)s, without "
            "assigning it to them."
        )
    return _(
        "The study observes people who receive %(intervention)s; the researchers do not assign it."
    )


def intervention_facts(page, trial, link, cites):
    phrase = page.intervention_phrase(link)
    if link.role in ROLE_SENTENCES:
        yield sentence(
            ROLE_SENTENCES[link.role](),
            cites,
            page.sources(trial, "TrialIntervention.intervention", "TrialIntervention.role"),
            intervention=phrase,
        )
    elif link.role in (InterventionRole.SEVERAL, InterventionRole.COMPARED):
        kinds = {
            arm.kind: arm.get_kind_display()
            for arm in trial.arms.all()
            if arm.kind and link in arm.interventions.all()
        }
        yield sentence(
            _("In this trial, %(intervention)s is given in groups of several types: %(kinds)s.")
            if link.role == InterventionRole.SEVERAL
            else _(
                "In this trial, %(intervention)s is given in the groups that are compared "
                "(%(kinds)s); the registry does not list it as a treatment under study."
            ),
            cites,
            page.sources(trial, "TrialIntervention.intervention", "Arm.kind"),
            intervention=phrase,
            kinds=join_list([name(kind) for kind in kinds.values()]),
        )
    elif is_observational(trial):
        yield sentence(
            _observes(stage(trial)),
            cites,
            page.sources(
                trial,
                "TrialIntervention.intervention",
                "Trial.study_type",
                "Trial.status",
                "Trial.registry_status_code",
            ),
            intervention=phrase,
        )
    else:
        yield sentence(
            _(
                "The registry lists %(intervention)s as an intervention of the trial, without "
                "saying whether it is a treatment under study or a comparison."
            ),
            cites,
            page.sources(trial, "TrialIntervention.intervention"),
            intervention=phrase,
        )
    if link.other_names:
        yield sentence(
            _("It is also listed as %(other_names)s."),
            cites,
            page.sources(trial, "TrialIntervention.other_names"),
            # Quoted: some records give a sentence as another name.
            other_names=join_list(
                [compose(_("“%(name)s”"), name=name(other)) for other in link.other_names]
            ),
        )
    if link.kind:
        yield sentence(
            _("Type of treatment: %(kind)s."),
            cites,
            page.sources(trial, "TrialIntervention.kind"),
            kind=str(InterventionKind(link.kind).label),
        )
    route = page.text(link, "route")
    if route.text:
        translated_by_an_editor = route.lang is None and page.language != DEFAULT_LANGUAGE
        yield sentence(
            _("Route of administration: %(route)s."),
            cites,
            page.sources(trial, "TrialIntervention.route"),
            route=route if translated_by_an_editor else route_label(route.text),
        )
    if link.max_daily_dose:
        yield sentence(
            _("Highest daily dose: %(dose)s."),
            cites,
            page.sources(trial, "TrialIntervention.max_daily_dose"),
            dose=name(link.max_daily_dose),
        )
    description = page.registry_text(link, "description")
    if description.text:
        yield sentence(
            _("The registry describes it as follows: %(description)s"),
            cites,
            page.sources(trial, "TrialIntervention.description"),
            description=description,
        )


def _dated(page, trial, cites, field, templates, missing=None):
    value = getattr(trial, field)
    date_type = getattr(trial, f"{field}_type")
    if not value:
        if missing:
            yield sentence(missing, cites, page.absent(trial, f"Trial.{field}"))
        return
    actual_on, actual_in, expected, expected_past, untyped = templates
    if date_type == DateType.ACTUAL:
        template = actual_on if is_full_date(value) else actual_in
    elif date_type == DateType.ESTIMATED and is_past(value):
        template = expected_past
    elif date_type == DateType.ESTIMATED:
        template = expected
    else:
        template = untyped
    fields = [f"Trial.{field}"] + ([f"Trial.{field}_type"] if date_type else [])
    yield sentence(template, cites, page.sources(trial, *fields), date=partial_date_label(value))


def is_past(partial_date):
    """Whether all of a date kept as precise as the registry gives it ("2023-05") has passed."""
    return partial_date < date.today().isoformat()[: len(partial_date)]


def dates(page, trial, cites):
    yield from _dated(
        page,
        trial,
        cites,
        "start_date",
        (
            _("The study started on %(date)s."),
            _("The study started in %(date)s."),
            _("The expected start date is %(date)s."),
            _(
                "The registry gives %(date)s as the expected start date; that date has passed, "
                "and the record does not give the actual one."
            ),
            _(
                "The registry gives %(date)s as the start date, without saying whether it is the "
                "actual or the expected date."
            ),
        ),
        missing=_("The registry does not give a start date."),
    )
    yield from _dated(
        page,
        trial,
        cites,
        "primary_completion_date",
        (
            _("The last data for the main outcome were collected on %(date)s."),
            _("The last data for the main outcome were collected in %(date)s."),
            _("The last data for the main outcome are expected to be collected by %(date)s."),
            _(
                "The registry gives %(date)s as the expected date of the last data for the main "
                "outcome; that date has passed, and the record does not give the actual one."
            ),
            _(
                "The registry gives %(date)s as the date of the last data for the main outcome, "
                "without saying whether it is the actual or the expected date."
            ),
        ),
    )
    yield from _dated(
        page,
        trial,
        cites,
        "completion_date",
        (
            _("The study ended on %(date)s."),
            _("The study ended in %(date)s."),
            _("The expected end date is %(date)s."),
            _(
                "The registry gives %(date)s as the expected end date; that date has passed, and "
                "the record does not give the actual one."
            ),
            _(
                "The registry gives %(date)s as the end date, without saying whether it is the "
                "actual or the expected date."
            ),
        ),
        missing=_("The registry does not give an end date.")
        if stage(trial) in PAST_STAGES
        else None,
    )


def _numbered(identifier, issuer):
    value = name(identifier.value)
    if issuer:
        return compose(_("%(identifier)s (%(issuer)s)"), identifier=value, issuer=name(issuer))
    return (value,)


def identifiers(page, trial, cites):
    by_kind = {}
    for identifier in trial.identifiers.all():
        by_kind.setdefault(identifier.kind, []).append(identifier)
    sources = page.sources(trial, "TrialIdentifier.value", "TrialIdentifier.kind")
    registered = [
        _numbered(identifier, SHORT_NAMES.get(kind) or identifier.issuer)
        for kind, group in by_kind.items()
        if kind != "WHO_UTN" and group[0].is_registry_number
        for identifier in group
    ]
    if registered:
        yield sentence(
            _("The study is also registered under %(identifiers)s."),
            cites,
            sources,
            identifiers=join_list(registered),
        )
    numbers = by_kind.get("WHO_UTN", [])
    if numbers:
        yield sentence(
            _("Its WHO Universal Trial Number is %(number)s."),
            cites,
            sources,
            number=join_list([name(identifier.value) for identifier in numbers]),
        )
    for kind, template in (
        (
            TrialIdentifier.SPONSOR,
            lambda n: ngettext(
                "The sponsor's code for the study is %(identifiers)s.",
                "The sponsor's codes for the study are %(identifiers)s.",
                n,
            ),
        ),
        (
            TrialIdentifier.NATIONAL,
            lambda n: ngettext(
                "It also has a national identifier: %(identifiers)s.",
                "It also has national identifiers: %(identifiers)s.",
                n,
            ),
        ),
        (
            TrialIdentifier.GRANT,
            lambda n: ngettext(
                "The registry lists a grant or funding number: %(identifiers)s.",
                "The registry lists grant or funding numbers: %(identifiers)s.",
                n,
            ),
        ),
        (
            TrialIdentifier.OTHER,
            lambda n: ngettext(
                "The registry also lists another identifier: %(identifiers)s.",
                "The registry also lists other identifiers: %(identifiers)s.",
                n,
            ),
        ),
    ):
        group = by_kind.get(kind, [])
        if group:
            yield sentence(
                template(len(group)),
                cites,
                sources,
                identifiers=join_list([_numbered(i, i.issuer) for i in group]),
            )
