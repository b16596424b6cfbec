"""“What the trial found”: the results a trial's record posts, as the registry reports them.
Who took part and finished in each group, the main outcome's values per group, what a
statistical analysis compared, and how many people in each group had serious and other
adverse events; never a claim that a treatment works or is safe. On an intervention's page,
which of its trials have posted results."""

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
from trials.models import OutcomeKind, SummarySection

from .page import PARAGRAPH_BREAK
from .phrases import compose, join_list, sentence
from .statuses import PAST_STAGES, stage
from .types import Bar, Chart, Paragraph, Sentence, Text

# How many periods of the participant flow, values of one group, analyses of the main outcome
# and trials with results of an intervention the section names.
PERIODS_NAMED = 3
VALUES_NAMED = 6
ANALYSES_NAMED = 2
TRIALS_WITH_RESULTS_NAMED = 10

FLOW = "participant_flow"
BASELINE = "baseline"
ADVERSE_EVENTS = "adverse_events"


def results(page):
    if not page.is_trial_page:
        return page.section(SummarySection.RESULTS, _intervention_findings(page))

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
        values = join_list(
            [_measurement(outcome, m, len(measured) > 1) for m in measured[:VALUES_NAMED]]
        )
        if len(measured) > VALUES_NAMED:
            values = compose(
                _("%(values)s, and %(count)s more in the registry"),
                values=values,
                count=len(measured) - VALUES_NAMED,
            )
        label = name(Text(group["title"], _registry_lang(page)))
        if group.get("analysed") is not None:
            yield _item(
                ngettext(
                    "%(group)s: %(values)s (%(analysed)s person analysed).",
                    "%(group)s: %(values)s (%(analysed)s people analysed).",
                    group["analysed"],
                ),
                cites,
                value_sources,
                group=label,
                values=values,
                analysed=number_label(group["analysed"]),
            )
        else:
            yield _item(
                _("%(group)s: %(values)s."), cites, value_sources, group=label, values=values
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


def _measurement(outcome, measurement, named):
    value = measured_value_label(measurement["value"])
    spread = dispersion_label(outcome.dispersion_type)
    parts = Text(value)
    if spread and has_limits(outcome.dispersion_type):
        if measurement.get("lower") and measurement.get("upper"):
            parts = compose(
                _("%(value)s (%(spread)s: %(lower)s to %(upper)s)"),
                value=value,
                spread=spread,
                lower=measured_value_label(measurement["lower"]),
                upper=measured_value_label(measurement["upper"]),
            )
    elif spread and measurement.get("spread"):
        parts = compose(
            _("%(value)s (%(spread)s %(amount)s)"),
            value=value,
            spread=spread,
            amount=measured_value_label(measurement["spread"]),
        )
    label = " – ".join(
        piece for piece in (measurement.get("class"), measurement.get("category")) if piece
    )
    if named and label:
        return compose(_("%(label)s: %(value)s"), label=Text(label), value=parts)
    return parts


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
            _("A statistical analysis compared %(groups)s (method: %(method)s)."),
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
    if not found:
        return [
            Paragraph(
                (
                    sentence(
                        _("None of the trials of %(name)s listed here has posted results yet."),
                        name=page.text(page.intervention, "name"),
                    ),
                )
            )
        ]
    count = page.trials_with_results_count
    lines = [
        sentence(
            ngettext(
                "%(count)s trial of %(name)s has posted results on its registry:",
                "%(count)s trials of %(name)s have posted results on their registries:",
                count,
            ),
            count=number_label(count),
            name=page.text(page.intervention, "name"),
        )
    ]
    items = [
        Sentence(
            compose(
                _("%(identifier)s: %(title)s"),
                identifier=Text(
                    trial.primary_identifier,
                    href=reverse("trial_detail", kwargs={"identifier": trial.primary_identifier}),
                ),
                title=page.trial_title(trial),
            ),
            list_item=True,
        )
        for trial in found[:TRIALS_WITH_RESULTS_NAMED]
    ]
    return [Paragraph(tuple(lines)), Paragraph(tuple(items))]
