from django.db import migrations

from trials import search


def rebuild_translation_indexes(apps, schema_editor):
    search.rebuild_translation_indexes(schema_editor, ["glossary_term"])


class Migration(migrations.Migration):
    dependencies = [
        ("glossary", "0005_search"),
        ("trials", "0008_search_indexes_of_translations_only"),
    ]

    operations = [
        # The indexes follow trials/search.py: going back rebuilds them as it says then.
        migrations.RunPython(rebuild_translation_indexes, rebuild_translation_indexes),
    ]
