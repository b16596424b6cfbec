"""The introduction: what the page is about, in the tense of each trial's status and with the
role each intervention has in its trials (a placebo is never "investigated")."""

from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries.fields import Country

from trials.labels import partial_date_label, phase_label
from trials.models import (
    InterventionRole,
    Phase,
    StudyType,
    SummarySection,
    is_recruiting_status,
)
from trials.provenance import Source

from .page import PARAGRAPH_BREAK
from .phrases import compose, join_list, sentence
from .statuses import Stage, is_observational, is_recruiting, stage, stage_of
from .types import Paragraph, Sentence


def introduction(page):
    if page.intervention is None:
        sentences = list(_trial_introduction(page, page.trials[0]))
    else:
        sentences = list(_intervention_introduction(page))
    sentences.append(
        sentence(
            _(
                "This page explains in plain words what the trial registries say; the "
                "numbers in brackets link to the registry records it is based on."
            )
        )
    )
    paragraphs = [[]]
    for line in sentences:
        if line is PARAGRAPH_BREAK:
            paragraphs.append([])
        else:
            paragraphs[-1].append(line)
    return page.section(
        SummarySection.INTRODUCTION, [Paragraph(tuple(lines)) for lines in paragraphs]
    )


def _investigate(current):
    return {
        Stage.PLANNED: _("%(trial)s will investigate %(subject)s."),
        Stage.ONGOING: _("%(trial)s is investigating %(subject)s."),
        Stage.PAUSED: _(
            "%(trial)s was set up to investigate %(subject)s and has been stopped for now."
        ),
        Stage.FINISHED: _("%(trial)s investigated %(subject)s."),
        Stage.STOPPED: _("%(trial)s investigated %(subject)s and stopped early."),
        Stage.WITHDRAWN: _(
            "%(trial)s was planned to investigate %(subject)s but stopped before anyone took part."
        ),
        Stage.NOT_RUN: _("%(trial)s was planned to investigate %(subject)s."),
        Stage.UNKNOWN: _(
            "%(trial)s was set up to investigate %(subject)s; the registry does not know whether "
            "it is still running."
        ),
    }[current]


def _compare(current):
    return {
        Stage.PLANNED: _("%(trial)s will compare %(subject)s."),
        Stage.ONGOING: _("%(trial)s is comparing %(subject)s."),
        Stage.PAUSED: _(
            "%(trial)s was set up to compare %(subject)s and has been stopped for now."
        ),
        Stage.FINISHED: _("%(trial)s compared %(subject)s."),
        Stage.STOPPED: _("%(trial)s compared %(subject)s and stopped early."),
        Stage.WITHDRAWN: _(
            "%(trial)s was planned to compare %(subject)s but stopped before anyone took part."
        ),
        Stage.NOT_RUN: _("%(trial)s was planned to compare %(subject)s."),
        Stage.UNKNOWN: _(
            "%(trial)s was set up to compare %(subject)s; the registry does not know whether it "
            "is still running."
        ),
    }[current]


def _observe(current):
    return {
        Stage.PLANNED: _(
            "%(study)s will observe people who receive %(interventions)s, without assigning "
            "them a treatment."
        ),
        Stage.ONGOING: _(
            "%(study)s observes people who receive %(interventions)s, without assigning them a "
            "treatment."
        ),
        Stage.PAUSED: _(
            "%(study)s was set up to observe people who receive %(interventions)s and has been "
            "stopped for now."
        ),
        Stage.FINISHED: _(
            "%(study)s observed people who received %(interventions)s, without assigning them a "
            "treatment."
        ),
        Stage.STOPPED: _(
            "%(study)s observed people who received %(interventions)s and stopped early."
        ),
        Stage.WITHDRAWN: _(
            "%(study)s was planned to observe people who receive %(interventions)s but stopped "
            "before anyone took part."
        ),
        Stage.NOT_RUN: _("%(study)s was planned to observe people who receive %(interventions)s."),
        Stage.UNKNOWN: _(
            "%(study)s was set up to observe people who receive %(interventions)s; the registry "
            "does not know whether it is still running."
        ),
    }[current]


