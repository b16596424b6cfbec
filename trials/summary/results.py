"""“What the trial found”: the results a trial's record posts, as the registry reports them.
Who took part and finished in each group, the main outcome's values per group, what a
statistical analysis compared, and how many people in each group had serious and other
adverse events; never a claim that a treatment works or is safe. On an intervention's page,
what the registry reports of the main outcome of the latest of its trials to post results."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from results.models import DocumentKind
from trials.labels import (
    date_label,
    dispersion_label,
    has_limits,
    measure_type_label,
    measured_number,
    measured_value_label,
    name,
    number_label,
    partial_date_label,
)
from trials.models import InterventionRole, OutcomeKind, SummarySection
from trials.provenance import Source

from .page import PARAGRAPH_BREAK
from .phrases import compose, join_list, sentence
from .statuses import PAST_STAGES, is_observational, stage
from .types import Bar, Chart, Paragraph, Sentence, Text

# How many periods of the participant flow, values of one group and analyses of the main
# outcome the section names (an intervention's page names the trials with results its
# statistics keep: trials/statistics.py).
PERIODS_NAMED = 3
VALUES_NAMED = 6
ANALYSES_NAMED = 2

FLOW = "participant_flow"
BASELINE = "baseline"
ADVERSE_EVENTS = "adverse_events"


def results(page):
    if not page.is_trial_page:
        return page.section(
            SummarySection.RESULTS, _intervention_findings(page), _("What the trials found")
        )

    def sentences(trial):
        cites = page.cite[trial.pk]
        posted = getattr(trial, "results", None)
        if posted is None:
            if stage(trial) in PAST_STAGES:
                yield sentence(
                    _("The registry record gives no results for this trial."),
                    cites,
                    page.absent(trial, "TrialResults.first_posted"),
                )
                if trial.registry_format.startswith("ctis"):
                    yield Sentence(
                        (
                            Text(
                                _(
                                    "Under EU rules, the sponsor has to post a summary of the "
                                    "results, with one for laypersons, within a year of the end "
                                    "of the trial in every country concerned."
                                )
                            ),
                        )
                    )
            return
        yield from _posted(page, trial, posted, cites)
        documents = list(trial.result_documents.all())
        if documents:
            yield PARAGRAPH_BREAK
            yield from _documents(page, trial, documents, cites)
        groups = list(trial.result_groups.all())
        yield PARAGRAPH_BREAK
        yield from _flow(page, trial, [g for g in groups if g.module == FLOW], cites)
        yield PARAGRAPH_BREAK
        yield from _baseline(page, trial, [g for g in groups if g.module == BASELINE], cites)
        yield PARAGRAPH_BREAK
        yield from _main_outcome(page, trial, cites)
        yield PARAGRAPH_BREAK
        yield from _adverse_events(
            page, trial, posted, [g for g in groups if g.module == ADVERSE_EVENTS], cites
        )

    return page.section(SummarySection.RESULTS, page.per_trial(sentences))


def _posted(page, trial, posted, cites):
    if posted.first_posted:
        yield sentence(
            _("The registry reports results for this trial, first posted on %(date)s."),
            cites,
            page.sources(trial, "TrialResults.first_posted"),
            date=partial_date_label(posted.first_posted),
        )
    else:
        yield sentence(
            _("The registry reports results for this trial."),
            cites,
            page.sources(trial, "TrialResults.first_posted"),
        )
    yield Sentence(
        (
            Text(
                _(
                    "They are the results as the trial's sponsor reported them. On their own, "
                    "they do not show that a treatment works or that it is safe: ask your "
                    "doctor what they mean for you."
                )
            ),
        )
    )


DOCUMENT_NAMES = {
    DocumentKind.SUMMARY_RESULTS: lambda: _("A summary of the results"),
    DocumentKind.LAY_SUMMARY: lambda: _("A summary of the results for laypersons"),
    DocumentKind.CLINICAL_STUDY_REPORT: lambda: _("A clinical study report"),
}


def _documents(page, trial, documents, cites):
    yield sentence(
        _("The sponsor posted these documents of results on the registry, where they can be read:"),
        cites,
        page.sources(trial, "ResultDocument.kind"),
    )
    yield PARAGRAPH_BREAK
    for document in documents:
        document_name = Text(DOCUMENT_NAMES[document.kind](), href=document.url or None)
        if document.submitted:
            yield _item(
                _("%(document)s, submitted on %(date)s."),
                cites,
                page.sources(trial, "ResultDocument.kind", "ResultDocument.submitted"),
                document=document_name,
                date=date_label(document.submitted),
            )
        else:
            yield _item(
                _("%(document)s."),
                cites,
                page.sources(trial, "ResultDocument.kind"),
                document=document_name,
            )


def _group(page, group):
    return name(page.text(group, "title"))


def _flow(page, trial, groups, cites):
    periods = list(dict.fromkeys(group.period_en for group in groups))
    for index, period in enumerate(periods[:PERIODS_NAMED]):
        in_period = [g for g in groups if g.period_en == period and g.started]
        if not in_period:
            continue
        if index:
            yield PARAGRAPH_BREAK
        if len(periods) > 1:
            yield sentence(
                _("How many people started and finished “%(period)s”, in each group:"),
                cites,
                page.sources(trial, "ResultGroup.period"),
                period=page.text(in_period[0], "period"),
            )
        else:
            yield sentence(
                _("How many people started and finished the trial, in each group:"),
                cites,
                page.sources(trial, "ResultGroup.title"),
            )
        yield PARAGRAPH_BREAK
        for group in in_period:
            if group.completed is None:
                template = ngettext(
                    "%(group)s: %(started)s person started.",
                    "%(group)s: %(started)s people started.",
                    group.started,
                )
            elif group.completed == 0:
                template = ngettext(
                    "%(group)s: %(started)s person started and did not finish.",
                    "%(group)s: %(started)s people started and none finished.",
                    group.started,
                )
            else:
                template = ngettext(
                    "%(group)s: %(started)s person started and %(completed)s finished.",
                    "%(group)s: %(started)s people started and %(completed)s finished.",
                    group.started,
                )
            yield _item(
                template,
                cites,
                page.sources(
                    trial, "ResultGroup.title", "ResultGroup.started", "ResultGroup.completed"
                ),
                group=_group(page, group),
                started=number_label(group.started),
                completed=number_label(group.completed or 0),
            )
    if len(periods) > PERIODS_NAMED:
        yield sentence(
            ngettext(
                "The registry gives %(count)s more period of the trial.",
                "The registry gives %(count)s more periods of the trial.",
                len(periods) - PERIODS_NAMED,
            ),
            cites,
            page.sources(trial, "ResultGroup.period"),
            count=len(periods) - PERIODS_NAMED,
        )


def _total(groups):
    """The baseline's count of everyone: its group “Total”, or its only group."""
    counted = [g for g in groups if g.participants is not None]
    if len(counted) == 1:
        return counted[0]
    last = counted[-1] if counted else None
    if last is not None and (last.title_en or "").casefold().startswith("total"):
        return last
    return None


