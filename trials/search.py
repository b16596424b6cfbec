"""Finding interventions, conditions, trials and glossary terms by words in the page's language.

On PostgreSQL a query is matched with full-text search, through an accent-free copy of each
language's text search configuration. Every table keeps one text vector per language in its
rows (`search_en`, `search_it`...), computed by a trigger whenever a searched field is written
(COPY included) and indexed with GIN: the English one over the English text and the plain
fields, each other language's over that language's own translations only, so that an import of
untranslated records computes one text vector per row, not one per language. A search in
Italian matches the Italian vector with Italian stemming, or, for the fields that have no
Italian translation, the English one with English stemming. The best matches are ranked among
a bounded set of candidates, and counts stop at a cap: a word in half the registry costs what
a rare one does.

A reader's lay words also match the medical words of the same concept, in the reader's
language and in English (`synonyms.py`): "heart attack" finds "myocardial infarction".

Elsewhere (SQLite, in development and tests) the same interface matches word prefixes of
accent- and case-folded text, each field in the page's language or else in English, with a crude
stemmer.
"""

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connections
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Index,
    Manager,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import CombinedExpression, RawSQL
from django.db.models.functions import ASin, Coalesce, Cos, Least, Power, Radians, Sin, Sqrt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from config.languages import DEFAULT_LANGUAGE
from editorial.models import PublishableQuerySet

from .folding import fold
from .synonyms import query_forms

# PostgreSQL's own configurations; ours are unaccented copies named `search_<config>`.
POSTGRES_CONFIGS = {
    "en": "english",
    "it": "italian",
    "fr": "french",
    "de": "german",
    "es": "spanish",
}

# A query longer than this is cut: nobody types more, and it bounds the work of a request.
MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
# Matches ranked per search, and where counts stop: past the matches a reader can browse, a
# count is "1,000+" (counting up to ten times more took ten times longer).
SEARCH_CANDIDATES = 1000
COUNT_CAP = SEARCH_CANDIDATES

# What is searched in each table: translated fields (in the page's language, else English)
# and plain fields. The GIN indexes of the migrations are built from this too.
SEARCHED_FIELDS = {
    "trials_trial": (
        ("public_title", "official_title", "brief_summary"),
        ("acronym", "primary_identifier"),
    ),
    "trials_intervention": (("name", "description"), ()),
    "trials_condition": (("name", "explanation"), ()),
    "glossary_term": (("term", "aliases", "definition"), ()),
}

_WORD = re.compile(r"[^\W_]+")

# Endings stripped from query words on databases without a stemmer, longest first. Matching is
# by word prefix, so the stem of “fractures” (“fractur”) finds “fracture” and “fractured”.
_ENDINGS = {
    "en": ("ies", "es", "ed", "ing", "s"),
    "it": ("i", "e", "a", "o"),
    "fr": ("es", "s", "x", "e"),
    "de": ("en", "er", "es", "e", "n", "s"),
    "es": ("es", "s", "a", "o"),
}
_MIN_STEM = 3


def search_config(language):
    return f"search_{POSTGRES_CONFIGS.get(language, POSTGRES_CONFIGS[DEFAULT_LANGUAGE])}"


def folded_words(text):
    """The folded words of a text, for matching by prefix: registered as an SQLite function."""
    return " " + " ".join(_WORD.findall(fold(text)))


def stem(word, language):
    for ending in _ENDINGS.get(language, ()):
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def query_words(query):
    """The distinct folded words of a reader's query (none for punctuation or an empty box)."""
    words = []
    for word in _WORD.findall(fold((query or "")[:MAX_QUERY_LENGTH])):
        if len(word) > 1 and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def query_stems(query, language):
    """The stems to mark in results: the query's words and those of its synonyms."""
    stems = []
    for form in query_forms(query_words(query), language):
        for word in form:
            if stem(word, language) not in stems:
                stems.append(stem(word, language))
    return stems


