"""What an intervention is in one trial moves to that trial's link; CTIS short titles stop
being identifiers.

- An intervention that editors created or changed keeps its description (their text); its
  type and route were their choice for every trial, so every link gets them.
- An intervention that only imports ever wrote took its type, route and description from the
  record that created it: that record's trial (its first link) gets them, the intervention
  keeps none (the next import writes each trial's own from its record).
- A CTIS trial's one "sponsor's protocol code" was its short title: it becomes the title.
"""

from django.db import migrations
from django.db.models import Exists, Min, OuterRef, Q, Subquery

LANGUAGES = ("en", "it", "fr", "de", "es")
IMPORT_REASON = "Registry import"
EU_CT_NUMBER = r"^[0-9]{4}-[0-9]{6}-[0-9]{2}-[0-9]{2}$"


def move_trial_facts(apps, schema_editor):
    Intervention = apps.get_model("trials", "Intervention")
    TrialIntervention = apps.get_model("trials", "TrialIntervention")
    History = apps.get_model("trials", "HistoricalIntervention")

    versions = History.objects.filter(id=OuterRef("pk"))
    imported_only = Intervention.objects.filter(Exists(versions)).exclude(
        Exists(versions.exclude(history_change_reason=IMPORT_REASON))
    )
    first_links = (
        TrialIntervention.objects.order_by()
        .values("intervention_id")
        .annotate(first=Min("id"))
        .values("first")
    )
    creating_links = TrialIntervention.objects.filter(
        pk__in=first_links, intervention__in=imported_only
    )
    source = Intervention.objects.filter(pk=OuterRef("intervention_id"))

    def copied(*names):
        return {name: Subquery(source.values(name)[:1]) for name in names}

    routes = [f"route_{language}" for language in LANGUAGES]
    descriptions = [f"description_{language}" for language in LANGUAGES]
    TrialIntervention.objects.filter(
        Q(pk__in=creating_links.values("pk")) | ~Q(intervention__in=imported_only)
    ).update(**copied("kind", "route", *routes))
    creating_links.update(**copied("description", *descriptions))
    imported_only.update(description="", **{name: "" for name in descriptions})


def short_titles(apps, schema_editor):
    Trial = apps.get_model("trials", "Trial")
    TrialIdentifier = apps.get_model("trials", "TrialIdentifier")
    codes = TrialIdentifier.objects.filter(
        kind="SPONSOR", trial__primary_identifier__regex=EU_CT_NUMBER
    )
    by_trial = {}
    for identifier in codes.order_by("trial_id", "id"):
        by_trial.setdefault(identifier.trial_id, []).append(identifier)
    for trial_id, identifiers in by_trial.items():
        if len(identifiers) == 1:
            Trial.objects.filter(pk=trial_id, short_title="").update(
                short_title=identifiers[0].value[:300]
            )
            TrialIdentifier.objects.filter(pk=identifiers[0].pk).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("trials", "0009_trial_as_the_registries_describe_it"),
    ]

    operations = [
        migrations.RunPython(move_trial_facts, migrations.RunPython.noop),
        migrations.RunPython(short_titles, migrations.RunPython.noop),
    ]
