"""Which characters a stored text may hold: the one rule for every input (imports, forms).

Control characters (NUL and the other C0 and C1 codes, DEL; tab and line breaks are text) are
refused: PostgreSQL cannot store NUL, and none of them is meant to be read. Bidirectional
controls (embeddings, overrides, isolates, marks) are removed: every page, feed and API answer
is in one left-to-right language, and an override would reverse the text that follows it.
Right-to-left letters themselves are kept; only the invisible controls go.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BIDI_CONTROLS = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
UNWANTED = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
# The same characters as orjson writes them in a JSON document (controls escaped as \u00XX,
# \b, \f; the others as UTF-8): one search of a record's serialised form says whether any of
# its texts needs a look. A backslash before "b" or "f" in a text matches too, harmlessly.
UNWANTED_IN_JSON = re.compile(
    rb"\\u00[01][0-9a-f]|\\[bf]|\x7f|\xc2[\x80-\x9f]|\xd8\x9c"
    rb"|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)


def code_points(text: str, characters=UNWANTED) -> str:
    """The unwanted characters of a text, named as a person can look them up ("U+0000")."""
    found = dict.fromkeys(f"U+{ord(char):04X}" for char in characters.findall(text))
    return ", ".join(found)


def without_unwanted(text: str) -> str:
    return UNWANTED.sub("", text)


def _checked(value):
    """The value with bidirectional controls removed; ValidationError for control characters.
    Lists and objects (names, JSON fields) are checked item by item."""
    if isinstance(value, str):
        if CONTROL_CHARACTERS.search(value):
            raise ValidationError(
                _("Remove the control characters (%(characters)s) from this text."),
                code="control_characters",
                params={"characters": code_points(value, CONTROL_CHARACTERS)},
            )
        return BIDI_CONTROLS.sub("", value)
    if isinstance(value, list):
        return [_checked(item) for item in value]
    if isinstance(value, dict):
        return {key: _checked(item) for key, item in value.items()}
    return value


class CheckedTextModel:
    """A model whose texts, lists and JSON fields follow the rule above when a form (the
    admin's included) validates it: each field with a control character gets an error."""

    def clean_fields(self, exclude=None):
        errors = {}
        for field in self._meta.concrete_fields:
            if exclude and field.name in exclude:
                continue
            value = getattr(self, field.attname, None)
            if not isinstance(value, str | list | dict):
                continue
            try:
                checked = _checked(value)
            except ValidationError as error:
                errors[field.name] = [error]
                continue
            if checked != value:
                setattr(self, field.attname, checked)
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            for name, messages in error.update_error_dict({}).items():
                errors.setdefault(name, messages)
        if errors:
            raise ValidationError(errors)