def _baseline(page, trial, groups, cites):
    total = _total(groups)
    if total is None:
        return
    if not total.participants:
        yield sentence(
            _("The results describe no participants at the start of the trial."),
            cites,
            page.sources(trial, "ResultGroup.participants"),
        )
        population = page.registry_text(trial.results, "baseline_population")
        if population.text:
            yield sentence(
                _("About them, the registry says: %(population)s"),
                cites,
                page.sources(trial, "TrialResults.baseline_population"),
                population=population,
            )
        return
    yield sentence(
        ngettext(
            "At the start of the trial, the results describe %(count)s participant.",
            "At the start of the trial, the results describe %(count)s participants.",
            total.participants,
        ),
        cites,
        page.sources(trial, "ResultGroup.participants"),
        count=number_label(total.participants),
    )


def main_outcome(trial):
    """The first primary outcome with values posted, else None."""
    return next(
        (
            outcome
            for outcome in trial.outcome_results.all()
            if outcome.kind == OutcomeKind.PRIMARY and outcome.is_posted and outcome.measurements
        ),
        None,
    )


def _main_outcome(page, trial, cites):
    outcome = main_outcome(trial)
    others = [o for o in trial.outcome_results.all() if o.is_posted and o is not outcome]
    if outcome is None:
        if others:
            yield _all_outcomes(page, trial, cites)
        return
    title = page.text(outcome, "title")
    unit = page.text(outcome, "unit")
    # “The number in each group” says nothing a value does not.
    kind = measure_type_label(outcome.param_type) if outcome.param_type != "NUMBER" else ""
    sources = page.sources(
        trial, "OutcomeResult.title", "OutcomeResult.param_type", "OutcomeResult.unit"
    )
    if kind and unit.text:
        yield sentence(
            _(
                "For its primary outcome, “%(title)s”, the registry reports the %(kind)s in "
                "each group, in this unit: %(unit)s."
            ),
            cites,
            sources,
            title=title,
            kind=kind,
            unit=unit,
        )
    elif unit.text:
        yield sentence(
            _(
                "For its primary outcome, “%(title)s”, the registry reports these values in "
                "each group, in this unit: %(unit)s."
            ),
            cites,
            sources,
            title=title,
            unit=unit,
        )
    else:
        yield sentence(
            _("For its primary outcome, “%(title)s”, the registry reports these values:"),
            cites,
            sources,
            title=title,
        )
    time_frame = page.text(outcome, "time_frame")
    if time_frame.text:
        yield sentence(
            _("They were measured over this time frame: %(time_frame)s."),
            cites,
            page.sources(trial, "OutcomeResult.time_frame"),
            time_frame=time_frame,
        )
    yield PARAGRAPH_BREAK
    value_fields = ["OutcomeResult.groups", "OutcomeResult.measurements"]
    if dispersion_label(outcome.dispersion_type):
        value_fields.append("OutcomeResult.dispersion_type")
    value_sources = page.sources(trial, *value_fields)
    for group in outcome.groups:
        measured = [m for m in outcome.measurements if m["group"] == group["id"]]
        if not measured:
            continue
        yield _item(
            _("%(group)s: %(values)s."),
            cites,
            value_sources,
            group=name(Text(group["title"], _registry_lang(page))),
            values=_group_values(outcome, group, measured),
        )
    chart = _outcome_chart(page, outcome, title, unit)
    if chart is not None:
        yield chart
    analyses = [a for a in outcome.analyses if len(a.get("groups", ())) >= 2]
    if analyses:
        yield PARAGRAPH_BREAK
        for analysis in analyses[:ANALYSES_NAMED]:
            yield from _analysis(page, trial, outcome, analysis, cites)
        if len(analyses) > ANALYSES_NAMED:
            yield sentence(
                _("The registry record lists further statistical analyses of this outcome."),
                cites,
                page.sources(trial, "OutcomeResult.analyses"),
            )
    if any(analysis.get("p_value") for analysis in analyses[:ANALYSES_NAMED]):
        yield Sentence(
            (
                Text(
                    _(
                        "A p-value says how likely a difference at least this large would be "
                        "if the groups did not really differ; a small p-value does not, on its "
                        "own, show that a treatment works."
                    )
                ),
            )
        )
    if others:
        yield PARAGRAPH_BREAK
        yield _all_outcomes(page, trial, cites)


