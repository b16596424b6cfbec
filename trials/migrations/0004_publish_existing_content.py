from django.db import migrations


def publish_existing(apps, schema_editor):
    """Content that was public before publication states existed stays public."""
    for name in ("Intervention", "Condition", "Trial"):
        apps.get_model("trials", name).objects.update(state="published")


class Migration(migrations.Migration):
    dependencies = [("trials", "0003_editorial_workflow")]

    operations = [migrations.RunPython(publish_existing, migrations.RunPython.noop)]
