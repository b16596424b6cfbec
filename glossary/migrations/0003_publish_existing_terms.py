from django.db import migrations


def publish_existing(apps, schema_editor):
    """Terms that were public before publication states existed stay public."""
    apps.get_model("glossary", "Term").objects.update(state="published")


class Migration(migrations.Migration):
    dependencies = [("glossary", "0002_editorial_workflow")]

    operations = [migrations.RunPython(publish_existing, migrations.RunPython.noop)]