def _registry_lang(page):
    """Texts kept as the registry writes them are in English."""
    return None if page.language == "en" else "en"


def _group_values(outcome, group, measured):
    """The values of one group, with their spread and how many people were analysed, in one
    bracket: “86.00 (standard deviation 8.22; 5 people analysed)”."""
    analysed = group.get("analysed")
    counted = None
    if analysed is not None:
        counted = compose(
            ngettext("%(count)s person analysed", "%(count)s people analysed", analysed),
            count=number_label(analysed),
        )
    if len(measured) == 1:
        value, details = _value_and_details(outcome, measured[0])
        return _bracketed(value, [*details, counted] if counted else details)
    values = join_list(
        [
            _labelled(measurement, _bracketed(*_value_and_details(outcome, measurement)))
            for measurement in measured[:VALUES_NAMED]
        ]
    )
    if len(measured) > VALUES_NAMED:
        values = compose(
            _("%(values)s, and %(count)s more in the registry"),
            values=values,
            count=len(measured) - VALUES_NAMED,
        )
    if counted:
        values = compose(_("%(values)s; %(analysed)s"), values=values, analysed=counted)
    return values


def _value_and_details(outcome, measurement):
    """A measured value, and what the registry gives of its spread (its limits)."""
    value = measured_value_label(measurement["value"])
    spread = dispersion_label(outcome.dispersion_type)
    if spread and has_limits(outcome.dispersion_type):
        if measurement.get("lower") and measurement.get("upper"):
            return value, [
                compose(
                    _("%(spread)s: %(lower)s to %(upper)s"),
                    spread=spread,
                    lower=measured_value_label(measurement["lower"]),
                    upper=measured_value_label(measurement["upper"]),
                )
            ]
    elif spread and measurement.get("spread"):
        return value, [
            compose(
                _("%(spread)s %(amount)s"),
                spread=spread,
                amount=measured_value_label(measurement["spread"]),
            )
        ]
    return value, []


