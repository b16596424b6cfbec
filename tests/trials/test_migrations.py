"""A database made before the trial's own facts moved off the shared intervention migrates
with its data: editors' texts kept, each trial's facts on that trial."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("trials", "0008_search_indexes_of_translations_only")]
AFTER = [("trials", "0011_interventions_keep_their_identity_only")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_data_keeps_editors_texts_and_each_trials_facts():
    apps = migrate(BEFORE)
    Intervention = apps.get_model("trials", "Intervention")
    History = apps.get_model("trials", "HistoricalIntervention")
    Trial = apps.get_model("trials", "Trial")
    TrialIntervention = apps.get_model("trials", "TrialIntervention")
    TrialIdentifier = apps.get_model("trials", "TrialIdentifier")

    edited = Intervention.objects.create(
        slug="cells", name_en="Cells", kind="cell_therapy", route_en="intraosseous",
        route_it="intraossea", description_en="Cells, as an editor wrote it.",
    )  # fmt: skip
    imported = Intervention.objects.create(
        slug="placebo", name_en="Placebo", kind="other", description_en="0.9 % saline"
    )
    History.objects.create(
        id=imported.pk, slug="placebo", name_en="Placebo", kind="other", history_type="+",
        history_date="2026-01-01T00:00:00Z", history_change_reason="Registry import",
        version=1, description_en="0.9 % saline", modified_at="2026-01-01T00:00:00Z",
    )  # fmt: skip
    first = Trial.objects.create(primary_identifier="NCT00000001")
    second = Trial.objects.create(primary_identifier="NCT00000002")
    ctis = Trial.objects.create(primary_identifier="2022-501142-30-00")
    for trial in (first, second):
        TrialIntervention.objects.create(trial=trial, intervention=edited, usage_en="with bone")
    TrialIntervention.objects.create(trial=first, intervention=imported)
    TrialIntervention.objects.create(trial=second, intervention=imported)
    TrialIdentifier.objects.create(trial=ctis, value="PHRC N 2020 GALLOT", kind="SPONSOR")
    TrialIdentifier.objects.create(trial=first, value="CV168-021", kind="SPONSOR")

    apps = migrate(AFTER)
    Intervention = apps.get_model("trials", "Intervention")
    TrialIntervention = apps.get_model("trials", "TrialIntervention")
    Trial = apps.get_model("trials", "Trial")
    TrialIdentifier = apps.get_model("trials", "TrialIdentifier")

    # The editors' intervention keeps its text; its type and route were chosen for every trial.
    assert Intervention.objects.get(slug="cells").description_en == "Cells, as an editor wrote it."
    links = TrialIntervention.objects.filter(intervention__slug="cells")
    assert {(link.kind, link.route_en, link.route_it, link.usage_en) for link in links} == {
        ("cell_therapy", "intraosseous", "intraossea", "with bone")
    }
    # What an import wrote belongs to the trial whose record it came from, and to no other.
    assert Intervention.objects.get(slug="placebo").description_en == ""
    placebo = {
        link.trial.primary_identifier: (link.kind, link.description_en or "")
        for link in TrialIntervention.objects.filter(intervention__slug="placebo")
    }
    assert placebo == {"NCT00000001": ("other", "0.9 % saline"), "NCT00000002": ("", "")}
    # A CTIS short title is a title; a ClinicalTrials.gov sponsor's code stays an identifier.
    assert Trial.objects.get(primary_identifier="2022-501142-30-00").short_title == (
        "PHRC N 2020 GALLOT"
    )
    assert list(TrialIdentifier.objects.values_list("value", flat=True)) == ["CV168-021"]


@pytest.mark.django_db(transaction=True)
def test_links_given_in_comparator_groups_only_become_compared():
    apps = migrate([("trials", "0024_trial_changes")])
    Intervention = apps.get_model("trials", "Intervention")
    Trial = apps.get_model("trials", "Trial")
    TrialIntervention = apps.get_model("trials", "TrialIntervention")
    Arm = apps.get_model("trials", "Arm")
    trial = Trial.objects.create(primary_identifier="NCT00848497")
    links = {}
    for slug in ("viagra", "tadalafil"):
        intervention = Intervention.objects.create(slug=slug, name_en=slug)
        links[slug] = TrialIntervention.objects.create(
            trial=trial, intervention=intervention, role="several"
        )
    for order, kind in enumerate(("active_comparator", "placebo_comparator", "experimental")):
        arm = Arm.objects.create(trial=trial, label=kind, kind=kind, order=order)
        arm.interventions.add(links["tadalafil"])
        if kind != "experimental":
            arm.interventions.add(links["viagra"])

    apps = migrate([("trials", "0025_intervention_role_compared")])
    TrialIntervention = apps.get_model("trials", "TrialIntervention")
    roles = dict(TrialIntervention.objects.values_list("intervention__slug", "role"))
    assert roles == {"viagra": "compared", "tadalafil": "several"}
