"""Count and compute again what intervention and condition pages say of all their trials.

The import and the admin keep them up to date; run this once after an upgrade that adds a new
statistic, or after writing trials by other means (SQL, a restored dump)."""

from django.core.management.base import BaseCommand

from trials.models import Condition, Intervention, TrialIntervention
from trials.statistics import copy_trial_facts, refresh_statistics, refresh_trial_counts


class Command(BaseCommand):
    help = "Copy the trials' facts onto their links and count and compute every statistic again."

    def handle(self, *args, **options):
        trial_pks = list(
            TrialIntervention.objects.order_by().values_list("trial_id", flat=True).distinct()
        )
        copy_trial_facts(trial_pks)
        interventions = list(Intervention.objects.values_list("pk", flat=True))
        conditions = list(Condition.objects.values_list("pk", flat=True))
        refresh_trial_counts(interventions=interventions, conditions=conditions)
        refresh_statistics(interventions=interventions, conditions=conditions)
        self.stdout.write(
            f"{len(interventions)} interventions and {len(conditions)} conditions counted again."
        )
