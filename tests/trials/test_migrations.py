"""A database made before the trial's own facts moved off the shared intervention migrates
with its data: editors' texts kept, each trial's facts on that trial."""

import importlib

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


# Texts stored before control characters were refused -----------------------------------------

CLEANING = "0025_texts_without_control_characters"
BEFORE_CLEANING = [
    ("trials", "0024_trial_changes"),
    ("glossary", "0007_stored_search_vectors"),
    ("results", "0001_initial"),
]


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def small_batches(monkeypatch):
    """The clean-up reads 3 rows at a time, so that a few rows make several batches."""
    module = importlib.import_module(f"trials.migrations.{CLEANING}")
    monkeypatch.setattr(module, "BATCH", 3)
    return module


@pytest.mark.django_db(transaction=True)
def test_stored_texts_lose_control_and_bidi_characters_batch_by_batch(small_batches):
    try:
        _clean_stored_texts(small_batches)
    finally:
        migrate_to_latest()


def _clean_stored_texts(cleaning):
    # PostgreSQL never stored a NUL; SQLite may have.
    nul = "\x00" if connection.vendor == "sqlite" else "\x01"
    apps = migrate(BEFORE_CLEANING)
    Trial = apps.get_model("trials", "Trial")
    Intervention = apps.get_model("trials", "Intervention")
    Condition = apps.get_model("trials", "Condition")
    Site = apps.get_model("trials", "Site")
    Outcome = apps.get_model("trials", "Outcome")
    Contact = apps.get_model("trials", "Contact")
    Term = apps.get_model("glossary", "Term")
    english = "Bone\u202e healing\x07"
    sources = {"public_title_it": cleaning._source_hash(english)}
    trial = Trial.objects.create(
        primary_identifier="NCT00000001", public_title_en=english,
        public_title_it="Guarigione\u200f ossea", brief_summary_fr="R\x0bésumé",
        translation_sources=sources,
    )  # fmt: skip
    clean = Trial.objects.create(primary_identifier="NCT00000002", public_title_en="Clean title")
    intervention = Intervention.objects.create(
        slug="teriparatide", name_en=f"Teri{nul}paratide", other_names=["Forsteo\u2066", "PTH"]
    )
    condition = Condition.objects.create(slug="fracture", name_de="Fraktur\x1b")
    term = Term.objects.create(slug="placebo", term_en="Placebo", definition_es="Sin\u061c efecto")
    sites = [
        Site.objects.create(trial=trial, facility=f"Hospital\x85 {n}", city="Bo\u202alogna")
        for n in range(7)
    ]
    outcome = Outcome.objects.create(trial=trial, kind="primary", measure_en="Pain\x7f at rest")
    contact = Contact.objects.create(trial=trial, kind="central", name="Dar\u200e-Ming Lai")

    apps = migrate([("trials", CLEANING)])
    Trial = apps.get_model("trials", "Trial")
    Intervention = apps.get_model("trials", "Intervention")
    Site = apps.get_model("trials", "Site")

    cleaned = Trial.objects.get(pk=trial.pk)
    assert (cleaned.public_title_en, cleaned.public_title_it, cleaned.brief_summary_fr) == (
        "Bone healing",
        "Guarigione ossea",
        "Résumé",
    )
    # The Italian title was translated from this English text: it is not outdated now.
    assert cleaned.translation_sources == {"public_title_it": cleaning._source_hash("Bone healing")}
    assert Trial.objects.get(pk=clean.pk).public_title_en == "Clean title"
    moved = Intervention.objects.get(pk=intervention.pk)
    assert (moved.name_en, moved.other_names) == ("Teriparatide", ["Forsteo", "PTH"])
    assert apps.get_model("trials", "Condition").objects.get(pk=condition.pk).name_de == "Fraktur"
    assert apps.get_model("glossary", "Term").objects.get(pk=term.pk).definition_es == "Sin efecto"
    # Seven sites, read three at a time: every batch is cleaned.
    assert sorted(Site.objects.values_list("facility", "city")) == [
        (f"Hospital {n}", "Bologna") for n in range(7)
    ]
    assert len(sites) > 2 * cleaning.BATCH
    outcome_model = apps.get_model("trials", "Outcome")
    assert outcome_model.objects.get(pk=outcome.pk).measure_en == "Pain at rest"
    assert apps.get_model("trials", "Contact").objects.get(pk=contact.pk).name == "Dar-Ming Lai"

    # Reversible, as a no-op: the texts stay clean.
    apps = migrate(BEFORE_CLEANING)
    assert apps.get_model("trials", "Trial").objects.get(pk=trial.pk).public_title_en == (
        "Bone healing"
    )


@pytest.mark.django_db(transaction=True)
def test_the_statistics_already_kept_gain_the_trials_with_results():
    apps = migrate([("trials", "0024_trial_changes"), ("results", "0001_initial")])
    Intervention = apps.get_model("trials", "Intervention")
    Trial = apps.get_model("trials", "Trial")
    TrialIntervention = apps.get_model("trials", "TrialIntervention")
    TrialResults = apps.get_model("results", "TrialResults")
    studied = Intervention.objects.create(slug="studied", name_en="Studied", statistics={"x": 1})
    other = Intervention.objects.create(slug="other", name_en="Other")
    trials = [Trial.objects.create(primary_identifier=f"NCT0000000{n}") for n in range(3)]
    for trial, posted in zip(trials, ("2020-01", "2021-05-02", None), strict=True):
        TrialIntervention.objects.create(trial=trial, intervention=studied, trial_state="published")
        if posted:
            TrialResults.objects.create(trial=trial, first_posted=posted)
    TrialIntervention.objects.create(trial=trials[0], intervention=other, trial_state="draft")

    apps = migrate([("trials", "0026_intervention_statistics_of_results")])
    Intervention = apps.get_model("trials", "Intervention")

    assert Intervention.objects.get(slug="studied").statistics == {
        "x": 1,
        "results": [2, [trials[1].pk, trials[0].pk]],
    }
    assert Intervention.objects.get(slug="other").statistics == {"results": [0, []]}


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

    apps = migrate([("trials", "0028_intervention_role_compared")])
    TrialIntervention = apps.get_model("trials", "TrialIntervention")
    roles = dict(TrialIntervention.objects.values_list("intervention__slug", "role"))
    assert roles == {"viagra": "compared", "tadalafil": "several"}