def _bracketed(value, details):
    if not details:
        return Text(value)
    return compose(_("%(value)s (%(details)s)"), value=value, details=_one_by_one(details))


def _labelled(measurement, value):
    label = " – ".join(
        piece for piece in (measurement.get("class"), measurement.get("category")) if piece
    )
    if label:
        return compose(_("%(label)s: %(value)s"), label=Text(label), value=value)
    return value


def _analysis(page, trial, outcome, analysis, cites):
    titles = outcome.group_titles()
    compared = join_list(
        [
            name(Text(titles.get(group_id, group_id), _registry_lang(page)))
            for group_id in analysis["groups"]
        ]
    )
    sources = page.sources(trial, "OutcomeResult.analyses", "OutcomeResult.groups")
    method = analysis.get("method") or ""
    if method:
        yield sentence(
            _("A statistical analysis compared %(groups)s, with this method: %(method)s."),
            cites,
            sources,
            groups=compared,
            method=Text(method, _registry_lang(page)),
        )
    else:
        yield sentence(
            _("A statistical analysis compared %(groups)s."), cites, sources, groups=compared
        )
    estimate, value = analysis.get("estimate") or "", analysis.get("estimate_value") or ""
    if estimate and value:
        lower, upper = analysis.get("ci_lower"), analysis.get("ci_upper")
        if lower and upper and analysis.get("ci_percent"):
            yield sentence(
                _(
                    "It gives this estimate: %(estimate)s %(value)s, with a %(percent)s%% "
                    "confidence interval from %(lower)s to %(upper)s."
                ),
                cites,
                sources,
                estimate=Text(estimate, _registry_lang(page)),
                value=measured_value_label(value),
                percent=measured_value_label(analysis["ci_percent"]),
                lower=measured_value_label(lower),
                upper=measured_value_label(upper),
            )
        else:
            yield sentence(
                _("It gives this estimate: %(estimate)s %(value)s."),
                cites,
                sources,
                estimate=Text(estimate, _registry_lang(page)),
                value=measured_value_label(value),
            )
    if analysis.get("p_value"):
        yield sentence(
            _("It gives a p-value of %(p_value)s."),
            cites,
            sources,
            p_value=measured_value_label(analysis["p_value"]),
        )


