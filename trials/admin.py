from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
)

from editorial.admin import EditorialAdmin

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


class SectionTextInline(TranslationStackedInline):
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


class TrialIdentifierInline(admin.TabularInline):
    model = TrialIdentifier
    extra = 0


class TrialInterventionInline(TranslationStackedInline):
    model = TrialIntervention
    extra = 0
    autocomplete_fields = ["intervention"]
    fields = [
        ("intervention", "order"),
        ("role", "kind"),
        ("route", "max_daily_dose"),
        "other_names",
        "description",
        "usage",
    ]


class ArmInline(TranslationStackedInline):
    model = Arm
    extra = 0
    fields = [("label", "kind", "order"), "description", "interventions"]

    def get_formset(self, request, obj=None, **kwargs):
        self.trial = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "interventions":
            # Only this trial's interventions can be given in its arms.
            kwargs["queryset"] = TrialIntervention.objects.filter(trial=self.trial).select_related(
                "intervention"
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class OutcomeInline(TranslationStackedInline):
    model = Outcome
    extra = 0


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0


class ContactInline(admin.TabularInline):
    """The contacts of the record; an editor who corrects them keeps them (`kept_fields`)."""

    model = Contact
    extra = 0
    fields = [
        "kind",
        "name",
        "role",
        "organisation",
        "phone",
        "phone_extension",
        "email",
        "site",
        "order",
    ]

    def get_formset(self, request, obj=None, **kwargs):
        self.trial = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "site":
            # Only this trial's sites.
            kwargs["queryset"] = Site.objects.filter(trial=self.trial)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TrialCountryInline(admin.TabularInline):
    model = TrialCountry
    extra = 0


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
    inlines = [
        TrialIdentifierInline,
        TrialInterventionInline,
        ArmInline,
        OutcomeInline,
        SiteInline,
        ContactInline,
        TrialCountryInline,
        TrialSectionTextInline,
    ]
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
    readonly_fields = ["last_synced_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()


@admin.register(Outcome)
class OutcomeAdmin(TabbedTranslationAdmin):
    list_display = ["measure", "kind", "trial"]
    list_filter = ["kind"]
    list_select_related = ["trial"]
    search_fields = ["measure_en", "trial__primary_identifier"]
    autocomplete_fields = ["trial"]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["facility", "city", "country", "status", "trial"]
    list_filter = ["country", "status"]
    list_select_related = ["trial"]
    search_fields = ["facility", "city", "trial__primary_identifier"]
    autocomplete_fields = ["trial"]
