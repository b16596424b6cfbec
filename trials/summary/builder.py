"""The summary builder: a trial's or an intervention's data turned into a plain `Summary`.

HTML pages and the API both render this structure; nothing else composes summary sentences.
Every sentence is a whole gettext string with named placeholders, and every value put into it
is a `Text` that knows whether it fell back to English.
"""

from django.urls import reverse
from django.utils import translation

from glossary.models import Term
from trials.labels import country_names, phase_label, status_label, trial_display_title
from trials.models import Condition, Trial

from .design import design
from .details import details
from .glossary_links import link_first_mentions, used_terms
from .introduction import introduction
from .outcomes import outcomes
from .overview import overview
from .page import Page
from .population import population
from .results import results
from .taking_part import taking_part
from .types import GlossaryEntry, Summary, TrialRow


def build_intervention_summary(intervention, language, terms=None, trials=None):
    """The summary page of an intervention (fetch it with `for_summary()`): its `trials`
    described one by one (by default its `featured_trials()`), all of them in figures from the
    statistics kept on it, and what the latest of them to post results found."""
    trials = intervention.featured_trials() if trials is None else trials
    statistics = intervention.statistics or {}
    related = [pk for pk, _count in statistics.get("conditions", ())]
    with_results, latest = statistics.get("results", (0, ()))
    return _build(
        language,
        terms,
        trials=trials,
        intervention=intervention,
        section_texts=intervention.section_texts.all(),
        related_conditions=Condition.objects.published().in_bulk(related) if related else {},
        trials_with_results=[
            trial for trial in _in_order(latest) if getattr(trial, "results", None) is not None
        ],
        trials_with_results_count=with_results,
    )


def _in_order(pks):
    """These trials, read as for a summary, in this order."""
    pks = list(pks)
    trials = Trial.objects.for_summary().in_bulk(pks)
    return [trials[pk] for pk in pks if pk in trials]


def build_trial_summary(trial, language, terms=None, similar_trials=None):
    """The summary of one trial (fetch it with `Trial.objects.for_summary()`); by default,
    for a trial that is not recruiting, the recruiting trials of its conditions are read."""
    if similar_trials is None:
        similar_trials = () if trial.is_recruiting else Trial.objects.recruiting_like(trial)
    return _build(
        language,
        terms,
        trials=[trial],
        section_texts=trial.section_texts.all(),
        similar_trials=similar_trials,
    )


def _build(language, terms, **page_data):
    with translation.override(language):
        page = Page(language=language, **page_data)
        return _summary(page, Term.objects.published() if terms is None else terms)


def _summary(page, terms):
    sections = (
        introduction(page),
        overview(page),
        population(page),
        taking_part(page),
        design(page),
        outcomes(page),
        results(page),
        details(page),
    )
    used = used_terms(page, sections, terms)
    first, *rest = link_first_mentions(page, sections, used)
    return Summary(
        language=page.language,
        title=_title(page),
        introduction=first,
        sections=tuple(section for section in rest if section.paragraphs),
        trials=_trial_rows(page),
        references=page.references,
        glossary=tuple(
            GlossaryEntry(
                slug=term.slug,
                term=page.text(term, "term"),
                definition=page.plain_text(term, "definition"),
            )
            for term in used
        ),
    )


def _title(page):
    if page.intervention is not None:
        return page.text(page.intervention, "name")
    return trial_display_title(page.trials[0], page.language)


def _trial_rows(page):
    return tuple(
        TrialRow(
            identifier=trial.primary_identifier,
            page_url=reverse("trial_detail", kwargs={"identifier": trial.primary_identifier}),
            title=page.trial_title(trial),
            phase=phase_label(trial.phase),
            conditions=tuple(page.text(c, "name") for c in trial.conditions.all()),
            status=status_label(trial.status),
            enrollment=trial.enrollment,
            countries=country_names(trial.sites.all()),
            is_ongoing=trial.is_ongoing,
            reference=reference.number,
            has_results=hasattr(trial, "results"),
        )
        for trial, reference in zip(page.trials, page.trial_references, strict=True)
    )
