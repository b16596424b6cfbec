"""Results as the registry posted them: translators translate their texts; the numbers are
the registry's and are shown read-only (the next import replaces them)."""

from django.contrib import admin

from editorial.admin import PartAdmin, TranslatedPartAdmin

from .models import OutcomeResult, ResultDocument, ResultGroup, TrialResults

GROUP_COUNTS = [
    "started",
    "completed",
    "not_completed",
    "participants",
    "serious_affected",
    "serious_at_risk",
    "other_affected",
    "other_at_risk",
    "deaths",
    "deaths_at_risk",
]


@admin.register(TrialResults)
class TrialResultsAdmin(TranslatedPartAdmin):
    list_display = ["trial", "first_posted"]
    list_select_related = ["trial"]
    search_fields = ["trial__primary_identifier"]
    readonly_fields = ["trial", "first_posted", "other_events_threshold"]


@admin.register(ResultGroup)
class ResultGroupAdmin(TranslatedPartAdmin):
    list_display = ["title", "module", "period", "trial"]
    list_filter = ["module"]
    list_select_related = ["trial"]
    search_fields = ["title_en", "trial__primary_identifier"]
    readonly_fields = ["trial", "module", "registry_id", "order", *GROUP_COUNTS]


@admin.register(OutcomeResult)
class OutcomeResultAdmin(TranslatedPartAdmin):
    list_display = ["title", "kind", "is_posted", "trial"]
    list_filter = ["kind", "is_posted"]
    list_select_related = ["trial"]
    search_fields = ["title_en", "trial__primary_identifier"]
    readonly_fields = [
        "trial",
        "kind",
        "param_type",
        "dispersion_type",
        "is_posted",
        "groups",
        "measurements",
        "analyses",
        "order",
    ]


@admin.register(ResultDocument)
class ResultDocumentAdmin(PartAdmin):
    list_display = ["__str__", "kind", "submitted", "trial"]
    list_filter = ["kind"]
    list_select_related = ["trial"]
    search_fields = ["title", "trial__primary_identifier"]
    readonly_fields = ["trial", "kind", "title", "language", "submitted", "url", "order"]
