"""Countries found by their names: as a registry writes them in a record, and as a reader types
them in a search. The one lookup the importers and the place search use; a country's name for
display is `labels.country_name`."""

import functools

from django.utils import translation
from django_countries import countries

from .folding import normalised_name

# Names registries use that django_countries does not recognise (ISO 3166 formal names and older
# names). Countries that no longer exist (Serbia and Montenegro, Netherlands Antilles) are absent.
COUNTRY_ALIASES = {
    "Korea, Republic of": "KR",
    "Korea, Democratic People's Republic of": "KP",
    "Iran, Islamic Republic of": "IR",
    "United States": "US",
    "Macedonia, The Former Yugoslav Republic of": "MK",
    "Congo, The Democratic Republic of the": "CD",
    "Congo, Republic of the": "CG",
    "Moldova, Republic of": "MD",
    "Libyan Arab Jamahiriya": "LY",
    "Palestinian Territory, occupied": "PS",
    "Palestinian Territories, Occupied": "PS",
    "Micronesia, Federated States of": "FM",
    "Holy See (Vatican City State)": "VA",
    "Cape Verde": "CV",
    "Macau": "MO",
    "Ivory Coast": "CI",
    "East Timor": "TL",
    "Burma": "MM",
    "Taiwan, Province of China": "TW",
    "Tanzania, United Republic of": "TZ",
    "Venezuela, Bolivarian Republic of": "VE",
    "Bolivia, Plurinational State of": "BO",
    "Saint Martin": "MF",
    "Netherlands, The": "NL",
}


@functools.cache
def _english_names() -> dict[str, str]:
    with translation.override("en"):
        names = {normalised_name(str(name)): code for code, name in countries}
    names.update({normalised_name(name): code for name, code in COUNTRY_ALIASES.items()})
    return names


# Cached: django_countries looks a name up by translating every country name.
@functools.lru_cache(maxsize=4096)
def country_code(name: str) -> str:
    """The ISO 3166-1 alpha-2 code of a country as a registry writes it (its English name, a
    formal or older name, or the code itself: "Spain", "Korea, Republic of", "ES"), or "" if
    it is none we know."""
    name = name.strip()
    if not name:
        return ""
    if len(name) == 2 and name.isupper():
        return name if countries.name(name) else ""
    code = countries.by_name(name) or _english_names().get(normalised_name(name), "")
    return code if code and countries.name(code) else ""


def countries_named(words: str) -> set[str]:
    """The codes of the countries a reader's words name: a code (two or three letters), or a
    name or its first words (“United States”), in English or in the language of the page."""
    folded = normalised_name(words)
    if not folded:
        return set()
    codes = {
        code
        for code, _name in countries
        if folded in (code.lower(), (countries.alpha3(code) or "").lower())
    }
    for language in {translation.get_language() or "en", "en"}:
        with translation.override(language):
            for code, name in countries:
                name = normalised_name(str(name))
                if name == folded or name.startswith(folded + " "):
                    codes.add(code)
    return codes