def _observe_participants(current):
    """An observational study's work, in the tense of its stage, where it names no
    intervention that its participants receive."""
    return {
        Stage.PLANNED: _(
            "%(study)s will observe its participants, without assigning them a treatment."
        ),
        Stage.ONGOING: _(
            "%(study)s observes its participants, without assigning them a treatment."
        ),
        Stage.PAUSED: _(
            "%(study)s was set up to observe its participants and has been stopped for now."
        ),
        Stage.FINISHED: _(
            "%(study)s observed its participants, without assigning them a treatment."
        ),
        Stage.STOPPED: _("%(study)s observed its participants and stopped early."),
        Stage.WITHDRAWN: _(
            "%(study)s was planned to observe its participants but stopped before anyone took part."
        ),
        Stage.NOT_RUN: _("%(study)s was planned to observe its participants."),
        Stage.UNKNOWN: _(
            "%(study)s was set up to observe its participants; the registry does not know "
            "whether it is still running."
        ),
    }[current]


def _study(current):
    """A clinical study's subject, where the record names no intervention under study or
    compared: its conditions, in the tense of its stage."""
    return {
        Stage.PLANNED: _("%(trial)s will study %(conditions)s."),
        Stage.ONGOING: _("%(trial)s is studying %(conditions)s."),
        Stage.PAUSED: _(
            "%(trial)s was set up to study %(conditions)s and has been stopped for now."
        ),
        Stage.FINISHED: _("%(trial)s studied %(conditions)s."),
        Stage.STOPPED: _("%(trial)s studied %(conditions)s and stopped early."),
        Stage.WITHDRAWN: _(
            "%(trial)s was planned to study %(conditions)s but stopped before anyone took part."
        ),
        Stage.NOT_RUN: _("%(trial)s was planned to study %(conditions)s."),
        Stage.UNKNOWN: _(
            "%(trial)s was set up to study %(conditions)s; the registry does not know whether "
            "it is still running."
        ),
    }[current]


STAGE_FIELDS = ("Trial.status", "Trial.registry_status_code")


def _trial_introduction(page, trial):
    cites = page.cite[trial.pk]
    conditions = page.condition_names(trial)
    if trial.study_type == StudyType.EXPANDED_ACCESS:
        interventions = page.intervention_names(trial)
        if interventions:
            yield sentence(
                _(
                    "This is an expanded access programme for %(interventions)s: it makes a "
                    "treatment that is still being studied available to patients outside a "
                    "clinical trial."
                ),
                cites,
                page.sources(trial, "Trial.study_type", "TrialIntervention.intervention"),
                interventions=interventions,
            )
        return
    if is_observational(trial):
        if conditions:
            yield sentence(
                _("This observational study is about %(conditions)s."),
                cites,
                page.sources(trial, "Trial.study_type", "Trial.conditions"),
                conditions=conditions,
            )
        interventions = page.intervention_names(trial)
        study = _("This study") if conditions else _("This observational study")
        if interventions:
            yield sentence(
                _observe(stage(trial)),
                cites,
                page.sources(
                    trial, "Trial.study_type", *STAGE_FIELDS, "TrialIntervention.intervention"
                ),
                study=study,
                interventions=interventions,
            )
        else:
            yield sentence(
                _observe_participants(stage(trial)),
                cites,
                page.sources(trial, "Trial.study_type", *STAGE_FIELDS),
                study=study,
            )
        return
    studied = page.studied_links(trial)
    compared = page.compared_links(trial)
    if studied:
        subject = _studied_subject(page.intervention_names(trial, studied), conditions)
        template = _investigate(stage(trial))
        fields = ("TrialIntervention.role", "Trial.conditions") if conditions else ()
    elif compared:
        subject = compose(
            _("groups of participants given %(interventions)s"),
            interventions=page.intervention_names(trial, compared),
        )
        template = _compare(stage(trial))
        fields = ("TrialIntervention.role",)
    else:
        if conditions:
            yield sentence(
                _study(stage(trial)),
                cites,
                page.sources(trial, *STAGE_FIELDS, "Trial.conditions"),
                trial=_("This clinical study"),
                conditions=conditions,
            )
        return
    yield sentence(
        template,
        cites,
        page.sources(trial, *STAGE_FIELDS, "TrialIntervention.intervention", *fields),
        trial=_("This clinical trial"),
        subject=subject,
    )


