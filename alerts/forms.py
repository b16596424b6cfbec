from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from trials.forms import DEFAULT_DISTANCE_KM, NEAR_DISTANCES_KM
from trials.models import Condition, Intervention
from trials.places import MAX_NAME_LENGTH, find_place

from .models import FollowedKind


class FollowedForm(forms.Form):
    """What a reader follows, as the links of the pages name it: a treatment or a condition (by
    its slug), a country (its code), or a town of the gazetteer and a distance."""

    intervention = forms.SlugField(required=False, max_length=200, widget=forms.HiddenInput)
    condition = forms.SlugField(required=False, max_length=200, widget=forms.HiddenInput)
    country = forms.CharField(required=False, max_length=2, widget=forms.HiddenInput)
    near = forms.CharField(required=False, max_length=MAX_NAME_LENGTH, widget=forms.HiddenInput)
    within = forms.TypedChoiceField(
        choices=[(km, km) for km in NEAR_DISTANCES_KM],
        coerce=int,
        required=False,
        empty_value=DEFAULT_DISTANCE_KM,
        widget=forms.HiddenInput,
    )

    def clean(self):
        data = super().clean()
        given = [
            name for name in ("intervention", "condition", "country", "near") if data.get(name)
        ]
        if len(given) != 1:
            raise forms.ValidationError(
                gettext("Choose one treatment, condition, country or town to follow.")
            )
        followed = self._followed(given[0], data[given[0]], data.get("within"))
        if followed is None:
            raise forms.ValidationError(
                gettext("This treatment, condition, country or town was not found.")
            )
        data["followed"] = followed
        return data

    @staticmethod
    def _followed(name, value, within):
        """The subscription's fields for the thing followed, or None if there is none such."""
        if name == "intervention":
            found = Intervention.objects.published().filter(slug=value).first()
            return found and {"kind": FollowedKind.INTERVENTION, "intervention": found}
        if name == "condition":
            found = Condition.objects.published().filter(slug=value).first()
            return found and {"kind": FollowedKind.CONDITION, "condition": found}
        if name == "country":
            code = value.upper()
            return {"kind": FollowedKind.COUNTRY, "country": code} if code in countries else None
        found = find_place(value)
        return found and {
            "kind": FollowedKind.NEAR,
            "place_label": found.label,
            "latitude": found.place.latitude,
            "longitude": found.place.longitude,
            "within_km": within or DEFAULT_DISTANCE_KM,
        }


class SubscribeForm(FollowedForm):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    recruiting_only = forms.BooleanField(
        label=_("Only trials that are looking for participants"), required=False
    )
    # Hidden from people by the stylesheet; a robot that fills every field fills it.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    @property
    def is_robot(self):
        return bool(self.data.get("website", "").strip())
