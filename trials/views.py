from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from .identifiers import parse_identifier
from .models import Condition, Intervention, OutcomeKind, Trial
from .summary import (
    build_intervention_summary,
    build_trial_summary,
    localized,
    sites_by_country,
    sort_key,
)

OUTCOME_HEADINGS = {
    OutcomeKind.PRIMARY: _("Primary outcomes"),
    OutcomeKind.SECONDARY: _("Secondary outcomes"),
    OutcomeKind.OTHER: _("Other outcomes"),
}


def intervention_list(request):
    language = get_language()
    interventions = sorted(
        Intervention.objects.annotate(trial_count=Count("trials")),
        key=lambda intervention: sort_key(localized(intervention, "name", language).text),
    )
    return render(request, "trials/intervention_list.html", {"interventions": interventions})


def intervention_detail(request, slug):
    intervention = get_object_or_404(Intervention.objects.for_summary(), slug=slug)
    summary = build_intervention_summary(intervention, get_language())
    return render(
        request,
        "trials/intervention_detail.html",
        {"intervention": intervention, "summary": summary},
    )


def trial_detail(request, identifier):
    try:
        canonical = parse_identifier(identifier).value
    except ValidationError:
        raise Http404("Not a trial registry identifier.") from None
    trial = Trial.objects.for_summary().filter(primary_identifier=canonical).first()
    if trial is None:
        secondary = Trial.objects.filter(identifiers__value=canonical).first()
        if secondary is None:
            raise Http404("No trial with this identifier.")
        return redirect(secondary, permanent=True)
    if identifier != canonical:
        return redirect(trial, permanent=True)
    outcomes = list(trial.outcomes.all())
    return render(
        request,
        "trials/trial_detail.html",
        {
            "trial": trial,
            "summary": build_trial_summary(trial, get_language()),
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
        },
    )


def condition_detail(request, slug):
    condition = get_object_or_404(Condition, slug=slug)
    trials = condition.trials.prefetch_related("sites")
    interventions = Intervention.objects.filter(trials__conditions=condition).distinct()
    return render(
        request,
        "trials/condition_detail.html",
        {"condition": condition, "trials": trials, "interventions": interventions},
    )


def page_not_found(request, exception):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": gettext("Not found.")}, status=404)
    return render(request, "404.html", status=404)
