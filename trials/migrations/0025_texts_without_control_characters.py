"""Texts stored before imports and forms refused them lose their control characters (NUL and
the other C0 and C1 codes, DEL) and bidirectional controls, as `trials/characters.py` removes
them at import: every text field, translated columns and lists (JSON) included.

Rows are read in batches of their text columns only, in primary-key order, and only the rows
that change are written, so memory stays bounded whatever the number of trials. The history
is left as it was: it records what was stored. Reversing is a no-op (what was removed is not
meant to be read).
"""

import hashlib
import re

from django.db import migrations

# The rule of trials/characters.py (UNWANTED) when this migration was written.
UNWANTED = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
TEXT_FIELDS = {"CharField", "TextField", "SlugField", "EmailField", "URLField", "JSONField"}
BATCH = 2000
DEFAULT_LANGUAGE = "en"
TRANSLATION_LANGUAGES = ("it", "fr", "de", "es")

MODELS = {
    "trials": [
        "Condition",
        "Intervention",
        "Trial",
        "TrialIdentifier",
        "TrialIntervention",
        "Arm",
        "Outcome",
        "Site",
        "Contact",
        "TrialCountry",
        "SectionText",
        "TrialChange",
    ],
    "glossary": ["Term"],
    "results": ["TrialResults", "ResultGroup", "OutcomeResult", "ResultDocument"],
}


def cleaned(value):
    """The value without unwanted characters: texts, and the texts of lists and objects."""
    if isinstance(value, str):
        return UNWANTED.sub("", value)
    if isinstance(value, list):
        return [cleaned(item) for item in value]
    if isinstance(value, dict):
        return {cleaned(key): cleaned(item) for key, item in value.items()}
    return value


def _source_hash(text):
    # As editorial.models hashes the English text a translation was made from.
    return hashlib.sha1((text or "").encode()).hexdigest()[:12]


def _same_sources(sources, old, new):
    """Translation hashes taken from an English text that only lost unwanted characters are
    taken again, so that no translation turns "outdated" by this clean-up."""
    sources = dict(sources or {})
    for name, old_text in old.items():
        if not name.endswith(f"_{DEFAULT_LANGUAGE}") or name not in new:
            continue
        base = name.removesuffix(f"_{DEFAULT_LANGUAGE}")
        for language in TRANSLATION_LANGUAGES:
            column = f"{base}_{language}"
            if sources.get(column) == _source_hash(old_text):
                sources[column] = _source_hash(new[name])
    return sources


def clean_model(model):
    """Clean one model's texts, batch by batch; the number of rows changed."""
    fields = [
        field.attname
        for field in model._meta.concrete_fields
        if field.get_internal_type() in TEXT_FIELDS and field.attname != "translation_sources"
    ]
    if not fields:
        return 0
    has_sources = any(field.attname == "translation_sources" for field in model._meta.fields)
    changed_rows = 0
    last = None
    while True:
        rows = model._default_manager.order_by("pk")
        if last is not None:
            rows = rows.filter(pk__gt=last)
        batch = list(rows.values_list("pk", *fields)[:BATCH])
        if not batch:
            return changed_rows
        for pk, *values in batch:
            old = dict(zip(fields, values, strict=True))
            new = {name: value for name, value in old.items() if cleaned(value) != value}
            if not new:
                continue
            new = {name: cleaned(value) for name, value in new.items()}
            if has_sources:
                sources = model._default_manager.filter(pk=pk).values_list(
                    "translation_sources", flat=True
                )[0]
                new["translation_sources"] = _same_sources(sources, old, new)
            model._default_manager.filter(pk=pk).update(**new)
            changed_rows += 1
        last = batch[-1][0]


def clean_texts(apps, schema_editor):
    for app_label, names in MODELS.items():
        for name in names:
            clean_model(apps.get_model(app_label, name))


class Migration(migrations.Migration):
    dependencies = [
        ("trials", "0024_trial_changes"),
        ("glossary", "0007_stored_search_vectors"),
        ("results", "0001_initial"),
    ]

    operations = [migrations.RunPython(clean_texts, migrations.RunPython.noop)]
