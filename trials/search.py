"""Finding interventions, conditions, trials and glossary terms by words in the page's language.

On PostgreSQL a query is matched with full-text search, through an accent-free copy of each
language's text search configuration. Every table has one GIN index per language: the English
one over the English text and the untranslated fields, each other language's over that
language's own translations only. A search in Italian matches the Italian text with Italian
stemming, or, where a field has no Italian translation, its English text with English stemming:
the Italian index and the English one each find their candidates, and the English ones are kept
only if the query matches the English text of their untranslated fields. So that an import of
untranslated records computes one text vector per row, not one per language.

Elsewhere (SQLite, in development and tests) the same interface matches word prefixes of
accent- and case-folded text, each field in the page's language or else in English, with a crude
stemmer.
"""

import re
from dataclasses import dataclass

from django.db import connections
from django.db.models import BooleanField, Exists, FloatField, OuterRef
from django.db.models.expressions import RawSQL
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from config.languages import DEFAULT_LANGUAGE
from editorial.models import PublishableQuerySet

from .folding import fold

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
    return [stem(word, language) for word in query_words(query)]


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


def _own_text_sql(table, language, qualified):
    """What the language's index is built on: the English text and the plain fields, or the
    translations in another language."""
    if language == DEFAULT_LANGUAGE:
        return document_sql(table, language, qualified)
    translated, _plain = SEARCHED_FIELDS[table]
    prefix = f'"{table}".' if qualified else ""
    return " || ' ' || ".join(f"coalesce({prefix}{name}_{language}, '')" for name in translated)


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


def match_sql(table, language, text):
    """(condition, its params, rank, its params) of a search for `text` in `language`, as the
    module's docstring describes it."""
    own_vector = vector_sql(table, language, qualified=True)
    own = f"{own_vector} @@ {tsquery_sql(language)}"
    own_rank = f"ts_rank({own_vector}, {tsquery_sql(language)})"
    if language == DEFAULT_LANGUAGE:
        return own, [text], own_rank, [text]
    english = tsquery_sql(DEFAULT_LANGUAGE)
    untranslated_text = _untranslated_english_sql(table, language)
    untranslated = (
        f"to_tsvector('{search_config(DEFAULT_LANGUAGE)}'::regconfig, {untranslated_text})"
    )
    english_vector = vector_sql(table, DEFAULT_LANGUAGE, qualified=True)
    condition = f"({own} OR ({english_vector} @@ {english} AND {untranslated} @@ {english}))"
    rank = f"({own_rank} + ts_rank({untranslated}, {english}))"
    return condition, [text] * 3, rank, [text] * 2


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


class SearchableQuerySet(PublishableQuerySet):
    """A QuerySet whose rows can be found by words (see `SEARCHED_FIELDS`)."""

    def search(self, query, language, allow_empty=False):
        """The rows with every word of the query; none for a query without words, unless
        `allow_empty` (then all rows: a trial search by filters only)."""
        words = query_words(query)
        if not words:
            return self if allow_empty else self.none()
        table = self.model._meta.db_table
        if connections[self.db].vendor == "postgresql":
            condition, params, rank, rank_params = match_sql(table, language, " ".join(words))
            return (
                self.filter(RawSQL(condition, params, output_field=BooleanField()))
                .annotate(search_rank=RawSQL(rank, rank_params, output_field=FloatField()))
                .order_by("-search_rank", *self.model._meta.ordering)
            )
        document = f"search_fold({document_sql(table, language, qualified=True)})"
        found = self
        for word in words:
            found = found.filter(
                RawSQL(
                    f"{document} LIKE %s",
                    [f"% {stem(word, language)}%"],
                    output_field=BooleanField(),
                )
            )
        return found


class TrialSearchQuerySet(SearchableQuerySet):
    def matching(self, phase=None, status=None, country=None, condition=None):
        """The trials with this phase, status, country (a site or a decision) and condition."""
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
            trials = trials.filter(
                Exists(site.objects.filter(trial=OuterRef("pk"), country=country))
                | Exists(decision.objects.filter(trial=OuterRef("pk"), country=country))
            )
        if condition:
            trials = trials.filter(
                Exists(
                    self.model.conditions.through.objects.filter(
                        trial=OuterRef("pk"), condition__slug=condition
                    )
                )
            )
        return trials


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
    for match in _WORD.finditer(text):
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
