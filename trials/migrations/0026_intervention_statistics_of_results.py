"""Interventions' statistics keep how many of their trials have posted results and the latest
of them (trials/statistics.py); computed here once for the statistics already kept."""

from django.db import migrations
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

CHUNK = 1000
LATEST_WITH_RESULTS = 5


def count_trials_with_results(apps, schema_editor):
    Intervention = apps.get_model("trials", "Intervention")
    TrialIntervention = apps.get_model("trials", "TrialIntervention")
    TrialResults = apps.get_model("results", "TrialResults")
    pks = list(Intervention.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), CHUNK):
        chunk = pks[start : start + CHUNK]
        links = TrialIntervention.objects.filter(
            intervention_id__in=chunk,
            trial_state="published",
            trial_id__in=TrialResults.objects.values("trial_id"),
        ).order_by()
        found = {
            row["intervention_id"]: [row["trials"], []]
            for row in links.values("intervention_id").annotate(trials=Count("trial_id"))
        }
        latest = (
            links.annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=F("intervention_id"),
                    order_by=(F("trial__results__first_posted").desc(), F("trial_id").asc()),
                )
            )
            .filter(rank__lte=LATEST_WITH_RESULTS)
            .values_list("intervention_id", "trial_id", "rank")
        )
        for intervention, trial, _rank in sorted(latest, key=lambda row: (row[0], row[2])):
            found[intervention][1].append(trial)
        changed = []
        for intervention in Intervention.objects.filter(pk__in=chunk).only("statistics"):
            intervention.statistics = {
                **(intervention.statistics or {}),
                "results": found.get(intervention.pk, [0, []]),
            }
            changed.append(intervention)
        Intervention.objects.bulk_update(changed, ["statistics"], batch_size=CHUNK)


class Migration(migrations.Migration):
    dependencies = [
        ("trials", "0025_texts_without_control_characters"),
        ("results", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(count_trials_with_results, migrations.RunPython.noop),
    ]
