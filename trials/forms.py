from django import forms
from django.utils.translation import gettext_lazy as _


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