def document_sql(table, language, qualified=False):
    """The searched text of a row in `language`: each translated field, else its English."""
    translated, plain = SEARCHED_FIELDS[table]
    prefix = f'"{table}".' if qualified else ""
    parts = []
    for name in translated:
        if language == DEFAULT_LANGUAGE:
            parts.append(f"coalesce({prefix}{name}_{language}, '')")
        else:
            parts.append(
                f"coalesce(nullif({prefix}{name}_{language}, ''), "
                f"{prefix}{name}_{DEFAULT_LANGUAGE}, '')"
            )
    parts.extend(f"coalesce({prefix}{name}, '')" for name in plain)
    return " || ' ' || ".join(parts)


def _own_text_sql(table, language, qualified=False, prefix=None):
    """What the language's vector is built on: the English text and the plain fields, or the
    translations in another language. `prefix` names the row (the trigger's `NEW.`)."""
    if prefix is None:
        prefix = f'"{table}".' if qualified else ""
    translated, plain = SEARCHED_FIELDS[table]
    if language == DEFAULT_LANGUAGE:
        parts = [f"coalesce({prefix}{name}_{language}, '')" for name in translated]
        parts.extend(f"coalesce({prefix}{name}, '')" for name in plain)
    else:
        parts = [f"coalesce({prefix}{name}_{language}, '')" for name in translated]
    return " || ' ' || ".join(parts)


def _untranslated_english_sql(table, language):
    """The English text of the fields that have no translation in `language`, and the plain
    fields: what a reader of that language is shown in English."""
    translated, plain = SEARCHED_FIELDS[table]
    prefix = f'"{table}".'
    parts = [
        f"CASE WHEN coalesce({prefix}{name}_{language}, '') = '' "
        f"THEN coalesce({prefix}{name}_{DEFAULT_LANGUAGE}, '') ELSE '' END"
        for name in translated
    ]
    parts.extend(f"coalesce({prefix}{name}, '')" for name in plain)
    return " || ' ' || ".join(parts)


def vector_sql(table, language, qualified=False):
    """The text vector that the language's GIN index is built on."""
    text = _own_text_sql(table, language, qualified)
    return f"to_tsvector('{search_config(language)}'::regconfig, {text})"


def tsquery_sql(language):
    return f"plainto_tsquery('{search_config(language)}'::regconfig, %s)"


def vector_column(language):
    """The column of the row's stored text vector in `language`."""
    return f"search_{language}"


def _query(texts, language):
    """Rows with every word of any of the texts."""
    queries = [
        SearchQuery(text, config=search_config(language), search_type="plain") for text in texts
    ]
    combined = queries[0]
    for query in queries[1:]:
        combined |= query
    return combined


def _untranslated_vector(table, language):
    """The English vector of the fields that have no translation in `language`: the stored
    English vector itself when the row has no translation at all (the usual case), else one
    made of the untranslated fields' English text."""
    translated, plain = SEARCHED_FIELDS[table]
    untranslated = Q()
    for name in translated:
        untranslated &= Q(**{f"{name}_{language}": ""}) | Q(**{f"{name}_{language}__isnull": True})
    made = SearchVector(
        *(
            Case(
                When(
                    Q(**{f"{name}_{language}": ""}) | Q(**{f"{name}_{language}__isnull": True}),
                    then=Coalesce(
                        f"{name}_{DEFAULT_LANGUAGE}", Value(""), output_field=TextField()
                    ),
                ),
                default=Value(""),
                output_field=TextField(),
            )
            for name in translated
        ),
        *(Coalesce(name, Value(""), output_field=TextField()) for name in plain),
        config=search_config(DEFAULT_LANGUAGE),
    )
    return Case(
        When(untranslated, then=F(vector_column(DEFAULT_LANGUAGE))),
        default=made,
        output_field=SearchVectorField(),
    )


def match(table, language, texts):
    """(condition, rank) of a search for any of `texts` in `language`, as the module's
    docstring describes it: the stored vectors, through their GIN indexes."""
    own = _query(texts, language)
    condition = Q(**{vector_column(language): own})
    rank = SearchRank(F(vector_column(language)), own)
    if language == DEFAULT_LANGUAGE:
        return condition, rank
    english = _query(texts, DEFAULT_LANGUAGE)
    untranslated = _untranslated_vector(table, language)
    fallback = Q(**{vector_column(DEFAULT_LANGUAGE): english}) & Q(
        ExpressionWrapper(
            CombinedExpression(untranslated, "@@", english), output_field=BooleanField()
        )
    )
    return condition | fallback, rank + SearchRank(untranslated, english)