def _studied_subject(interventions, conditions):
    if conditions:
        return compose(
            _("%(interventions)s for %(conditions)s"),
            interventions=interventions,
            conditions=conditions,
        )
    return interventions


def _intervention_introduction(page):
    name = page.text(page.intervention, "name")
    if not page.trials:
        yield sentence(
            _("No clinical trial with %(intervention)s is listed yet."), intervention=name
        )
    elif page.intervention.trial_count > len(page.trials):
        yield from _statistics_of_intervention(page, name)
    elif len(page.trials) == 1:
        yield from _one_trial_of_intervention(page, page.trials[0])
    else:
        yield from _trials_of_intervention(page, name)
    description = page.plain_text(page.intervention, "description")
    if description.text:
        yield Sentence((description,))


def _role_in_trial(page, trial):
    """The intervention's role in the trial, from its link (there is one per trial)."""
    roles = {link.role for link in page.page_links(trial)}
    return roles.pop() if len(roles) == 1 else InterventionRole.SEVERAL


ROLE_IN_A_TRIAL = {
    InterventionRole.ACTIVE_COMPARATOR: lambda: _(
        "In %(trial)s, %(intervention)s is an active comparator: a treatment that the others "
        "are compared with."
    ),
    InterventionRole.PLACEBO: lambda: _(
        "In %(trial)s, %(intervention)s is the placebo: a dummy treatment without an active "
        "substance, given so that the results can be compared."
    ),
    InterventionRole.SHAM: lambda: _(
        "In %(trial)s, %(intervention)s is a sham treatment: it imitates a treatment without its "
        "active part, so that the results can be compared."
    ),
    InterventionRole.AUXILIARY: lambda: _(
        "In %(trial)s, %(intervention)s is an auxiliary medicine: it is used as the trial's plan "
        "describes, but it is not a medicine under study."
    ),
    InterventionRole.COMPARED: lambda: _(
        "In %(trial)s, %(intervention)s is given in the groups that are compared; the registry "
        "does not list it as a treatment under study."
    ),
    # Not a stored role: untyped, and given to a different group than the trial's others.
    "compared_untyped": lambda: _(
        "In %(trial)s, %(intervention)s is given to one of the groups that are compared; the "
        "registry does not say whether it is a treatment under study or a comparison."
    ),
}


def _in_a_compared_group_only(page, trial):
    """Whether the page's untyped intervention goes to a group of the trial that another group,
    given something else, is compared with (so the record does not say it is under study)."""
    studied = page.studied_links(trial)
    return any(
        link not in studied and any(link in arm.interventions.all() for arm in trial.arms.all())
        for link in page.page_links(trial)
    )


def _one_trial_of_intervention(page, trial):
    cites = page.cite[trial.pk]
    conditions = page.condition_names(trial)
    role = _role_in_trial(page, trial)
    if role == "" and _in_a_compared_group_only(page, trial):
        role = "compared_untyped"
    phrase = page.intervention_names(trial)
    if is_observational(trial):
        if conditions:
            yield sentence(
                _("An observational study about %(conditions)s looks at %(intervention)s."),
                cites,
                page.sources(trial, "Trial.study_type", "Trial.conditions"),
                conditions=conditions,
                intervention=phrase,
            )
        yield sentence(
            _observe(stage(trial)),
            cites,
            page.sources(
                trial, "Trial.study_type", *STAGE_FIELDS, "TrialIntervention.intervention"
            ),
            study=_("It") if conditions else _("An observational study"),
            interventions=phrase,
        )
    elif role in ROLE_IN_A_TRIAL:
        where = (
            compose(_("a clinical trial for %(conditions)s"), conditions=conditions)
            if conditions
            else _("a clinical trial")
        )
        yield sentence(
            ROLE_IN_A_TRIAL[role](),
            cites,
            page.sources(trial, "TrialIntervention.role", "Trial.conditions"),
            intervention=phrase,
            trial=where,
        )
    else:
        yield sentence(
            _investigate(stage(trial)),
            cites,
            page.sources(trial, *STAGE_FIELDS, "TrialIntervention.role", "Trial.conditions"),
            trial=_("A clinical trial"),
            subject=_studied_subject(phrase, conditions),
        )


