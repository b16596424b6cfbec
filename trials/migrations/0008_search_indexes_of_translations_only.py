from django.db import migrations

from trials import search


def rebuild_translation_indexes(apps, schema_editor):
    """The index of each language but English is built on that language's own text now; the
    English text of untranslated fields is found through the English index."""
    search.rebuild_translation_indexes(
        schema_editor, ["trials_trial", "trials_intervention", "trials_condition"]
    )


class Migration(migrations.Migration):
    dependencies = [("trials", "0007_trial_identifier_value_index")]

    operations = [
        # The indexes follow trials/search.py: going back rebuilds them as it says then.
        migrations.RunPython(rebuild_translation_indexes, rebuild_translation_indexes),
    ]
