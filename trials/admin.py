"""The trials in the admin. A trial's form stays the same size whatever the trial: its
registry rows (sites, outcomes, contacts...) are counted and previewed on it, and edited in their
own change lists, filtered to the trial."""

from django.contrib import admin
from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from editorial.admin import EditorialAdmin, PartAdmin, TranslatedPartAdmin
from editorial.locking import LockingInlineMixin, is_historical

from .forms import InterventionAdminForm, TrialAdminForm
from .models import (
    Arm,
    Condition,
    Contact,
    Intervention,
    Outcome,
    SectionText,
    Site,
    Trial,
    TrialCountry,
    TrialIdentifier,
    TrialIntervention,
)

# Shown on a trial's form, linked to the rest in their change list.
PREVIEW_ROWS = 10


class SectionTextInline(LockingInlineMixin, TranslationStackedInline):
    """A page's section texts: at most one per section, so always few."""

    model = SectionText
    extra = 0
    fields = ["section", "text"]


class InterventionSectionTextInline(SectionTextInline):
    fk_name = "intervention"


class TrialSectionTextInline(SectionTextInline):
    fk_name = "trial"


@admin.register(Intervention)
class InterventionAdmin(EditorialAdmin):
    form = InterventionAdminForm
    list_display = ["name", "slug", "trial_count"]
    readonly_fields = ["trial_count"]
    list_filter = ["trial_interventions__role", "trial_interventions__kind"]
    search_fields = ["name_en", "name_it", "name_fr", "name_de", "name_es", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    fields = ["name", "slug", "other_names", "description"]
    inlines = [InterventionSectionTextInline]


@admin.register(Condition)
class ConditionAdmin(EditorialAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_en", "name_it", "name_fr", "name_de", "name_es", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


class TrialPreview:
    """The rows of one of a trial's relations, as its form shows them: how many, the first
    few, and links to their change list filtered to the trial and to adding one."""

    def __init__(self, relation, select_related=()):
        self.relation = relation
        self.select_related = select_related

    def __call__(self, admin_site, trial):
        related = trial._meta.get_field(self.relation).related_model
        opts = related._meta
        rows = getattr(trial, self.relation).select_related(*self.select_related)
        count = rows.count()
        shown = list(rows[:PREVIEW_ROWS]) if count else []
        url = f"{admin_site.name}:{opts.app_label}_{opts.model_name}"
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            ((reverse(f"{url}_change", args=[quote(row.pk)]), str(row)) for row in shown),
        )
        if count > len(shown):
            summary = gettext("%(count)d in all; the first %(shown)d:") % {
                "count": count,
                "shown": len(shown),
            }
        else:
            summary = gettext("%(count)d in all.") % {"count": count}
        return format_html(
            '<div class="trial-rows"><p>{} <a href="{}?trial__id__exact={}">{}</a> · '
            '<a href="{}?trial={}">{}</a></p><ul>{}</ul></div>',
            summary,
            reverse(f"{url}_changelist"),
            trial.pk,
            gettext("Edit and filter them in the list of %(name)s")
            % {"name": opts.verbose_name_plural},
            reverse(f"{url}_add"),
            trial.pk,
            gettext("Add one"),
            items,
        )


# The trial's relations that a registry record can make long, shown as previews.
TRIAL_PREVIEWS = {
    "identifier_rows": (_("Secondary identifiers"), TrialPreview("identifiers")),
    "intervention_rows": (
        _("Interventions of the trial"),
        TrialPreview("trial_interventions", ["trial", "intervention"]),
    ),
    "arm_rows": (_("Groups (arms)"), TrialPreview("arms")),
    "outcome_rows": (_("Outcomes"), TrialPreview("outcomes")),
    "site_rows": (_("Sites"), TrialPreview("sites")),
    "contact_rows": (_("Contacts"), TrialPreview("contacts")),
    "country_rows": (_("Country decisions"), TrialPreview("countries", ["trial"])),
}


def _preview_field(name, label, preview):
    @admin.display(description=label)
    def field(self, obj):
        return preview(self.admin_site, obj) if obj is not None and obj.pk else "—"

    field.__name__ = name
    return field


@admin.register(Trial)
class TrialAdmin(EditorialAdmin):
    form = TrialAdminForm
    list_display = [
        "primary_identifier",
        "public_title",
        "phase",
        "status",
        "enrollment",
        "last_update",
    ]
    list_filter = ["status", "phase", "study_type", "allocation", "sites__country"]
    search_fields = [
        "primary_identifier",
        "identifiers__value",
        "acronym",
        "sponsor",
        "public_title_en",
        "official_title_en",
        "public_title_it",
    ]
    autocomplete_fields = ["conditions"]
    date_hierarchy = "last_update"
    inlines = [TrialSectionTextInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "primary_identifier",
                    "acronym",
                    "short_title",
                    "public_title",
                    "official_title",
                    "brief_summary",
                    "conditions",
                ]
            },
        ),
        (_("Design"), {"fields": ["study_type", "phase", "allocation", "masking"]}),
        (
            _("Status and enrollment"),
            {
                "fields": [
                    "status",
                    "registry_status",
                    "last_known_status",
                    "why_stopped",
                    "enrollment",
                    "enrollment_type",
                    "enrollment_eea",
                ]
            },
        ),
        (
            _("Eligibility"),
            {
                "fields": [
                    "minimum_age",
                    "maximum_age",
                    "age_groups",
                    "sex",
                    "healthy_volunteers",
                    "study_population",
                    "inclusion_criteria",
                    "exclusion_criteria",
                ]
            },
        ),
        (
            _("Dates and source"),
            {
                "fields": [
                    ("start_date", "start_date_type"),
                    ("primary_completion_date", "primary_completion_date_type"),
                    ("completion_date", "completion_date_type"),
                    "last_update",
                    "sponsor",
                    "source_url",
                    "last_synced_at",
                ]
            },
        ),
        (
            _("Registry data"),
            {
                "fields": ["registry_status_code", "kept_fields"],
                "description": _(
                    "Imports update the registry fields of this trial, except the ones ticked "
                    "here. Translations, section texts and usages are editors' own and are "
                    "never overwritten."
                ),
            },
        ),
    ]
    readonly_fields = ["last_synced_at", *TRIAL_PREVIEWS]

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or is_historical(obj):
            return fieldsets
        # Last, after the trial's own fields and its publication.
        return [*fieldsets, (_("Rows of the registry record"), {"fields": list(TRIAL_PREVIEWS)})]


