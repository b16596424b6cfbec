from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .places import MAX_NAME_LENGTH, find_place


class LinesField(forms.CharField):
    """A list of strings edited as one line per item."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class InterventionAdminForm(forms.ModelForm):
    other_names = LinesField(
        label=_("other names and codes"),
        required=False,
        help_text=_("One per line, such as ORTHOALLO-BM-MSC."),
    )


class TrialAdminForm(forms.ModelForm):
    kept_fields = forms.MultipleChoiceField(
        label=_("registry fields kept as corrected"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick a registry field you corrected here: imports will not overwrite it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "kept_fields" not in self.fields:
            return  # read-only for this user (a translator)
        model = self._meta.model
        self.fields["kept_fields"].choices = [
            (name, str(_label(model._meta.get_field(name))).capitalize())
            for name in model.KEEPABLE_FIELDS
        ]


def _label(field):
    """A field's name; for the rows of a relation (a trial's contacts), theirs."""
    if field.is_relation and field.auto_created:
        return field.related_model._meta.verbose_name_plural
    return field.verbose_name


NEAR_DISTANCES_KM = (10, 25, 50, 100, 250)
DEFAULT_DISTANCE_KM = 50


class NearForm(forms.Form):
    """Trials near a place: a city named in any language (`places.find_place`), or the
    coordinates the reader's browser gave (`static/js/near.js`); the name wins when both come.
    A distance or coordinates that are not among the choices are ignored, as the page's other
    filters are; only a name that finds no place is an error."""

    near = forms.CharField(label=_("Near"), required=False, max_length=MAX_NAME_LENGTH)
    within = forms.TypedChoiceField(
        label=_("Within"),
        choices=[(km, km) for km in NEAR_DISTANCES_KM],
        coerce=int,
        required=False,
        empty_value=DEFAULT_DISTANCE_KM,
    )
    latitude = forms.CharField(required=False, widget=forms.HiddenInput)
    longitude = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, **kwargs):
        if data is not None and data.get("within") not in {str(km) for km in NEAR_DISTANCES_KM}:
            data = data.copy()
            data["within"] = str(DEFAULT_DISTANCE_KM)
        super().__init__(data, **kwargs)
        # Labelled here, in the language of the request.
        self.fields["within"].choices = [
            (km, gettext("%(km)s km") % {"km": km}) for km in NEAR_DISTANCES_KM
        ]

    def clean(self):
        data = super().clean()
        data["place"] = data["found"] = None
        name = " ".join((data.get("near") or "").split())
        if name:
            found = find_place(name)
            if found is None:
                self.add_error(
                    "near",
                    gettext(
                        "No town or city called “%(name)s” was found. Try another spelling, "
                        "or a larger place nearby."
                    )
                    % {"name": name},
                )
                return data
            data["found"] = found
            data["place"] = (found.place.latitude, found.place.longitude)
        elif (coordinates := _coordinates(data.get("latitude"), data.get("longitude"))) is not None:
            data["place"] = coordinates
        return data

    @property
    def place(self):
        """(latitude, longitude) of the place, or None (no place, or a wrong one)."""
        return self.cleaned_data.get("place") if self.is_valid() else None


def _coordinates(latitude, longitude):
    try:
        latitude, longitude = float(latitude), float(longitude)
    except (TypeError, ValueError):
        return None
    if -90 <= latitude <= 90 and -180 <= longitude <= 180:
        return latitude, longitude
    return None
