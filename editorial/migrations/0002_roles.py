from django.db import migrations

from editorial.roles import create_roles


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("trials", "0004_publish_existing_content"),
        ("glossary", "0003_publish_existing_terms"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