def trigger_sql(table):
    """A trigger that keeps the row's vectors in step with its searched fields."""
    translated, plain = SEARCHED_FIELDS[table]
    assignments = "\n".join(
        f"  NEW.{vector_column(language)} := to_tsvector('{search_config(language)}'::regconfig, "
        f"{_own_text_sql(table, language, prefix='NEW.')});"
        for language in POSTGRES_CONFIGS
    )
    columns = ", ".join(
        [f"{name}_{language}" for name in translated for language in POSTGRES_CONFIGS] + list(plain)
    )
    return (
        f"CREATE OR REPLACE FUNCTION {table}_search_vectors() RETURNS trigger AS $$\n"
        f"BEGIN\n{assignments}\n  RETURN NEW;\nEND\n$$ LANGUAGE plpgsql;\n"
        f"DROP TRIGGER IF EXISTS {table}_search_vectors ON {table};\n"
        f"CREATE TRIGGER {table}_search_vectors BEFORE INSERT OR UPDATE OF {columns} "
        f"ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_search_vectors();"
    )


def drop_trigger_sql(table):
    return (
        f"DROP TRIGGER IF EXISTS {table}_search_vectors ON {table};"
        f"DROP FUNCTION IF EXISTS {table}_search_vectors();"
    )


def fill_vectors_sql(table):
    """Compute the vectors of the rows written before the trigger existed."""
    return f"UPDATE {table} SET " + ", ".join(
        f"{vector_column(language)} = to_tsvector('{search_config(language)}'::regconfig, "
        f"{_own_text_sql(table, language)})"
        for language in POSTGRES_CONFIGS
    )


class SearchVectorIndex(GinIndex):
    """A GIN index of a stored text vector; on other databases, where the vectors stay empty
    and search does not read them, a plain index that costs nothing."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return Index.create_sql(self, model, schema_editor, using=using, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)


def search_vector_fields():
    """The stored vectors of a searchable model, one per language (see the module)."""
    return {
        vector_column(language): SearchVectorField(null=True, editable=False)
        for language in POSTGRES_CONFIGS
    }


def search_indexes(prefix):
    return [
        SearchVectorIndex(fields=[vector_column(language)], name=f"{prefix}_search_{language}")
        for language in POSTGRES_CONFIGS
    ]


def index_name(table, language):
    return f"{table}_search_{language}"


def create_index_sql(table, language):
    return (
        f"CREATE INDEX IF NOT EXISTS {index_name(table, language)} ON {table} "
        f"USING gin (({vector_sql(table, language)}))"
    )


def drop_index_sql(table, language):
    return f"DROP INDEX IF EXISTS {index_name(table, language)}"


def rebuild_translation_indexes(schema_editor, tables):
    """Build again the indexes of every language but English, as `vector_sql` defines them."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in tables:
        for language in POSTGRES_CONFIGS:
            if language != DEFAULT_LANGUAGE:
                schema_editor.execute(drop_index_sql(table, language))
                schema_editor.execute(create_index_sql(table, language))


def create_configs_sql():
    """Accent-free copies of PostgreSQL's configurations (needs the unaccent extension)."""
    statements = []
    for config in POSTGRES_CONFIGS.values():
        statements.append(
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS search_{config};"
            f"CREATE TEXT SEARCH CONFIGURATION search_{config} (COPY = pg_catalog.{config});"
            f"ALTER TEXT SEARCH CONFIGURATION search_{config} ALTER MAPPING FOR "
            f"hword, hword_part, word WITH unaccent, {config}_stem;"
        )
    return "".join(statements)


def drop_configs_sql():
    return "".join(
        f"DROP TEXT SEARCH CONFIGURATION IF EXISTS search_{config};"
        for config in POSTGRES_CONFIGS.values()
    )


class VectorDeferringManager(Manager):
    """Rows without their text vectors: only the database reads them, and they are large."""

    def get_queryset(self):
        return super().get_queryset().defer(*map(vector_column, POSTGRES_CONFIGS))


