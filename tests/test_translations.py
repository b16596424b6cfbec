"""Every interface string is in the catalogues and translated, in every language: a page is
wholly in one language, so a string nobody translated would show English on it."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from config.languages import TRANSLATION_LANGUAGES

ROOT = Path(__file__).parents[1]
CODE = ("alerts", "config", "editorial", "glossary", "results", "sync", "trials")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
}


def catalogue(language):
    with (ROOT / "locale" / language / "LC_MESSAGES" / "django.po").open("rb") as po:
        return read_po(po, locale=language)


def code_messages():
    found = set()
    for app in CODE:
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / app,
            method_map=[("**/migrations/**.py", "ignore"), ("**.py", "python")],
            keywords=KEYWORDS,
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("language", TRANSLATION_LANGUAGES)
def test_every_string_is_translated(language):
    untranslated = [
        message.id
        for message in catalogue(language)
        if message.id
        and (
            message.fuzzy
            or not message.string
            or (isinstance(message.string, tuple) and not all(message.string))
        )
    ]
    assert untranslated == []


@pytest.mark.parametrize("language", TRANSLATION_LANGUAGES)
def test_every_string_of_the_code_is_in_the_catalogue(language):
    ids = {
        message.id[0] if isinstance(message.id, tuple) else message.id
        for message in catalogue(language)
    }
    assert sorted(code_messages() - ids) == []
