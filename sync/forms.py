from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trials.identifiers import parse_identifier

FETCHABLE = {"NCT", "EUCT"}


class AddFromRegistryForm(forms.Form):
    identifier = forms.CharField(
        label=_("Trial number"),
        max_length=80,
        help_text=_(
            "A ClinicalTrials.gov number (NCT01234567) or an EU CT number (2025-520841-60-00)."
        ),
    )
    publish = forms.TypedChoiceField(
        label=_("New content"),
        choices=[("0", _("Keep as a draft")), ("1", _("Publish"))],
        coerce=lambda value: value == "1",
        initial="0",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, can_publish=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_publish = can_publish
        if not can_publish:
            self.fields["publish"].choices = [("0", _("Keep as a draft"))]

    def clean_identifier(self):
        identifier = parse_identifier(self.cleaned_data["identifier"])
        if identifier.registry.code not in FETCHABLE:
            raise ValidationError(
                _(
                    "%(value)s is a %(registry)s number: only ClinicalTrials.gov and EU CTIS "
                    "numbers can be fetched."
                ),
                code="not_fetchable",
                params={"value": identifier.value, "registry": identifier.registry.name},
            )
        return identifier.value
