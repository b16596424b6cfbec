"""Sites' points on the unit sphere, in a GiST index (PostgreSQL's `cube` extension): trials
near a place walk it nearest first (`trials.search.nearest_sites`). Other databases read the
box of `site_coordinates` instead, and get nothing here."""

from django.db import migrations

# As `trials.search.UnitSphere` writes it: the planner uses the index only for that expression.
POINT = (
    "cube(array[cos(radians(latitude)) * cos(radians(longitude)), "
    "cos(radians(latitude)) * sin(radians(longitude)), sin(radians(latitude))])"
)


def create_index(apps, schema_editor):
    # Not CreateExtension: going back past it, that reads pg_extension on every database.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS cube")
        schema_editor.execute(
            f"CREATE INDEX site_points ON trials_site USING gist (({POINT})) "
            "WHERE latitude IS NOT NULL AND longitude IS NOT NULL"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS site_points")


class Migration(migrations.Migration):
    dependencies = [
        ("trials", "0022_places"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