def _all_outcomes(page, trial, cites):
    outcomes = trial.outcome_results.all()
    count = len(outcomes)
    with_values = sum(1 for outcome in outcomes if outcome.is_posted and outcome.measurements)
    if with_values == count:
        return sentence(
            ngettext(
                "The results list %(count)s outcome measure in all; the registry record gives "
                "the values of each.",
                "The results list %(count)s outcome measures in all; the registry record gives "
                "the values of each.",
                count,
            ),
            cites,
            page.sources(trial, "OutcomeResult.title"),
            count=count,
        )
    if not with_values:
        return sentence(
            ngettext(
                "The results list %(count)s outcome measure, but the registry record gives no "
                "values for it.",
                "The results list %(count)s outcome measures in all, but the registry record "
                "gives no values for any of them.",
                count,
            ),
            cites,
            page.sources(trial, "OutcomeResult.title")
            + page.absent(trial, "OutcomeResult.measurements"),
            count=count,
        )
    return sentence(
        ngettext(
            "The results list %(count)s outcome measure in all; the registry record gives the "
            "values of %(posted)s of them.",
            "The results list %(count)s outcome measures in all; the registry record gives the "
            "values of %(posted)s of them.",
            count,
        ),
        cites,
        page.sources(trial, "OutcomeResult.title", "OutcomeResult.measurements"),
        count=count,
        posted=with_values,
    )


def _adverse_events(page, trial, posted, groups, cites):
    counted = [g for g in groups if g.serious_at_risk]
    if not counted and groups:
        # Groups that count no one at risk: the record says why, where it says anything.
        yield sentence(
            _(
                "The registry counts no one at risk of serious adverse events in any group, so "
                "it gives no number of people who had them."
            ),
            cites,
            page.sources(trial, "ResultGroup.title", "ResultGroup.serious_at_risk"),
        )
        description = page.registry_text(posted, "adverse_events_description")
        if description.text:
            yield sentence(
                _("About adverse events, the registry says: %(description)s"),
                cites,
                page.sources(trial, "TrialResults.adverse_events_description"),
                description=description,
            )
        return
    if not counted:
        yield sentence(
            _("The registry does not give the number of people with serious adverse events."),
            cites,
            page.absent(trial, "ResultGroup.serious_affected"),
        )
        return
    yield Sentence(
        (
            Text(
                _(
                    "A serious adverse event is a medical event that threatens life, needs a "
                    "stay in hospital or makes it longer, or causes lasting harm or death, "
                    "whatever caused it."
                )
            ),
        )
    )
    yield sentence(
        _("The registry reports how many people in each group had at least one:"),
        cites,
        page.sources(trial, "ResultGroup.serious_affected"),
    )
    yield PARAGRAPH_BREAK
    sources = page.sources(
        trial, "ResultGroup.title", "ResultGroup.serious_affected", "ResultGroup.serious_at_risk"
    )
    for group in counted:
        yield _item(
            ngettext(
                "%(group)s: %(affected)s of %(at_risk)s person.",
                "%(group)s: %(affected)s of %(at_risk)s people.",
                group.serious_at_risk,
            ),
            cites,
            sources,
            group=_group(page, group),
            affected=number_label(group.serious_affected or 0),
            at_risk=number_label(group.serious_at_risk),
        )
    yield _share_chart(
        page,
        counted,
        Text(_("People with at least one serious adverse event, in each group")),
        "serious_affected",
        "serious_at_risk",
    )
    deaths = [g for g in groups if g.deaths is not None and g.deaths_at_risk]
    if any(g.deaths for g in deaths):
        yield PARAGRAPH_BREAK
        yield sentence(
            _("Deaths, in each group: %(groups)s."),
            cites,
            page.sources(
                trial, "ResultGroup.title", "ResultGroup.deaths", "ResultGroup.deaths_at_risk"
            ),
            groups=join_list(
                [
                    compose(
                        _("%(group)s, %(deaths)s of %(at_risk)s"),
                        group=_group(page, g),
                        deaths=number_label(g.deaths),
                        at_risk=number_label(g.deaths_at_risk),
                    )
                    for g in deaths
                ]
            ),
        )
    others = [g for g in groups if g.other_at_risk]
    if others:
        yield PARAGRAPH_BREAK
        threshold = posted.other_events_threshold
        if threshold and threshold not in ("0", "0.0"):
            yield sentence(
                _(
                    "Other adverse events, not serious, are counted where at least "
                    "%(threshold)s%% of a group had them. People in each group with at least "
                    "one:"
                ),
                cites,
                page.sources(trial, "TrialResults.other_events_threshold"),
                threshold=measured_value_label(threshold),
            )
        else:
            yield sentence(
                _("People in each group with at least one other adverse event, not serious:"),
                cites,
                page.sources(trial, "ResultGroup.other_affected"),
            )
        yield PARAGRAPH_BREAK
        sources = page.sources(
            trial, "ResultGroup.title", "ResultGroup.other_affected", "ResultGroup.other_at_risk"
        )
        for group in others:
            yield _item(
                ngettext(
                    "%(group)s: %(affected)s of %(at_risk)s person.",
                    "%(group)s: %(affected)s of %(at_risk)s people.",
                    group.other_at_risk,
                ),
                cites,
                sources,
                group=_group(page, group),
                affected=number_label(group.other_affected or 0),
                at_risk=number_label(group.other_at_risk),
            )
    time_frame = page.text(posted, "adverse_events_time_frame")
    if time_frame.text:
        yield PARAGRAPH_BREAK
        yield sentence(
            _("Adverse events were recorded over this time frame: %(time_frame)s."),
            cites,
            page.sources(trial, "TrialResults.adverse_events_time_frame"),
            time_frame=time_frame,
        )


