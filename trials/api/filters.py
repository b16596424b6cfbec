"""List filters of the API: phase, status, country, condition, intervention, update, who may
take part (age, sex, healthy volunteers), distance from a place, and the words of the site's own
search. Related rows are matched with EXISTS: no DISTINCT."""

import math
from datetime import datetime, time

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import NotFound

from glossary.models import Term

from ..forms import DEFAULT_DISTANCE_KM
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
    TrialChange,
    TrialIntervention,
)
from ..places import find_place
from ..search import MAX_DISTANCE_KM

AGE_HELP = (
    "Trials whose minimum and maximum ages (or EU CTIS age groups) admit someone of this age, "
    "in years. A limit the record does not give excludes no one."
)


# Its own schema, for the limits; with one, drf-spectacular reads the description from it.
@extend_schema_field({"type": "integer", "minimum": 0, "maximum": MAX_AGE, "description": AGE_HELP})
class AgeFilter(django_filters.NumberFilter):
    """A reader's age in whole years."""

    field_class = forms.IntegerField


class CoordinatesField(forms.CharField):
    """A point as `latitude,longitude` in decimal degrees: `45.4642,9.19`."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        parts = value.split(",")
        try:
            latitude, longitude = (float(part) for part in parts)
        except ValueError:
            raise ValidationError(
                _(
                    "Give a latitude and a longitude in decimal degrees, separated by a comma, "
                    "such as 45.4642,9.19."
                ),
                code="invalid",
            ) from None
        if not math.isfinite(latitude) or not -90 <= latitude <= 90:
            raise ValidationError(
                _("The latitude must be between -90 and 90 degrees."), code="invalid"
            )
        if not math.isfinite(longitude) or not -180 <= longitude <= 180:
            raise ValidationError(
                _("The longitude must be between -180 and 180 degrees."), code="invalid"
            )
        return latitude, longitude


NEAR_PARAMETERS = ("near", "near_city", "within_km")
NEAR_HELP = (
    "Trials with a site within `within_km` of this point, given as `latitude,longitude` in "
    "decimal degrees (WGS 84), such as `45.4642,9.19`; the nearest first, each with its "
    "`distance_km` and `nearest_site`. Trials whose sites have no coordinates are left out."
)
NEAR_CITY_HELP = (
    "Without `near`: as `near`, from a town or city of more than 15,000 people named in any "
    "language "
    "(`Munich`, `München`, `Monaco di Baviera`); add a country, or a US state, to choose among "
    "places of the same name (`Paris, France`, `Springfield, MO`). Else the most populous. "
    "A name the gazetteer does not know is not found (404)."
)
WITHIN_HELP = (
    f"With `near` or `near_city`: the distance in kilometres, more than 0 and at most "
    f"{MAX_DISTANCE_KM} (default {DEFAULT_DISTANCE_KM}); without them, it is ignored."
)


# The pattern holds the ranges too: whatever matches it is a point.
LATITUDE_PATTERN = r"-?(90(\.0+)?|[1-8]?[0-9](\.[0-9]+)?)"
LONGITUDE_PATTERN = r"-?(180(\.0+)?|(1[0-7][0-9]|[1-9]?[0-9])(\.[0-9]+)?)"


@extend_schema_field(
    {
        "type": "string",
        "pattern": f"^{LATITUDE_PATTERN},{LONGITUDE_PATTERN}$",
        "description": NEAR_HELP,
    }
)
class CoordinatesFilter(django_filters.CharFilter):
    field_class = CoordinatesField


@extend_schema_field(
    {
        "type": "number",
        "minimum": 0,
        "exclusiveMinimum": True,  # OpenAPI 3.0: a flag on `minimum`
        "maximum": MAX_DISTANCE_KM,
        "default": DEFAULT_DISTANCE_KM,
        "description": WITHIN_HELP,
    }
)
class DistanceFilter(django_filters.NumberFilter):
    field_class = forms.FloatField


def more_than_zero(value):
    if not value > 0:
        raise ValidationError(_("Give a distance of more than 0 km."), code="min_value")


class NearForm(forms.Form):
    """The place of `near` (else of `near_city`) as (latitude, longitude) in
    `cleaned_data["place"]`. A town the gazetteer does not know is not found (404)."""

    def clean(self):
        data = super().clean()
        data["place"] = None
        point, city = data.get("near"), " ".join((data.get("near_city") or "").split())
        if point:
            data["place"] = point
        elif city:
            found = find_place(city)
            if found is None:
                raise NotFound(_("No town or city called “%(name)s” was found.") % {"name": city})
            data["place"] = (found.place.latitude, found.place.longitude)
        return data


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
            if name != "q" and name in self.filters:
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
    near = CoordinatesFilter(method="filter_near", help_text=NEAR_HELP)
    near_city = django_filters.CharFilter(
        method="filter_near", max_length=200, help_text=NEAR_CITY_HELP
    )
    within_km = DistanceFilter(
        method="filter_near",
        max_value=MAX_DISTANCE_KM,
        validators=[more_than_zero],
        help_text=WITHIN_HELP,
    )

    has_results = django_filters.BooleanFilter(
        method="filter_results",
        help_text="`true`: trials whose records have posted results; `false`: the others.",
    )

    class Meta:
        model = Trial
        form = NearForm
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
            "near",
            "near_city",
            "within_km",
        ]

    def filter_queryset(self, queryset):
        """Near a place, every filter and the words (unranked) first, then the nearest of the
        trials they leave, the nearest first."""
        data = self.form.cleaned_data
        if data.get("place") is None:
            return super().filter_queryset(queryset)
        for name, value in data.items():
            if name in self.filters and name not in ("q", *NEAR_PARAMETERS):
                queryset = self.filters[name].filter(queryset, value)
        if data.get("q") and data["q"].strip():
            queryset = queryset.search(data["q"], get_language(), ranked=False)
        # The nearest `NEAR_CANDIDATES`, as on the search page: the list counts them
        # (`pagination.CappedCountPaginator`) and reads a page's trials only.
        return queryset.nearest(*data["place"], data.get("within_km") or DEFAULT_DISTANCE_KM)

    def filter_near(self, queryset, name, value):
        return queryset  # all of `filter_queryset`, which needs the three parameters at once

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


class ChangeFilter(django_filters.FilterSet):
    updated_since = GivenDateFilter(
        method="filter_updated_since",
        help_text="Changes noted on or after this date (YYYY-MM-DD).",
    )
    intervention = django_filters.CharFilter(
        method="filter_trials", help_text="Slug of an intervention."
    )
    condition = django_filters.CharFilter(method="filter_trials", help_text="Slug of a condition.")
    country = django_filters.ChoiceFilter(
        choices=list(countries), method="filter_trials", help_text="ISO 3166 alpha-2 code."
    )

    class Meta:
        model = TrialChange
        fields = ["updated_since", "intervention", "condition", "country"]

    def filter_updated_since(self, queryset, name, value):
        # From the start of that day where the site is: a range on the indexed column.
        start = timezone.make_aware(datetime.combine(value, time.min))
        return queryset.filter(changed_at__gte=start)

    def filter_trials(self, queryset, name, value):
        if name == "intervention":
            trials = Trial.objects.filter(
                Exists(
                    TrialIntervention.objects.filter(trial=OuterRef("pk"), intervention__slug=value)
                )
            )
        else:
            trials = Trial.objects.matching(**{name: value})
        return queryset.of_trials(trials)
