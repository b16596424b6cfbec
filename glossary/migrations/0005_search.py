from django.conf import settings
from django.db import migrations

from trials import search

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def create_search(apps, schema_editor):
    """A GIN index per language on the glossary (the configurations come from trials)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(search.create_index_sql("glossary_term", language))


def drop_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(search.drop_index_sql("glossary_term", language))


class Migration(migrations.Migration):
    dependencies = [("glossary", "0004_history"), ("trials", "0006_search")]

    operations = [migrations.RunPython(create_search, drop_search)]
