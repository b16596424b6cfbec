"""List filters of the API: phase, status, country, condition, intervention, update, who may
take part (age, sex, healthy volunteers), and the words of the site's own search. Related rows
are matched with EXISTS: no DISTINCT."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema_field

from glossary.models import Term

from ..models import (
    MAX_AGE,
    Condition,
    Intervention,
    InterventionKind,
    InterventionRole,
    Phase,
    RecruitmentStatus,
    Sex,
    Trial,
    TrialIntervention,
)

AGE_HELP = (
    "Trials whose minimum and maximum ages (or EU CTIS age groups) admit someone of this age, "
    "in years. A limit the record does not give excludes no one."
)


# Its own schema, for the limits; with one, drf-spectacular reads the description from it.
@extend_schema_field({"type": "integer", "minimum": 0, "maximum": MAX_AGE, "description": AGE_HELP})
class AgeFilter(django_filters.NumberFilter):
    """A reader's age in whole years."""

    field_class = forms.IntegerField


DATE_MESSAGE = _("Enter a date as YYYY-MM-DD, such as 2025-01-31.")


class GivenDateField(forms.DateField):
    """A date that may be left out, but not given empty: `updated_since=` is a mistake, not
    a request for every trial."""

    default_error_messages = {"invalid": DATE_MESSAGE, "empty": DATE_MESSAGE}

    def clean(self, value):
        if isinstance(value, str) and not value.strip():
            raise forms.ValidationError(self.error_messages["empty"], code="empty")
        return super().clean(value)


class GivenDateFilter(django_filters.DateFilter):
    field_class = GivenDateField


class SearchFilter(django_filters.CharFilter):
    """Words searched as the site's search finds them (`SearchableQuerySet.search`), in the
    response's language; the best matches first."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            "Words to search for, as the site's search finds them (in the response's language, "
            "falling back to English); the best matches come first.",
        )
        super().__init__(**kwargs)

    def filter(self, queryset, value):
        if not value or not value.strip():
            return queryset
        return queryset.search(value, get_language())


class SearchFilterSet(django_filters.FilterSet):
    """Every filter first, the search (`q`) last: it ranks the rows the others leave."""

    def filter_queryset(self, queryset):
        for name, value in self.form.cleaned_data.items():
            if name != "q":
                queryset = self.filters[name].filter(queryset, value)
        return self.filters["q"].filter(queryset, self.form.cleaned_data.get("q"))


class TrialFilter(SearchFilterSet):
    q = SearchFilter()
    phase = django_filters.MultipleChoiceFilter(choices=Phase.choices)
    status = django_filters.MultipleChoiceFilter(choices=RecruitmentStatus.choices)
    country = django_filters.ChoiceFilter(
        choices=list(countries), method="filter_country", help_text="ISO 3166 alpha-2 code."
    )
    condition = django_filters.CharFilter(
        method="filter_condition", help_text="Slug of a condition."
    )
    intervention = django_filters.CharFilter(
        method="filter_intervention", help_text="Slug of an intervention."
    )
    updated_since = GivenDateFilter(
        field_name="last_update",
        lookup_expr="gte",
        help_text="Trials whose registry record was updated on or after this date.",
    )
    age = AgeFilter(
        method="filter_eligibility",
        min_value=0,
        max_value=MAX_AGE,
        help_text=AGE_HELP,
    )
    sex = django_filters.ChoiceFilter(
        choices=[(Sex.FEMALE, Sex.FEMALE.label), (Sex.MALE, Sex.MALE.label)],
        method="filter_eligibility",
        help_text="Trials open to this sex (those open to all included).",
    )
    healthy_volunteers = django_filters.BooleanFilter(
        method="filter_eligibility",
        help_text="`true`: trials that accept healthy volunteers; `false`: trials that do not "
        "(as their records say).",
    )

    has_results = django_filters.BooleanFilter(
        method="filter_results",
        help_text="`true`: trials whose records have posted results; `false`: the others.",
    )

    class Meta:
        model = Trial
        fields = [
            "q",
            "phase",
            "status",
            "country",
            "condition",
            "intervention",
            "updated_since",
            "age",
            "sex",
            "healthy_volunteers",
            "has_results",
        ]

    def filter_country(self, queryset, name, value):
        return queryset.matching(country=value)

    def filter_condition(self, queryset, name, value):
        return queryset.matching(condition=value)

    def filter_eligibility(self, queryset, name, value):
        if value is None or value == "":
            return queryset
        return queryset.matching(**{name: value})

    def filter_results(self, queryset, name, value):
        return queryset if value is None else queryset.matching(has_results=value)

    def filter_intervention(self, queryset, name, value):
        return queryset.filter(
            Exists(TrialIntervention.objects.filter(trial=OuterRef("pk"), intervention__slug=value))
        )


class InterventionFilter(SearchFilterSet):
    q = SearchFilter()
    kind = django_filters.ChoiceFilter(
        choices=InterventionKind.choices,
        method="filter_link",
        help_text="Interventions that at least one trial's record gives this type.",
    )
    role = django_filters.ChoiceFilter(
        choices=InterventionRole.choices,
        method="filter_link",
        help_text="Interventions that have this role in at least one trial "
        "(such as placebo or active comparator).",
    )
    condition = django_filters.CharFilter(
        method="filter_condition", help_text="Slug of a condition."
    )

    class Meta:
        model = Intervention
        fields = ["q", "kind", "role", "condition"]

    def filter_link(self, queryset, name, value):
        return queryset.filter(
            Exists(TrialIntervention.objects.filter(intervention=OuterRef("pk"), **{name: value}))
        )

    def filter_condition(self, queryset, name, value):
        return queryset.filter(
            Exists(
                Trial.conditions.through.objects.filter(
                    trial__trial_interventions__intervention=OuterRef("pk"),
                    condition__slug=value,
                )
            )
        )


class ConditionFilter(SearchFilterSet):
    q = SearchFilter()

    class Meta:
        model = Condition
        fields = ["q"]


class TermFilter(SearchFilterSet):
    q = SearchFilter()

    class Meta:
        model = Term
        fields = ["q"]