class SearchableQuerySet(PublishableQuerySet):
    """A QuerySet whose rows can be found by words (see `SEARCHED_FIELDS`). Apply the other
    filters first: the ranked candidates are drawn from the rows they leave."""

    @classmethod
    def as_manager(cls):
        manager = VectorDeferringManager.from_queryset(cls)()
        manager._built_with_as_manager = True
        return manager

    def search(self, query, language, allow_empty=False, ranked=True):
        """The rows with every word of the query, the best first: on PostgreSQL, at most
        `SEARCH_CANDIDATES` of them are ranked. None for a query without words, unless
        `allow_empty` (then all rows: a trial search by filters only). Not `ranked`: every
        row that matches, in the order the QuerySet had (trials near a place, the nearest
        first)."""
        words = query_words(query)
        if not words:
            return self if allow_empty else self.none()
        matches, rank = self._matching(words, language)
        if rank is None or not ranked:
            return matches
        candidates = matches.order_by().values("pk")[:SEARCH_CANDIDATES]
        return (
            self.filter(pk__in=candidates)
            .annotate(search_rank=rank)
            .order_by("-search_rank", *self.model._meta.ordering)
        )

    def search_count(self, query, language, allow_empty=False):
        """How many rows the search finds, counted up to `COUNT_CAP` (then `COUNT_CAP + 1`)."""
        words = query_words(query)
        if not words:
            found = self if allow_empty else self.none()
        else:
            found, _rank = self._matching(words, language)
        return found.order_by().values("pk")[: COUNT_CAP + 1].count()

    def _matching(self, words, language):
        """(the rows that match, their rank or None where the database does not rank)."""
        table = self.model._meta.db_table
        forms = query_forms(words, language)
        if connections[self.db].vendor == "postgresql":
            condition, rank = match(table, language, [" ".join(form) for form in forms])
            return self.filter(condition), rank
        document = f"search_fold({document_sql(table, language, qualified=True)})"
        condition = Q()
        for form in forms:
            every_word = Q()
            for word in form:
                every_word &= Q(
                    RawSQL(
                        f"{document} LIKE %s",
                        [f"% {stem(word, language)}%"],
                        output_field=BooleanField(),
                    )
                )
            condition |= every_word
        return self.filter(condition), None


EARTH_RADIUS_KM = 6371.0088
MAX_DISTANCE_KM = 1000
# Trials listed near a place, the nearest first: one more than a count shows ("1,000+").
NEAR_CANDIDATES = COUNT_CAP + 1


def coordinate_box(latitude, longitude, within_km):
    """The ranges of latitudes and of longitudes (one or two: split at the antimeridian) of
    the points that may be within `within_km` of a point: what an index can narrow down."""
    angle = within_km / EARTH_RADIUS_KM
    south, north = latitude - math.degrees(angle), latitude + math.degrees(angle)
    if south <= -90 or north >= 90:
        # A pole is within reach: every longitude is.
        return (max(south, -90.0), min(north, 90.0)), [(-180.0, 180.0)]
    spread = math.degrees(math.asin(math.sin(angle) / math.cos(math.radians(latitude))))
    west, east = longitude - spread, longitude + spread
    if west < -180:
        return (south, north), [(west + 360, 180.0), (-180.0, east)]
    if east > 180:
        return (south, north), [(west, 180.0), (-180.0, east - 360)]
    return (south, north), [(west, east)]


def great_circle_km(latitude, longitude, latitude_field="latitude", longitude_field="longitude"):
    """The haversine distance in kilometres from a point to the row's coordinates, in SQL."""
    here, there = Value(math.radians(latitude)), Radians(latitude_field)
    half_dlat = (there - here) / 2
    half_dlon = (Radians(longitude_field) - Value(math.radians(longitude))) / 2
    # Rounding can take the haversine a hair over 1, where ASIN fails.
    haversine = Least(
        Power(Sin(half_dlat), 2)
        + Value(math.cos(math.radians(latitude))) * Cos(there) * Power(Sin(half_dlon), 2),
        Value(1.0),
        output_field=FloatField(),
    )
    return 2 * EARTH_RADIUS_KM * ASin(Sqrt(haversine))