def _role_counts(page):
    counts = {}
    for trial in page.trials:
        if is_observational(trial):
            key = "observed"
        else:
            key = _role_in_trial(page, trial)
            if key in ("", InterventionRole.SEVERAL, InterventionRole.EXPERIMENTAL):
                key = InterventionRole.EXPERIMENTAL
        counts[key] = counts.get(key, 0) + 1
    return counts


ROLE_COUNT_SENTENCES = {
    InterventionRole.EXPERIMENTAL: lambda n: ngettext(
        "It is a treatment under study in %(count)s of them.",
        "It is a treatment under study in %(count)s of them.",
        n,
    ),
    "observed": lambda n: ngettext(
        "%(count)s of them is an observational study of people who receive it.",
        "%(count)s of them are observational studies of people who receive it.",
        n,
    ),
    InterventionRole.ACTIVE_COMPARATOR: lambda n: ngettext(
        "It is an active comparator in %(count)s of them: a treatment that others are "
        "compared with.",
        "It is an active comparator in %(count)s of them: a treatment that others are "
        "compared with.",
        n,
    ),
    InterventionRole.PLACEBO: lambda n: ngettext(
        "It is the placebo in %(count)s of them: a dummy treatment without an active "
        "substance, given so that the results can be compared.",
        "It is the placebo in %(count)s of them: a dummy treatment without an active "
        "substance, given so that the results can be compared.",
        n,
    ),
    InterventionRole.SHAM: lambda n: ngettext(
        "It is a sham treatment in %(count)s of them: it imitates a treatment without its "
        "active part.",
        "It is a sham treatment in %(count)s of them: it imitates a treatment without its "
        "active part.",
        n,
    ),
    InterventionRole.AUXILIARY: lambda n: ngettext(
        "It is an auxiliary medicine in %(count)s of them: used as the trial's plan describes, "
        "but not a medicine under study.",
        "It is an auxiliary medicine in %(count)s of them: used as the trial's plan describes, "
        "but not a medicine under study.",
        n,
    ),
    InterventionRole.COMPARED: lambda n: ngettext(
        "In %(count)s of them, it is given in the groups that are compared, without being "
        "listed as a treatment under study.",
        "In %(count)s of them, it is given in the groups that are compared, without being "
        "listed as a treatment under study.",
        n,
    ),
}

STAGE_COUNT_PHRASES = {
    "recruiting": lambda n: ngettext(
        "%(count)s is looking for participants", "%(count)s are looking for participants", n
    ),
    Stage.PLANNED: lambda n: ngettext(
        "%(count)s has not started yet", "%(count)s have not started yet", n
    ),
    Stage.ONGOING: lambda n: ngettext(
        "%(count)s is running without taking new participants",
        "%(count)s are running without taking new participants",
        n,
    ),
    Stage.PAUSED: lambda n: ngettext(
        "%(count)s has been stopped for now", "%(count)s have been stopped for now", n
    ),
    Stage.FINISHED: lambda n: ngettext("%(count)s has ended", "%(count)s have ended", n),
    Stage.STOPPED: lambda n: ngettext("%(count)s stopped early", "%(count)s stopped early", n),
    Stage.WITHDRAWN: lambda n: ngettext(
        "%(count)s stopped before anyone took part",
        "%(count)s stopped before anyone took part",
        n,
    ),
    Stage.NOT_RUN: lambda n: ngettext(
        "%(count)s will not take place", "%(count)s will not take place", n
    ),
    Stage.UNKNOWN: lambda n: ngettext(
        "%(count)s has a status the registry does not know",
        "%(count)s have a status the registry does not know",
        n,
    ),
}


