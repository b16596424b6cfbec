from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from editorial.preview import (
    can_preview,
    preview_context,
    preview_url,
    visible,
    with_pending_change,
)

from .folding import sort_key
from .identifiers import parse_identifier
from .labels import age_group_label, partial_date_label, sites_by_country
from .listing import trial_table
from .models import Condition, Intervention, OutcomeKind, Trial
from .summary import build_intervention_summary, build_trial_summary
from .summary.changes import RECENT_CHANGES, change_notes, last_checked

OUTCOME_HEADINGS = {
    OutcomeKind.PRIMARY: _("Primary outcomes"),
    OutcomeKind.SECONDARY: _("Secondary outcomes"),
    OutcomeKind.OTHER: _("Other outcomes"),
}


DATE_LABELS = {
    "start_date": _("Start date"),
    "primary_completion_date": _("Primary completion date"),
    "completion_date": _("Completion date"),
}


def intervention_detail(request, slug):
    intervention = get_object_or_404(
        visible(Intervention.objects.for_summary(), request), slug=slug
    )
    with_pending_change(intervention, request)
    language = get_language()
    trials = intervention.featured_trials()
    return render(
        request,
        "trials/intervention_detail.html",
        {
            "intervention": intervention,
            "featured_trials": trials,
            "summary": build_intervention_summary(intervention, language, trials=trials),
            "table": trial_table(
                request.GET,
                trials=intervention.trial_interventions.published(),
                statistics=intervention.statistics,
                language=language,
                id_field="trial_id",
                known=trials,
            ),
            "show_sources": shows_sources(request),
            **preview_context(intervention),
        },
    )


def shows_sources(request):
    """Staff see, with `?sources=1`, the record fields and paths behind every sentence."""
    return request.user.is_staff and bool(request.GET.get("sources"))


def trial_detail(request, identifier):
    try:
        canonical = parse_identifier(identifier).value
    except ValidationError:
        raise Http404("Not a trial registry identifier.") from None
    preview = can_preview(request, Trial)
    trial = (
        Trial.objects.for_summary(preview=preview)
        .with_contacts()
        .filter(primary_identifier=canonical)
        .first()
    )
    if trial is None:
        trials = Trial.objects.all() if preview else Trial.objects.published()
        secondary = trials.filter(identifiers__value=canonical).first()
        if secondary is None:
            raise Http404("No trial with this identifier.")
        return redirect(preview_url(secondary), permanent=secondary.is_published)
    if identifier != canonical:
        return redirect(preview_url(trial), permanent=trial.is_published)
    with_pending_change(trial, request)
    outcomes = list(trial.outcomes.all())
    dates = [
        (label, partial_date_label(value), getattr(trial, f"get_{name}_type_display")())
        for name, label in DATE_LABELS.items()
        if (value := getattr(trial, name))
    ]
    language = get_language()
    return render(
        request,
        "trials/trial_detail.html",
        {
            "trial": trial,
            "summary": build_trial_summary(trial, language),
            "changes": change_notes(trial.changes.newest_first()[:RECENT_CHANGES], language),
            "last_checked": last_checked(trial, language),
            "outcome_groups": [
                (heading, [o for o in outcomes if o.kind == kind])
                for kind, heading in OUTCOME_HEADINGS.items()
                if any(o.kind == kind for o in outcomes)
            ],
            "sites_by_country": sites_by_country(trial.sites.all()),
            "country_decisions": sorted(
                trial.countries.all(), key=lambda decision: sort_key(str(decision.country.name))
            ),
            "identifiers": trial.identifiers.all(),
            "arms": trial.arms.all(),
            "dates": dates,
            "age_groups": [age_group_label(group) for group in trial.age_groups],
            "show_sources": shows_sources(request),
            **preview_context(trial),
        },
    )


def condition_detail(request, slug):
    condition = get_object_or_404(visible(Condition.objects.all(), request), slug=slug)
    with_pending_change(condition, request)
    language = get_language()
    statistics = condition.statistics or {}
    studied = Intervention.objects.published().in_bulk(
        [pk for pk, _count in statistics.get("interventions", ())]
    )
    return render(
        request,
        "trials/condition_detail.html",
        {
            "condition": condition,
            "interventions": [
                (studied[pk], count)
                for pk, count in statistics.get("interventions", ())
                if pk in studied
            ],
            "table": trial_table(
                request.GET,
                trials=condition.trials.published(),
                statistics=statistics,
                language=language,
            ),
            **preview_context(condition),
        },
    )


def page_not_found(request, exception):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": gettext("Not found.")}, status=404)
    return render(request, "404.html", status=404)