def sites_within(site, latitude, longitude, within_km):
    """The sites within `within_km` of the point, with their `distance_km`: first the box of
    `coordinate_box` on the coordinates' index, then the exact great-circle distance."""
    (south, north), longitudes = coordinate_box(latitude, longitude, within_km)
    in_longitudes = Q()
    for west, east in longitudes:
        in_longitudes |= Q(longitude__gte=west, longitude__lte=east)
    return (
        site.objects.filter(Q(latitude__gte=south, latitude__lte=north) & in_longitudes)
        .annotate(distance_km=great_circle_km(latitude, longitude))
        .filter(distance_km__lte=within_km)
    )


def in_country(site, decision, trial, country):
    """The trial (an OuterRef) has a site in the country, or a CTIS decision for it."""
    return Exists(site.objects.filter(trial=trial, country=country)) | Exists(
        decision.objects.filter(trial=trial, country=country)
    )


def posted_results(trial, model, has_results=True):
    """The trial (an OuterRef) has posted results, or has not."""
    posted = Exists(model.results.related.related_model.objects.filter(trial=trial))
    return posted if has_results else ~posted


class TrialSearchQuerySet(SearchableQuerySet):
    def matching(
        self,
        phase=None,
        status=None,
        country=None,
        condition=None,
        age=None,
        sex=None,
        healthy_volunteers=None,
        has_results=None,
    ):
        """The trials with this phase, status, country (a site or a decision) and condition,
        with (or without) posted results, and those whose record admits someone of this age
        (in years), sex, or a healthy volunteer. An age limit the record does not give
        excludes no one; the trial's own criteria and its study team decide the rest."""
        # The related models, read off this one: the models module imports this one.
        site, decision = (
            self.model.sites.rel.related_model,
            self.model.countries.rel.related_model,
        )
        trials = self
        if phase:
            trials = trials.filter(phase=phase)
        if status:
            trials = trials.filter(status=status)
        if country:
            trials = trials.filter(in_country(site, decision, OuterRef("pk"), country))
        if condition:
            trials = trials.filter(
                Exists(
                    self.model.conditions.through.objects.filter(
                        trial=OuterRef("pk"), condition__slug=condition
                    )
                )
            )
        if age is not None:
            trials = trials.filter(
                Q(minimum_age_years__isnull=True) | Q(minimum_age_years__lte=age),
                Q(maximum_age_years__isnull=True) | Q(maximum_age_years__gte=age),
            )
        if sex:
            trials = trials.filter(sex__in=["all", sex])  # trials.models.Sex
        if healthy_volunteers is not None:
            trials = trials.filter(healthy_volunteers=healthy_volunteers)
        if has_results is not None:
            trials = trials.filter(posted_results(OuterRef("pk"), self.model, has_results))
        return trials

    def nearest(self, latitude, longitude, within_km, candidates=NEAR_CANDIDATES):
        """The trials of `near`, as pages read them: a `NearestTrials` sequence, counted
        without a query, whose pages read only their own trials."""
        site = self.model.sites.rel.related_model
        return NearestTrials(
            self, nearest_sites(site, self, latitude, longitude, within_km, candidates)
        )

    def near(self, latitude, longitude, within_km, candidates=NEAR_CANDIDATES):
        """The trials with a site within `within_km` of the point, the nearest first, each
        with the `distance_km` of its nearest site and that site's `nearest_site_id`: at most
        the `candidates` nearest, as a search ranks at most `SEARCH_CANDIDATES`. Trials
        without coordinates are not near anywhere. Apply the other filters (and the words,
        unranked) first: the nearest are drawn from the trials they leave.

        The nearest sites are found at once (`nearest_sites`); the QuerySet returned lists
        their trials, so that counting it and reading its pages cost little."""
        site = self.model.sites.rel.related_model
        nearest = nearest_sites(site, self, latitude, longitude, within_km, candidates)
        if connections[self.db].vendor != "postgresql":
            return (
                self.filter(sites__in=[found.site_id for found in nearest])
                # The site of the filter's join: each trial has one of those sites.
                .annotate(
                    distance_km=great_circle_km(
                        latitude, longitude, "sites__latitude", "sites__longitude"
                    ),
                    nearest_site_id=F("sites__id"),
                )
                .order_by("distance_km", "pk")
            )
        # The trials by their ids, each row once, its distance and site read off the walk's
        # results (a JSON object by trial, which PostgreSQL looks keys up in by halves): no
        # join to the sites, and a count or a page reads only the trials.
        table = self.model._meta.db_table
        walked = json.dumps({trial: [distance, site] for trial, site, distance in nearest})
        of_trial = f'(%s::jsonb -> "{table}"."id"::text)'
        return (
            self.filter(
                RawSQL(
                    f'"{table}"."id" = ANY(%s::bigint[])',
                    # As an array's text: a list would be sent element by element.
                    ["{" + ",".join(str(found.trial_id) for found in nearest) + "}"],
                    BooleanField(),
                )
            )
            .annotate(
                distance_km=RawSQL(f"({of_trial} ->> 0)::float8", [walked], FloatField()),
                nearest_site_id=RawSQL(f"({of_trial} ->> 1)::bigint", [walked], BigIntegerField()),
            )
            .order_by("distance_km", "pk")
        )


