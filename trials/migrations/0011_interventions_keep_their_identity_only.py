from django.db import migrations


class Migration(migrations.Migration):
    """The intervention keeps its identity and the editors' texts; its type and route are
    facts of each trial that uses it (moved there by 0010)."""

    dependencies = [
        ("trials", "0010_trial_facts_move_to_the_trials"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalintervention',
            name='kind',
        ),
        migrations.RemoveField(
            model_name='historicalintervention',
            name='route_de',
        ),
        migrations.RemoveField(
            model_name='historicalintervention',
            name='route_en',
        ),
        migrations.RemoveField(
            model_name='historicalintervention',
            name='route_es',
        ),
        migrations.RemoveField(
            model_name='historicalintervention',
            name='route_fr',
        ),
        migrations.RemoveField(
            model_name='historicalintervention',
            name='route_it',
        ),
        migrations.RemoveField(
            model_name='intervention',
            name='kind',
        ),
        migrations.RemoveField(
            model_name='intervention',
            name='route',
        ),
        migrations.RemoveField(
            model_name='intervention',
            name='route_de',
        ),
        migrations.RemoveField(
            model_name='intervention',
            name='route_en',
        ),
        migrations.RemoveField(
            model_name='intervention',
            name='route_es',
        ),
        migrations.RemoveField(
            model_name='intervention',
            name='route_fr',
        ),
        migrations.RemoveField(
            model_name='intervention',
            name='route_it',
        ),
    ]