def _item(template, cites, sources, **values):
    made = sentence(template, cites, sources, **values)
    return Sentence(made.parts, made.cites, made.sources, list_item=True)


# Charts ----------------------------------------------------------------------------------


def _outcome_chart(page, outcome, title, unit):
    """Bars of the main outcome, where each group has one value that is a number."""
    bars = []
    for group in outcome.groups:
        measured = [m for m in outcome.measurements if m["group"] == group["id"]]
        if len(measured) != 1:
            return None
        number = measured_number(measured[0]["value"])
        if number is None:
            return None
        bars.append(
            Bar(
                label=Text(group["title"], _registry_lang(page)),
                value=number,
                cells=(measured_value_label(measured[0]["value"]),),
            )
        )
    if len(bars) < 1:
        return None
    heading = unit if unit.text else Text(measure_type_label(outcome.param_type) or _("Value"))
    in_percent = "%" in unit.text or "percent" in unit.text.casefold()
    return Chart(
        title=title,
        columns=(_("Group"), heading),
        bars=tuple(bars),
        unit=unit.text,
        maximum=100.0 if in_percent else None,
    )


def _share_chart(page, groups, title, affected, at_risk):
    bars = []
    for group in groups:
        count, total = getattr(group, affected) or 0, getattr(group, at_risk)
        share = 100 * count / total
        bars.append(
            Bar(
                label=page.text(group, "title"),
                value=share,
                cells=(
                    number_label(count),
                    number_label(total),
                    _("%(percent)s%%") % {"percent": measured_value_label(f"{share:.1f}")},
                ),
            )
        )
    return Chart(
        title=title,
        columns=(_("Group"), _("People with an event"), _("People in the group"), _("Share")),
        bars=tuple(bars),
        unit="%",
        maximum=100.0,
    )


# Intervention pages --------------------------------------------------------------------------