def _stage_key(trial):
    return "recruiting" if is_recruiting(trial) else stage(trial)


def _every_trial(page, *fields):
    return tuple(source for trial in page.trials for source in page.sources(trial, *fields))


def _trials_of_intervention(page, name):
    every_trial = page.all_cites
    yield sentence(
        ngettext(
            "The registries list %(intervention)s in %(count)s clinical study.",
            "The registries list %(intervention)s in %(count)s clinical studies.",
            len(page.trials),
        ),
        every_trial,
        _every_trial(page, "TrialIntervention.intervention"),
        intervention=name,
        count=len(page.trials),
    )
    role_sources = _every_trial(page, "TrialIntervention.role")
    for key, count in _role_counts(page).items():
        yield sentence(ROLE_COUNT_SENTENCES[key](count), every_trial, role_sources, count=count)
    stages = {}
    for trial in page.trials:
        key = _stage_key(trial)
        stages[key] = stages.get(key, 0) + 1
    phrases = [
        compose(STAGE_COUNT_PHRASES[key](stages[key]), count=stages[key])
        for key in ["recruiting", *Stage]
        if key in stages
    ]
    yield sentence(
        _("Of these studies, %(statuses)s."),
        every_trial,
        _every_trial(page, *STAGE_FIELDS),
        statuses=join_list(phrases),
    )
    conditions = join_list(
        {c.pk: page.text(c, "name") for t in page.trials for c in t.conditions.all()}.values()
    )
    if conditions:
        yield sentence(
            _("The conditions they study include %(conditions)s."),
            every_trial,
            _every_trial(page, "Trial.conditions"),
            conditions=conditions,
        )


# An intervention with more trials than its page describes: what all of them are, from the
# statistics kept on it (trials/statistics.py), cited to no single record.

TOP_COUNTRIES = 5


def _statistics_of_intervention(page, name):
    intervention = page.intervention
    statistics = intervention.statistics or {}
    total = intervention.trial_count
    yield sentence(
        ngettext(
            "The registries list %(intervention)s in %(count)s clinical study.",
            "The registries list %(intervention)s in %(count)s clinical studies.",
            total,
        ),
        (),
        (Source("Intervention.trial_count"),),
        intervention=name,
        count=number(total),
    )
    roles = {}
    for role, count in statistics.get("roles", ()):
        key = InterventionRole.EXPERIMENTAL if role in STUDIED_ROLES else role
        roles[key] = roles.get(key, 0) + count
    if statistics.get("observational"):
        roles["observed"] = statistics["observational"]
    for key in [InterventionRole.EXPERIMENTAL, "observed", *ROLE_COUNT_SENTENCES]:
        if count := roles.pop(key, 0):
            yield sentence(
                ROLE_COUNT_SENTENCES[key](count),
                (),
                (Source("Intervention.statistics.roles"),),
                count=number(count),
            )
    stages = {}
    for status, code, count in statistics.get("statuses", ()):
        key = "recruiting" if is_recruiting_status(status, code) else stage_of(status, code)
        stages[key] = stages.get(key, 0) + count
    if stages:
        yield sentence(
            _("Of these studies, %(statuses)s."),
            (),
            (Source("Intervention.statistics.statuses"),),
            statuses=join_list(
                compose(STAGE_COUNT_PHRASES[key](stages[key]), count=number(stages[key]))
                for key in ["recruiting", *Stage]
                if key in stages
            ),
        )
    yield PARAGRAPH_BREAK
    yield from _phases(statistics.get("phases", ()))
    yield from _start_dates(statistics.get("start", ("", "")))
    yield from _countries(statistics.get("countries", ()))
    conditions = [
        compose(
            ngettext("%(condition)s (%(count)s trial)", "%(condition)s (%(count)s trials)", count),
            condition=page.text(page.related_conditions[pk], "name"),
            count=number(count),
        )
        for pk, count in statistics.get("conditions", ())
        if pk in page.related_conditions
    ]
    if conditions:
        yield sentence(
            _("The conditions they study most often are %(conditions)s."),
            (),
            (Source("Intervention.statistics.conditions"),),
            conditions=join_list(conditions),
        )
    yield PARAGRAPH_BREAK
    yield sentence(
        ngettext(
            "This page describes the most relevant of them: the one looking for participants, "
            "else the latest to start; the table of trials lists them all.",
            "This page describes the %(count)s most relevant of them: those looking for "
            "participants first, then the latest to start; the table of trials lists them all.",
            len(page.trials),
        ),
        page.all_cites,
        (),
        count=len(page.trials),
    )


