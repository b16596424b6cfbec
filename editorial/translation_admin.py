"""Admin behaviour of translation status and readability.

Every method here calls super(): the other editorial mixins share the same MRO.
"""

import re

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.languages import TRANSLATION_LANGUAGES, language_name

STATUS_FIELD = "translation_status_summary"
# Lay texts that get a readability indicator (inline section texts are matched by the script).
LAY_TEXT_FIELD = re.compile(
    r"^(public_title|brief_summary|description|explanation|definition|text)_(?P<language>[a-z]{2})$"
)


class TranslationStatusFilter(admin.SimpleListFilter):
    """“Missing in Italian”, “Outdated in German”... for every language but English."""

    title = _("Translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        choices = []
        for language in TRANSLATION_LANGUAGES:
            name = language_name(language)
            choices.append(
                (f"missing_{language}", _("Missing in %(language)s") % {"language": name})
            )
            choices.append(
                (f"outdated_{language}", _("Outdated in %(language)s") % {"language": name})
            )
        return choices

    def queryset(self, request, queryset):
        state, _sep, language = (self.value() or "").partition("_")
        if language not in TRANSLATION_LANGUAGES:
            return queryset
        if state == "missing":
            return queryset.missing_in(language)
        if state == "outdated":
            return queryset.outdated_in(language)
        return queryset


def language_states(obj):
    """[(language, state)] with state "missing", "outdated" or "complete", from the columns."""
    states = []
    for language in TRANSLATION_LANGUAGES:
        marker = f",{language},"
        if marker in (obj.missing_translations or ""):
            states.append((language, "missing"))
        elif marker in (obj.outdated_translations or ""):
            states.append((language, "outdated"))
        else:
            states.append((language, "complete"))
    return states


STATE_LABELS = {
    "missing": _("missing"),
    "outdated": _("outdated"),
    "complete": _("up to date"),
}


class TranslationStatusAdminMixin:
    """Translation filter, status column and status block; readability script on lay texts."""

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), TranslationStatusFilter]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "translation_status_column"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and STATUS_FIELD not in readonly:
            readonly.append(STATUS_FIELD)
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": _without_status(options.get("fields", ()))})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if obj is None:
            return fieldsets
        return [
            *fieldsets,
            (
                _("Translation status"),
                {"fields": [STATUS_FIELD], "classes": ["translation-status"]},
            ),
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        match = LAY_TEXT_FIELD.match(db_field.name)
        if formfield is not None and match:
            formfield.widget.attrs.update(
                {
                    "data-readability-language": match["language"],
                    "data-readability-url": reverse("editorial:readability"),
                }
            )
        return formfield

    @property
    def media(self):
        return super().media + forms.Media(
            js=["editorial/readability.js"], css={"all": ["editorial/editorial.css"]}
        )

    @admin.display(description=_("Translations"))
    def translation_status_column(self, obj):
        return format_html(
            '<span class="translation-states">{}</span>',
            format_html_join(
                " ",
                '<span class="translation-state {}" title="{}">{}</span>',
                (
                    (
                        state,
                        f"{language_name(language)}: {STATE_LABELS[state]}",
                        language.upper(),
                    )
                    for language, state in language_states(obj)
                ),
            ),
        )

    @admin.display(description=_("Translation status"))
    def translation_status_summary(self, obj):
        rows = []
        labels = _field_labels(type(obj))
        for language, found in obj.translation_status().items():
            if found["missing"] or found["outdated"]:
                parts = []
                if found["missing"]:
                    parts.append(
                        format_html(
                            "{} {}",
                            gettext("Missing:"),
                            ", ".join(
                                label for name, label in labels.items() if name in found["missing"]
                            ),
                        )
                    )
                if found["outdated"]:
                    parts.append(
                        format_html(
                            "{} {}",
                            gettext("Outdated (the English text changed since):"),
                            ", ".join(
                                label for name, label in labels.items() if name in found["outdated"]
                            ),
                        )
                    )
                detail = format_html_join("; ", "{}", ((part,) for part in parts))
            else:
                detail = gettext("Up to date.")
            rows.append((language_name(language), detail))
        return format_html(
            '<dl class="translation-status-list">{}</dl>',
            format_html_join("\n", "<dt>{}</dt>\n<dd>{}</dd>", rows),
        )


def _without_status(fields):
    return [
        field
        for field in fields
        if field != STATUS_FIELD
        and not (isinstance(field, (list, tuple)) and STATUS_FIELD in field)
    ]


def _field_labels(model):
    """{name: label} of the translated fields, in the order of the model's fields."""
    translated = set(model.translatable_fields())
    return {
        field.name: str(field.verbose_name)
        for field in model._meta.fields
        if field.name in translated
    }