def _intervention_findings(page):
    found = page.trials_with_results
    name_of_intervention = page.text(page.intervention, "name")
    if not found:
        return [
            Paragraph(
                (
                    sentence(
                        _("None of the trials of %(name)s listed here has posted results yet."),
                        name=name_of_intervention,
                    ),
                )
            )
        ]
    count = max(page.trials_with_results_count, len(found))
    lines = [
        sentence(
            ngettext(
                "%(count)s trial of %(name)s has posted results on its registry.",
                "%(count)s trials of %(name)s have posted results on their registries.",
                count,
            ),
            (),
            FOUND_COUNT_SOURCES,
            count=number_label(count),
            name=name_of_intervention,
        )
    ]
    if count > len(found):
        described = ngettext(
            "Here is what the registry reports of the latest to post them; its page gives all "
            "of its results.",
            "Here is what the registries report of the %(count)s latest to post them; the page "
            "of each gives all of its results.",
            len(found),
        )
    else:
        described = ngettext(
            "Here is what the registry reports of it; its page gives all of its results.",
            "Here is what the registries report of each of them; the page of each gives all "
            "of its results.",
            len(found),
        )
    lines.append(sentence(described, count=len(found)))
    lines.append(
        Sentence(
            (
                Text(
                    _(
                        "They are the results as each trial's sponsor reported them. On their "
                        "own, they do not show that a treatment works or that it is safe: ask "
                        "your doctor what they mean for you."
                    )
                ),
            )
        )
    )
    paragraphs = [Paragraph(tuple(lines))]
    for trial in found:
        cites = page.cite[trial.pk]
        paragraphs.append(
            Paragraph(
                (
                    _role_in_findings(page, trial, cites),
                    _main_finding(page, trial, cites),
                    _serious_events_finding(page, trial, cites),
                )
            )
        )
    return paragraphs


# The count of an intervention's trials with results, from its kept statistics.
FOUND_COUNT_SOURCES = (Source("Intervention.statistics.results"),)

FINDINGS_ROLES = {
    InterventionRole.EXPERIMENTAL: lambda: _(
        "In %(trial)s, %(intervention)s was a treatment under study."
    ),
    InterventionRole.ACTIVE_COMPARATOR: lambda: _(
        "%(trial)s used %(intervention)s as a comparator: an active treatment that the "
        "others were compared with."
    ),
    InterventionRole.PLACEBO: lambda: _(
        "%(trial)s used %(intervention)s as a comparator: a placebo, a dummy treatment "
        "without an active substance."
    ),
    InterventionRole.SHAM: lambda: _(
        "%(trial)s used %(intervention)s as a comparator: a sham treatment, which imitates a "
        "treatment without its active part."
    ),
    InterventionRole.AUXILIARY: lambda: _(
        "%(trial)s used %(intervention)s as an auxiliary medicine, not as a medicine under study."
    ),
    InterventionRole.SEVERAL: lambda: _(
        "%(trial)s gave %(intervention)s to groups of different types."
    ),
    InterventionRole.COMPARED: lambda: _(
        "%(trial)s gave %(intervention)s in the groups it compared; the registry does not "
        "list it as a treatment under study."
    ),
}


def _role_in_findings(page, trial, cites):
    """What the intervention was in the trial, as its record types the trial's groups."""
    identifier = Text(
        trial.primary_identifier,
        href=reverse("trial_detail", kwargs={"identifier": trial.primary_identifier}),
    )
    links = page.page_links(trial)
    roles = {link.role for link in links}
    role = roles.pop() if len(roles) == 1 else InterventionRole.SEVERAL
    values = {"trial": identifier, "intervention": page.intervention_names(trial, links)}
    if is_observational(trial):
        return sentence(
            _("%(trial)s, an observational study, looked at people who received %(intervention)s."),
            cites,
            page.sources(trial, "Trial.study_type", "TrialIntervention.intervention"),
            **values,
        )
    if role in FINDINGS_ROLES:
        return sentence(
            FINDINGS_ROLES[role](),
            cites,
            page.sources(trial, "TrialIntervention.intervention", "TrialIntervention.role"),
            **values,
        )
    return sentence(
        _("%(trial)s gave %(intervention)s; the registry does not say in what role."),
        cites,
        page.sources(trial, "TrialIntervention.intervention")
        + page.absent(trial, "TrialIntervention.role"),
        **values,
    )