for _name, (_label, _preview) in TRIAL_PREVIEWS.items():
    setattr(TrialAdmin, _name, _preview_field(_name, _label, _preview))


class TrialPartFields:
    """What the change list of a trial's rows shows and filters by: their trial, read in the
    same query."""

    list_select_related = ["trial"]
    autocomplete_fields = ["trial"]
    list_per_page = 50


@admin.register(TrialIdentifier)
class TrialIdentifierAdmin(TrialPartFields, PartAdmin):
    list_display = ["value", "kind", "issuer", "trial"]
    list_filter = ["kind"]
    search_fields = ["value", "trial__primary_identifier"]


@admin.register(TrialIntervention)
class TrialInterventionAdmin(TrialPartFields, TranslatedPartAdmin):
    list_display = ["intervention", "role", "kind", "order", "trial"]
    list_filter = ["role", "kind"]
    list_select_related = ["trial", "intervention"]
    search_fields = ["intervention__name_en", "trial__primary_identifier"]
    autocomplete_fields = ["trial", "intervention"]
    fields = [
        "trial",
        ("intervention", "order"),
        ("role", "kind"),
        ("route", "max_daily_dose"),
        "other_names",
        "description",
        "usage",
    ]


def _trial_of(request, obj):
    """The trial whose rows a form may choose from: the object's, or the one being given."""
    if obj is not None:
        return obj.trial_id
    trial = request.POST.get("trial") or request.GET.get("trial")
    return int(trial) if trial and trial.isdigit() else None


@admin.register(Arm)
class ArmAdmin(TrialPartFields, TranslatedPartAdmin):
    list_display = ["label", "kind", "order", "trial"]
    list_filter = ["kind"]
    search_fields = ["label_en", "trial__primary_identifier"]
    fields = ["trial", ("label", "kind", "order"), "description", "interventions"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        request._trial_of_form = _trial_of(request, obj)
        return super().get_form(request, obj, change=change, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "interventions":
            # Only this trial's interventions can be given in its arms.
            kwargs["queryset"] = TrialIntervention.objects.filter(
                trial=getattr(request, "_trial_of_form", None)
            ).select_related("trial", "intervention")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Outcome)
class OutcomeAdmin(TrialPartFields, TranslatedPartAdmin):
    list_display = ["measure", "kind", "trial"]
    list_filter = ["kind"]
    search_fields = ["measure_en", "trial__primary_identifier"]


@admin.register(Site)
class SiteAdmin(TrialPartFields, PartAdmin):
    list_display = ["facility", "city", "country", "status", "trial"]
    list_filter = ["country", "status"]
    search_fields = ["facility", "city", "trial__primary_identifier"]


@admin.register(Contact)
class ContactAdmin(TrialPartFields, PartAdmin):
    """The contacts of the record; an editor who corrects them keeps them (`kept_fields`)."""

    list_display = ["__str__", "kind", "organisation", "site", "trial"]
    list_filter = ["kind"]
    list_select_related = ["trial", "site"]
    search_fields = ["name", "organisation", "email", "trial__primary_identifier"]
    autocomplete_fields = ["trial", "site"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        request._trial_of_form = _trial_of(request, obj)
        return super().get_form(request, obj, change=change, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "site":
            # Only this trial's sites (searched, not listed: a trial can have thousands).
            kwargs["queryset"] = Site.objects.filter(trial=getattr(request, "_trial_of_form", None))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(TrialCountry)
class TrialCountryAdmin(TrialPartFields, PartAdmin):
    list_display = ["country", "authorisation", "status_code", "is_member_state", "trial"]
    list_filter = ["is_member_state", "country"]
    search_fields = ["trial__primary_identifier"]
