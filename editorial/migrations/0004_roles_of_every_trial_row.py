from django.db import migrations

from editorial.roles import create_roles


class Migration(migrations.Migration):
    """The roles' permissions on the rows added since 0002_roles: arms, contacts, results."""

    dependencies = [
        ("editorial", "0003_revisions"),
        ("trials", "0024_trial_changes"),
        ("results", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