def _main_finding(page, trial, cites):
    """One sentence of what the registry reports of the trial's main outcome, in each group."""
    outcome = main_outcome(trial)
    if outcome is None:
        return sentence(
            _("The registry gives no values of a primary outcome of this trial."),
            cites,
            page.absent(trial, "OutcomeResult.measurements"),
        )
    title = page.text(outcome, "title")
    measured = {
        group["id"]: [m for m in outcome.measurements if m["group"] == group["id"]]
        for group in outcome.groups
    }
    measured = {group_id: values for group_id, values in measured.items() if values}
    sources = page.sources(trial, "OutcomeResult.title", "OutcomeResult.groups")
    if any(len(values) > 1 for values in measured.values()):
        return sentence(
            _(
                "For its primary outcome, “%(title)s”, the registry reports several values in "
                "each group; the trial's page gives them."
            ),
            cites,
            sources,
            title=title,
        )
    groups = [group for group in outcome.groups if group["id"] in measured]
    named = [
        compose(
            _("%(group)s: %(values)s"),
            group=name(Text(group["title"], _registry_lang(page))),
            values=_group_values(outcome, group, measured[group["id"]]),
        )
        for group in groups[:VALUES_NAMED]
    ]
    values = _one_by_one(named)
    if len(groups) > VALUES_NAMED:
        values = compose(
            _("%(values)s, and %(count)s more in the registry"),
            values=values,
            count=len(groups) - VALUES_NAMED,
        )
    unit = page.text(outcome, "unit")
    kind = measure_type_label(outcome.param_type) if outcome.param_type != "NUMBER" else ""
    value_fields = ["OutcomeResult.measurements", "OutcomeResult.param_type"]
    if unit.text:
        value_fields.append("OutcomeResult.unit")
    if dispersion_label(outcome.dispersion_type):
        value_fields.append("OutcomeResult.dispersion_type")
    sources += page.sources(trial, *value_fields)
    if kind and unit.text:
        template = _(
            "For its primary outcome, “%(title)s”, the registry reports the %(kind)s in each "
            "group, in the unit “%(unit)s”: %(values)s."
        )
    elif unit.text:
        template = _(
            "For its primary outcome, “%(title)s”, the registry reports these values in each "
            "group, in the unit “%(unit)s”: %(values)s."
        )
    elif kind:
        template = _(
            "For its primary outcome, “%(title)s”, the registry reports the %(kind)s in each "
            "group: %(values)s."
        )
    else:
        template = _(
            "For its primary outcome, “%(title)s”, the registry reports these values in each "
            "group: %(values)s."
        )
    return sentence(template, cites, sources, title=title, kind=kind, unit=unit, values=values)


def _one_by_one(phrases):
    """Phrases that may hold commas of their own, one after another: “A: 1; B: 2”."""
    joined = []
    for index, phrase in enumerate(phrases):
        if index:
            joined.append(Text(_("; ")))
        joined.extend((phrase,) if isinstance(phrase, Text) else phrase)
    return tuple(joined)


def _serious_events_finding(page, trial, cites):
    groups = [
        group
        for group in trial.result_groups.all()
        if group.module == ADVERSE_EVENTS and group.serious_at_risk
    ]
    if not groups:
        return sentence(
            _("The registry does not give the number of people with serious adverse events."),
            cites,
            page.absent(trial, "ResultGroup.serious_affected"),
        )
    return sentence(
        _("People with at least one serious adverse event, in each group: %(groups)s."),
        cites,
        page.sources(
            trial,
            "ResultGroup.title",
            "ResultGroup.serious_affected",
            "ResultGroup.serious_at_risk",
        ),
        groups=_one_by_one(
            [
                compose(
                    ngettext(
                        "%(group)s: %(affected)s of %(at_risk)s person",
                        "%(group)s: %(affected)s of %(at_risk)s people",
                        group.serious_at_risk,
                    ),
                    group=_group(page, group),
                    affected=number_label(group.serious_affected or 0),
                    at_risk=number_label(group.serious_at_risk),
                )
                for group in groups
            ]
        ),
    )