class NearestTrials(Sequence):
    """The trials nearest a place (`TrialSearchQuerySet.nearest`), the nearest first, each
    with the `distance_km` of its nearest site and that site's `nearest_site_id`: what a
    Paginator pages. Its length is the number found, and a slice reads those trials only, by
    their ids, from the QuerySet that was searched (its filters, deferred fields, prefetches
    and annotations kept)."""

    def __init__(self, trials, nearest):
        self.trials = trials
        self.found = nearest

    def __len__(self):
        return len(self.found)

    def count(self):
        return len(self.found)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        found = self.found[index]
        rows = self.trials.order_by().in_bulk([near.trial_id for near in found])
        page = []
        for near in found:
            # A trial unpublished since the walk is left out.
            if (trial := rows.get(near.trial_id)) is not None:
                trial.distance_km, trial.nearest_site_id = near.distance_km, near.site_id
                page.append(trial)
        return page


class NearestSite(NamedTuple):
    trial_id: int
    site_id: int
    distance_km: float


def nearest_sites(site, trials, latitude, longitude, within_km, candidates):
    """The nearest site of each of the `candidates` trials (of the QuerySet `trials`) nearest
    to the point, within `within_km`: `NearestSite`s, the nearest first (then by trial).

    On PostgreSQL, sites are walked nearest first on a GiST index of their points on the unit
    sphere (migration 0023; the distance between two of them, a chord, grows with the
    great-circle distance, so the order is exact at any latitude, across the antimeridian and
    at the poles), keeping only sites whose trial passes the filters: the walk stops after
    enough sites for `candidates` trials, however many sites and trials lie within reach (a
    trial's other sites nearby are passed over here, and the walk taken further when they
    leave too few trials). Elsewhere, every site in the box is read and the nearest of each
    trial kept.
    """
    if connections[trials.db].vendor != "postgresql":
        within = sites_within(site, latitude, longitude, within_km)
        # The trials are read on their own: the SQLite search's words name their table.
        passing = set(trials.filter(pk__in=within.values("trial_id")).values_list("pk", flat=True))
        found = {}
        rows = within.order_by("distance_km", "pk").values_list("trial_id", "pk", "distance_km")
        for trial_id, site_id, distance_km in rows:
            if trial_id in passing and trial_id not in found and len(found) < candidates:
                found[trial_id] = NearestSite(trial_id, site_id, distance_km)
        return list(found.values())
    here = UnitSphere(Value(latitude), Value(longitude))
    reach = 2 * math.sin(within_km / EARTH_RADIUS_KM / 2)  # the chord of `within_km`
    placed = Q(latitude__isnull=False, longitude__isnull=False)  # the index's rows
    walk = (
        site.objects.filter(placed)
        .annotate(
            chord=Chord(UnitSphere(F("latitude"), F("longitude")), here),
            # A lookup of the site's trial, one per site walked: as an EXISTS, the planner
            # would read every trial that passes the filters first, to hash them.
            passing=Subquery(trials.order_by().filter(pk=OuterRef("trial_id")).values("pk")[:1]),
        )
        # A site out of reach ends the walk (all that follow are farther): a condition the
        # index could read instead would let the planner sort every site in reach.
        .filter(Q(chord__gt=reach) | Q(passing__isnull=False))
        # By the index's order alone: a second key would sort every site.
        .order_by("chord")
        .values_list("trial_id", "pk", "chord")
    )
    found, read, last, seen_at_last = {}, 0, None, []
    limit = candidates + candidates // 4
    while True:
        rows = walk if last is None else walk.filter(chord__gte=last).exclude(pk__in=seen_at_last)
        rows = list(rows[:limit])
        read += len(rows)
        ended = len(rows) < limit
        for trial_id, site_id, chord in rows:
            if chord > reach:
                ended = True
                break
            # Sites as near as each other come in any order: the first of them by id.
            if trial_id not in found or (chord, site_id) < found[trial_id]:
                found[trial_id] = (chord, site_id)
        if ended or len(found) >= candidates:
            break
        # On from the last site read, for as many sites as the trials still missing need at
        # the rate of sites per trial so far.
        if rows[-1][2] != last:
            seen_at_last = []
        last = rows[-1][2]
        seen_at_last += [site_id for _trial, site_id, chord in rows if chord == last]
        missing = candidates - len(found)
        limit = max(candidates // 4, int(missing * 1.25 * read / max(len(found), 1)))
    nearest = sorted((chord, trial_id, site_id) for trial_id, (chord, site_id) in found.items())
    return [
        NearestSite(trial_id, site_id, 2 * EARTH_RADIUS_KM * math.asin(min(chord / 2, 1.0)))
        for chord, trial_id, site_id in nearest[:candidates]
    ]


class UnitSphere(Func):
    """The point of a latitude and a longitude on the unit sphere, as a PostgreSQL `cube`."""

    output_field = FloatField()  # a cube, which Django does not know; never read as such

    def as_sql(self, compiler, connection, **extra_context):
        (latitude, latitude_params), (longitude, longitude_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        lat, lon = f"radians({latitude})", f"radians({longitude})"
        # The same expression as the index of migration 0023, or the index is not used.
        sql = f"cube(array[cos({lat}) * cos({lon}), cos({lat}) * sin({lon}), sin({lat})])"
        params = (
            *latitude_params,
            *longitude_params,
            *latitude_params,
            *longitude_params,
            *latitude_params,
        )
        return sql, params


class Chord(Func):
    """The straight distance between two cubes (`<->`), which a GiST index orders by."""

    arg_joiner = " <-> "
    template = "(%(expressions)s)"
    output_field = FloatField()


def register_sqlite_functions(sender, connection, **kwargs):
    """`connection_created` receiver: the folding function of the SQLite search."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("search_fold", 1, folded_words, deterministic=True)


# Showing what matched -----------------------------------------------------------------------


def _matches(word, stems):
    folded = fold(word)
    return any(folded.startswith(s) for s in stems)


def highlight(text, stems):
    """The text, escaped, with the words that start with a query stem in <mark>."""
    if not stems:
        return escape(text)
    pieces, last = [], 0
    for match in _WORD.finditer(text):
        if _matches(match.group(), stems):
            pieces.append(escape(text[last : match.start()]))
            pieces.append(format_html("<mark>{}</mark>", match.group()))
            last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(str(piece) for piece in pieces))


def excerpt(text, stems, length=220):
    """A short piece of the text around its first matched word, highlighted."""
    text = " ".join((text or "").split())
    if len(text) <= length:
        return highlight(text, stems)
    start = 0
    for match in _WORD.finditer(text) if stems else ():
        if _matches(match.group(), stems):
            start = max(0, match.start() - length // 3)
            break
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = start + length
    space = text.rfind(" ", start, end)
    end = space if space > start + length // 2 else end
    body = highlight(text[start:end], stems)
    return format_html("{}{}{}", "… " if start else "", body, " …" if end < len(text) else "")


@dataclass(frozen=True)
class Hit:
    """One search result as a page shows it; `lang` is set on text that fell back to English."""

    url: str
    title: str
    title_lang: str | None = None
    excerpt: str = ""
    excerpt_lang: str | None = None
    details: tuple[str, ...] = ()
    nearest_site: str = ""
