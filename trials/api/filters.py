"""List filters of the API: phase, status, country, condition, intervention, update, and
the words of the site's own search. Related rows are matched with EXISTS: no DISTINCT."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import get_language
from django_countries import countries

from glossary.models import Term

from ..models import (
    Condition,
    Intervention,
    InterventionKind,
    InterventionRole,
    Phase,
    RecruitmentStatus,
    Trial,
    TrialIntervention,
)


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
    updated_since = django_filters.DateFilter(
        field_name="last_update",
        lookup_expr="gte",
        help_text="Trials whose registry record was updated on or after this date.",
    )

    class Meta:
        model = Trial
        fields = ["q", "phase", "status", "country", "condition", "intervention", "updated_since"]

    def filter_country(self, queryset, name, value):
        return queryset.matching(country=value)

    def filter_condition(self, queryset, name, value):
        return queryset.matching(condition=value)

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
