from django.conf import settings
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

from trials import search

TABLES = ["trials_trial", "trials_intervention", "trials_condition"]
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def create_search(apps, schema_editor):
    """Accent-free text search configurations and a GIN index per table and language."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(search.create_configs_sql())
    for table in TABLES:
        for language in LANGUAGES:
            schema_editor.execute(search.create_index_sql(table, language))


def drop_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        for language in LANGUAGES:
            schema_editor.execute(search.drop_index_sql(table, language))
    schema_editor.execute(search.drop_configs_sql())


class Migration(migrations.Migration):
    dependencies = [("trials", "0005_history")]

    operations = [
        # Does nothing on other databases.
        UnaccentExtension(),
        migrations.RunPython(create_search, drop_search, elidable=False),
    ]