STUDIED_ROLES = ("", InterventionRole.SEVERAL, InterventionRole.EXPERIMENTAL)


def number(count):
    return formats.number_format(count, force_grouping=True)


def _phases(phases):
    counted = sorted(
        ((phase, count) for phase, count in phases if phase not in NO_PHASE and count),
        key=lambda item: PHASE_ORDER.get(item[0], len(PHASE_ORDER)),
    )
    unphased = sum(count for phase, count in phases if not phase)
    inapplicable = sum(count for phase, count in phases if phase == Phase.NOT_APPLICABLE)
    if not (counted or inapplicable):
        return
    items = [
        compose(
            ngettext("%(count)s in %(phase)s", "%(count)s in %(phase)s", count),
            count=number(count),
            phase=phase_label(phase),
        )
        for phase, count in counted
    ]
    if inapplicable:
        items.append(
            compose(
                ngettext(
                    "%(count)s to which no phase applies",
                    "%(count)s to which no phase applies",
                    inapplicable,
                ),
                count=number(inapplicable),
            )
        )
    if unphased:
        items.append(
            compose(
                ngettext(
                    "%(count)s with no phase given", "%(count)s with no phase given", unphased
                ),
                count=number(unphased),
            )
        )
    yield sentence(
        _("By phase, as their registries give it: %(phases)s."),
        (),
        (Source("Intervention.statistics.phases"),),
        phases=join_list(items),
    )


PHASE_ORDER = {phase: index for index, phase in enumerate(Phase.values)}
NO_PHASE = ("", Phase.NOT_APPLICABLE)


def _start_dates(start):
    first, last = start
    if not (first and last):
        return
    sources = (Source("Intervention.statistics.start"),)
    if first == last:
        yield sentence(
            _("Every start date that their registries give is %(date)s."),
            (),
            sources,
            date=partial_date_label(first),
        )
    elif last > date.today().isoformat():
        yield sentence(
            _(
                "The start dates that their registries give run from %(first)s to %(last)s; "
                "dates still to come are expected, not certain."
            ),
            (),
            sources,
            first=partial_date_label(first),
            last=partial_date_label(last),
        )
    else:
        yield sentence(
            _("The start dates that their registries give run from %(first)s to %(last)s."),
            (),
            sources,
            first=partial_date_label(first),
            last=partial_date_label(last),
        )


def _countries(countries):
    *ranked, (_blank, total) = countries or [["", 0]]
    if not total:
        return
    named = [
        compose(
            ngettext("%(country)s (%(count)s trial)", "%(country)s (%(count)s trials)", count),
            country=str(Country(code).name),
            count=number(count),
        )
        for code, count in ranked[:TOP_COUNTRIES]
    ]
    yield sentence(
        ngettext(
            "Their registries list sites or authorisations in %(count)s country: %(countries)s.",
            "Their registries list sites or authorisations in %(count)s countries, most often "
            "%(countries)s.",
            total,
        ),
        (),
        (Source("Intervention.statistics.countries"),),
        count=number(total),
        countries=join_list(named),
    )
