"""List filters of the API: phase, status, country, condition, intervention, update, text."""

import django_filters
from django.db.models import Q
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
)


def _text_query(fields, value):
    """Words searched in the response's language and in English (the fallback)."""
    languages = dict.fromkeys([get_language(), "en"])
    query = Q()
    for word in value.split()[:10]:
        word_query = Q()
        for field in fields:
            if field.endswith("*"):
                for language in languages:
                    word_query |= Q(**{f"{field[:-1]}_{language}__icontains": word})
            else:
                word_query |= Q(**{f"{field}__icontains": word})
        query &= word_query
    return query


class TextSearchFilter(django_filters.CharFilter):
    def __init__(self, fields, **kwargs):
        self.fields = fields
        kwargs.setdefault("help_text", "Words that must all occur (case-insensitive).")
        super().__init__(**kwargs)

    def filter(self, queryset, value):
        if not value or not value.strip():
            return queryset
        return queryset.filter(_text_query(self.fields, value)).distinct()


class TrialFilter(django_filters.FilterSet):
    q = TextSearchFilter(
        ["public_title*", "official_title*", "brief_summary*", "primary_identifier", "acronym"]
    )
    phase = django_filters.MultipleChoiceFilter(choices=Phase.choices)
    status = django_filters.MultipleChoiceFilter(choices=RecruitmentStatus.choices)
    country = django_filters.ChoiceFilter(
        choices=list(countries), method="filter_country", help_text="ISO 3166 alpha-2 code."
    )
    condition = django_filters.CharFilter(
        field_name="conditions__slug", help_text="Slug of a condition."
    )
    intervention = django_filters.CharFilter(
        field_name="interventions__slug", help_text="Slug of an intervention."
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
        return queryset.filter(Q(sites__country=value) | Q(countries__country=value)).distinct()

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).distinct()


class InterventionFilter(django_filters.FilterSet):
    q = TextSearchFilter(["name*", "description*", "slug"])
    kind = django_filters.ChoiceFilter(
        field_name="trial_interventions__kind",
        choices=InterventionKind.choices,
        distinct=True,
        help_text="Interventions that at least one trial's record gives this type.",
    )
    role = django_filters.ChoiceFilter(
        field_name="trial_interventions__role",
        choices=InterventionRole.choices,
        distinct=True,
        help_text="Interventions that have this role in at least one trial "
        "(such as placebo or active comparator).",
    )
    condition = django_filters.CharFilter(
        field_name="trials__conditions__slug", help_text="Slug of a condition."
    )

    class Meta:
        model = Intervention
        fields = ["q", "kind", "role", "condition"]

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).distinct()


class ConditionFilter(django_filters.FilterSet):
    q = TextSearchFilter(["name*", "explanation*", "slug"])

    class Meta:
        model = Condition
        fields = ["q"]


class TermFilter(django_filters.FilterSet):
    q = TextSearchFilter(["term*", "definition*", "aliases*", "slug"])

    class Meta:
        model = Term
        fields = ["q"]
