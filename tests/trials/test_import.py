"""The registry importer end to end: files in, pages out, editors' work kept."""

import io
import json
import math
import sys
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from tests.pages import read
from trials.demo import INTERVENTION_SLUG
from trials.importers import writer
from trials.listing import PER_PAGE
from trials.models import (
    FEATURED_TRIALS,
    Condition,
    Contact,
    Intervention,
    Outcome,
    SectionText,
    Site,
    SummarySection,
    Trial,
    TrialIdentifier,
    TrialIntervention,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[1] / "fixtures"
FIXTURE_FILES = sorted(FIXTURES.rglob("*.json"))
CTIS_NUMBER = "2024-510663-34-00"
CTGOV_PARTNER = "NCT05883644"


def run_import(*paths, **options):
    """Run the command as an operator would; (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_trials", *map(str, paths), stdout=out, stderr=err, **options)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def import_all():
    """Import every fixture (published, as imports are by default)."""
    code, out, err = run_import(FIXTURES)
    assert (code, err) == (0, ""), err
    return out


def row_counts():
    """Rows of every table but the history ones, which grow with every update by design."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.label.split(".")[1].startswith("Historical")
    }


def fixture_json(name):
    return json.loads(next(FIXTURES.rglob(name)).read_text(encoding="utf-8"))


def edited_copy(directory, name, edit, saved_as=None):
    """A copy of a fixture record, changed by `edit(record)`, written into `directory`."""
    record = fixture_json(name)
    edit(record)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / (saved_as or name)
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path


def ctgov_section(record, module):
    return record["protocolSection"][module]


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return read(response)


def trial_row(page_, identifier):
    return next(row for row in page_.rows if row and row[0] == identifier)


# 1. Every record imports and its pages say what the registry says ---------------------------

# identifier: (phase en, phase it, status en, status it, enrollment, countries en, countries it)
FACTS = {
    # Planned worldwide: 150 in Germany and 290 in the rest of the world (Switzerland).
    "2022-500244-37-00": ("Phase 2", "Fase 2", "Not yet recruiting",
                          "Non ancora in arruolamento", "440", ["Germany"], ["Germania"]),
    "2023-505613-24-00": ("Phase 2", "Fase 2", "Recruiting", "In arruolamento", "32",
                          ["Belgium", "Greece", "Poland"], ["Belgio", "Grecia", "Polonia"]),
    "2023-508143-51-01": ("Phase 4", "Fase 4", "Not yet recruiting",
                          "Non ancora in arruolamento", "11", ["Netherlands"], ["Paesi Bassi"]),
    "2024-510663-34-00": ("Phase 2", "Fase 2", "Recruiting", "In arruolamento", "11",
                          ["Italy", "Spain"], ["Italia", "Spagna"]),
    "NCT00711542": ("Phase 1/2", "Fase 1/2", "Terminated", "Interrotto", "31",
                    ["Germany"], ["Germania"]),
    "NCT00973089": ("Not applicable", "Non applicabile", "Withdrawn", "Ritirato", "0",
                    ["Israel"], ["Israele"]),
    "NCT01640457": ("Phase 1/2", "Fase 1/2", "Completed", "Concluso", "120",
                    ["Austria", "Germany"], ["Austria", "Germania"]),
    "NCT02552212": ("Phase 3", "Fase 3", "Completed", "Concluso", "317",
                    ["Czechia", "Hungary", "Poland"], ["Cechia", "Ungheria", "Polonia"]),
    "NCT03607838": ("Phase 3", "Fase 3", "Completed", "Concluso", "352",
                    ["United States of America"], ["Stati Uniti d'America"]),
    "NCT05816382": ("Phase 2/3", "Fase 2/3", "Recruiting", "In arruolamento", "160",
                    ["Italy", "France", "Germany", "Spain"],
                    ["Italia", "Francia", "Germania", "Spagna"]),
    "NCT05883644": ("Phase 3", "Fase 3", "Not yet recruiting", "Non ancora in arruolamento",
                    "140", ["Italy", "France", "Germany", "Spain"],
                    ["Italia", "Francia", "Germania", "Spagna"]),
    "NCT05896748": ("Phase 3", "Fase 3", "Active, not recruiting",
                    "Attivo, arruolamento non aperto", "93", ["Spain", "United Kingdom"],
                    ["Spagna", "Regno Unito"]),
    "NCT06171568": ("Not given", "Non indicata", "Not yet recruiting",
                    "Non ancora in arruolamento", "400", ["France"], ["Francia"]),
}  # fmt: skip


def test_every_fixture_record_is_imported_as_one_trial():
    out = import_all()

    assert f"{len(FIXTURE_FILES)} created, 0 updated, 0 unchanged, 0 failed" in out
    assert sorted(Trial.objects.values_list("primary_identifier", flat=True)) == sorted(
        path.stem for path in FIXTURE_FILES
    )


@pytest.mark.parametrize("identifier", sorted(FACTS))
def test_imported_trial_pages_show_the_record_s_facts(client, identifier):
    import_all()
    phase_en, phase_it, status_en, status_it, enrollment, countries_en, countries_it = FACTS[
        identifier
    ]
    english = page(client, f"/en/trials/{identifier}/")
    italian = page(client, f"/it/trials/{identifier}/")

    shown_en, shown_it = trial_row(english, identifier), trial_row(italian, identifier)

    assert [shown_en[1], shown_en[3], shown_en[4]] == [phase_en, status_en, enrollment]
    assert [shown_it[1], shown_it[3], shown_it[4]] == [phase_it, status_it, enrollment]
    assert [name for name in countries_en if name not in english.text] == []
    assert [name for name in countries_it if name not in italian.text] == []


@pytest.mark.parametrize("identifier", sorted(FACTS))
def test_every_intervention_of_an_imported_trial_has_a_page_in_both_languages(client, identifier):
    import_all()
    trial = Trial.objects.get(primary_identifier=identifier)
    interventions = list(trial.interventions.all())

    assert interventions
    for intervention in interventions:
        for language in ("en", "it"):
            shown = page(client, f"/{language}/interventions/{intervention.slug}/")
            assert identifier in [row[0] for row in shown.rows if row]


def test_ctis_status_is_shown_in_words_in_english_and_italian(client):
    import_all()
    english = page(client, f"/en/trials/{CTIS_NUMBER}/")
    italian = page(client, f"/it/trials/{CTIS_NUMBER}/")

    assert (
        "The trial's status in the EU registry (CTIS) is “Ongoing, recruiting”: it has started "
        "and is looking for participants."
    ) in english.text
    assert (
        "Lo stato della sperimentazione nel registro dell’UE (CTIS) è «In corso, in "
        "arruolamento»: è iniziata e cerca partecipanti."
    ) in italian.text
    for shown in (english, italian):
        assert "“4”" not in shown.text
        assert "«4»" not in shown.text
        assert "registry: 4)" not in shown.text


# 2. Re-import ------------------------------------------------------------------------------


def test_second_import_of_the_same_files_changes_nothing():
    import_all()
    before = row_counts()

    out = import_all()

    assert f"0 created, 0 updated, {len(FIXTURE_FILES)} unchanged, 0 failed" in out
    assert row_counts() == before


def test_changed_ctgov_record_is_updated_and_its_page_shows_the_new_facts(client, tmp_path):
    import_all()
    before = row_counts()

    def edit(record):
        ctgov_section(record, "identificationModule")["briefTitle"] = "A renamed narcolepsy study"
        ctgov_section(record, "statusModule")["overallStatus"] = "COMPLETED"
        ctgov_section(record, "designModule")["enrollmentInfo"] = {"count": 171, "type": "ACTUAL"}

    code, out, _err = run_import(edited_copy(tmp_path, "NCT05816382.json", edit))

    assert code == 0
    assert "0 created, 1 updated, 0 unchanged, 0 failed" in out
    # The new status and enrolment are noted for readers (`TrialChange`), nothing else grows.
    assert row_counts() == {**before, "trials.TrialChange": 2}
    english = page(client, "/en/trials/NCT05816382/")
    assert "A renamed narcolepsy study" in english.headings
    assert trial_row(english, "NCT05816382")[3:] == ["Completed", "171", "Not posted"]
    assert "171 people took part in the study." in english.text


def test_changed_ctis_record_is_updated_and_its_page_shows_the_new_status(client, tmp_path):
    import_all()

    def edit(record):
        record["ctPublicStatusCode"] = 5
        record["totalNumberEnrolled"] = 25

    code, out, _err = run_import(edited_copy(tmp_path, f"{CTIS_NUMBER}.json", edit))

    assert code == 0
    assert "0 created, 1 updated, 0 unchanged, 0 failed" in out
    english = page(client, f"/en/trials/{CTIS_NUMBER}/")
    assert (
        "The trial's status in the EU registry (CTIS) is “Ongoing, recruitment ended”: it is "
        "running, but it takes no new participants."
    ) in english.text
    assert trial_row(english, CTIS_NUMBER)[4] == "25"


# 3. Editors' work --------------------------------------------------------------------------


def test_editors_translations_section_texts_and_usages_survive_a_registry_change(client, tmp_path):
    import_all()
    trial = Trial.objects.get(primary_identifier="NCT05816382")
    trial.public_title_it = "Uno studio su TAK-861 nella narcolessia"
    trial.save()
    SectionText.objects.create(
        trial=trial, section=SummarySection.OVERVIEW, text_it="Testo scritto dalla redazione."
    )
    outcome = trial.outcomes.order_by("order").first()
    outcome.measure_it = "Variazione della latenza del sonno"
    outcome.save()
    link = trial.trial_interventions.get()
    link.usage_en = "taken by mouth twice a day"
    link.save()

    def edit(record):
        ctgov_section(record, "identificationModule")["briefTitle"] = "TAK-861, a new title"

    code, out, _err = run_import(edited_copy(tmp_path, "NCT05816382.json", edit))

    assert code == 0
    assert "1 updated" in out
    trial.refresh_from_db()
    assert trial.public_title_en == "TAK-861, a new title"
    assert trial.public_title_it == "Uno studio su TAK-861 nella narcolessia"
    assert trial.section_texts.get().text_it == "Testo scritto dalla redazione."
    assert trial.outcomes.order_by("order").first().measure_it == (
        "Variazione della latenza del sonno"
    )
    assert trial.trial_interventions.get().usage_en == "taken by mouth twice a day"
    italian = page(client, "/it/trials/NCT05816382/")
    assert "Uno studio su TAK-861 nella narcolessia" in italian.headings
    assert "Testo scritto dalla redazione." in italian.text
    assert "Variazione della latenza del sonno" in italian.text
    english = page(client, "/en/trials/NCT05816382/")
    assert "TAK-861, a new title" in english.headings
    assert "taken by mouth twice a day" in english.text


@pytest.mark.parametrize(
    ("kept_fields", "expected"),
    [(["official_title"], "The editor's corrected title"), ([], "The registry's new title")],
)
def test_registry_field_is_overwritten_only_when_not_kept(tmp_path, kept_fields, expected):
    import_all()
    Trial.objects.filter(primary_identifier="NCT05816382").update(
        official_title_en="The editor's corrected title", kept_fields=kept_fields
    )

    def edit(record):
        ctgov_section(record, "identificationModule")["officialTitle"] = "The registry's new title"

    code, out, _err = run_import(edited_copy(tmp_path, "NCT05816382.json", edit))

    assert code == 0
    assert "1 updated" in out
    trial = Trial.objects.get(primary_identifier="NCT05816382")
    assert trial.official_title_en == expected


# 4. One trial in two registries ------------------------------------------------------------


def ctgov_record_naming_the_ctis_trial(directory):
    def edit(record):
        ctgov_section(record, "identificationModule")["secondaryIdInfos"] = [
            {"id": CTIS_NUMBER, "type": "OTHER", "domain": "CTIS"}
        ]

    return edited_copy(directory, f"{CTGOV_PARTNER}.json", edit)


@pytest.mark.parametrize("ctis_first", [True, False], ids=["ctis-first", "ctgov-first"])
def test_records_of_one_trial_in_two_registries_make_one_trial(client, tmp_path, ctis_first):
    ctgov = ctgov_record_naming_the_ctis_trial(tmp_path / "ctgov")
    ctis = FIXTURES / "ctis" / f"{CTIS_NUMBER}.json"
    for path in (ctis, ctgov) if ctis_first else (ctgov, ctis):
        code, _out, err = run_import(path)
        assert (code, err) == (0, "")

    trials = Trial.objects.with_identifier(CTIS_NUMBER) | Trial.objects.with_identifier(
        CTGOV_PARTNER
    )
    assert trials.distinct().count() == 1
    assert Trial.objects.count() == 1
    trial = Trial.objects.get()
    first, second = (CTIS_NUMBER, CTGOV_PARTNER) if ctis_first else (CTGOV_PARTNER, CTIS_NUMBER)
    assert trial.primary_identifier == first
    assert second in trial.identifiers.values_list("value", flat=True)

    shown = page(client, f"/en/trials/{first}/")
    registry_links = {text: href for href, text in shown.links if href.startswith("http")}
    assert (
        registry_links[CTIS_NUMBER] == f"https://euclinicaltrials.eu/ctis-public/view/{CTIS_NUMBER}"
    )
    assert registry_links[CTGOV_PARTNER] == f"https://clinicaltrials.gov/study/{CTGOV_PARTNER}"
    assert client.get(f"/en/trials/{second}/").status_code == 301


def test_records_of_one_trial_in_one_batch_make_one_trial_and_reimport_unchanged(tmp_path):
    ctgov_record_naming_the_ctis_trial(tmp_path)
    (tmp_path / f"{CTIS_NUMBER}.json").write_text(compact(f"{CTIS_NUMBER}.json"), "utf-8")

    code, out, _err = run_import(tmp_path)
    assert code == 0
    assert "1 created, 1 updated, 0 unchanged, 0 failed" in out
    assert Trial.objects.count() == 1
    before = row_counts()

    code, out, _err = run_import(tmp_path)

    assert code == 0
    assert "0 created, 0 updated, 2 unchanged, 0 failed" in out
    assert row_counts() == before


# 5. Bad input ------------------------------------------------------------------------------


def compact(name):
    return json.dumps(fixture_json(name), ensure_ascii=False)


@pytest.fixture
def mixed_directory(tmp_path):
    """Three good records beside every kind of broken input the importer meets."""
    directory = tmp_path / "mixed"
    directory.mkdir()
    for name in ("NCT05816382.json", f"{CTIS_NUMBER}.json"):
        (directory / name).write_text(compact(name), encoding="utf-8")
    (directory / "truncated.json").write_text(compact("NCT00711542.json")[:400], encoding="utf-8")
    edited_copy(
        directory,
        "NCT01640457.json",
        lambda record: ctgov_section(record, "identificationModule").pop("nctId"),
        saved_as="no-identifier.json",
    )
    edited_copy(
        directory,
        "NCT03607838.json",
        lambda record: ctgov_section(record, "designModule").update(
            {"enrollmentInfo": {"count": "many", "type": "ACTUAL"}}
        ),
        saved_as="wrong-type.json",
    )
    (directory / "unknown.json").write_text('{"hello": "world"}', encoding="utf-8")
    with zipfile.ZipFile(directory / "bundle.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("good/NCT05883644.json", compact("NCT05883644.json"))
        archive.writestr("broken.json", compact("NCT02552212.json"))
    data = bytearray((directory / "bundle.zip").read_bytes())
    start = data.index(b"broken.json") + len("broken.json")
    data[start + 100 : start + 400] = bytes(300)  # corrupt the compressed member
    (directory / "bundle.zip").write_bytes(bytes(data))
    (directory / "lines.jsonl").write_text(
        "\n".join([compact("NCT06171568.json"), '{"protocolSection": ', ""]),
        encoding="utf-8",
    )
    return directory


def test_bad_input_fails_alone_with_a_reason_and_the_command_exits_1(mixed_directory):
    code, out, err = run_import(mixed_directory)

    assert code == 1
    assert "4 created, 0 updated, 0 unchanged, 6 failed" in out
    assert sorted(Trial.objects.values_list("primary_identifier", flat=True)) == [
        CTIS_NUMBER,
        "NCT05816382",
        "NCT05883644",
        "NCT06171568",
    ]
    lines = err.splitlines()
    assert len(lines) == 6
    expected = {
        "truncated.json": ("truncated JSON",),
        "no-identifier.json": ("without an NCT identifier",),
        "wrong-type.json": ("NCT03607838", "enrollmentInfo.count"),
        "unknown.json": ("unknown record format",),
        "bundle.zip:broken.json": ("broken zip member",),
        "lines.jsonl:line 2": ("invalid JSON",),
    }
    for where, words in expected.items():
        line = next((line for line in lines if f"{where}" in line), None)
        assert line is not None, f"{where} not reported: {err}"
        assert line.startswith("failed: ")
        assert [word for word in words if word not in line] == [], line


def test_good_files_only_exit_0(tmp_path):
    for name in ("NCT05816382.json", f"{CTIS_NUMBER}.json"):
        (tmp_path / name).write_text(compact(name), encoding="utf-8")

    code, out, err = run_import(tmp_path)

    assert (code, err) == (0, "")
    assert "2 created, 0 updated, 0 unchanged, 0 failed" in out


# 6. All or nothing per record --------------------------------------------------------------


def fail_writes_of(monkeypatch, model, identifier):
    """Make the database refuse `model` rows of one trial, however the importer writes them."""

    def concerns_the_trial(rows):
        broken_pks = set(Trial.objects.filter(primary_identifier=identifier).values_list("pk"))
        return any(
            (row["trial_id"],) in broken_pks
            if isinstance(row, dict)
            else row.trial.primary_identifier == identifier
            for row in rows
        )

    original_bulk_create = model.objects.bulk_create
    original_insert_rows = writer.insert_rows
    original_create_rows = writer.create_rows

    def bulk_create(objects, *args, **kwargs):
        objects = list(objects)
        if concerns_the_trial(objects):
            raise IntegrityError("simulated failure")
        return original_bulk_create(objects, *args, **kwargs)

    def insert_rows(written_model, rows, **options):
        rows = list(rows)
        if written_model is model and concerns_the_trial(rows):
            raise IntegrityError("simulated failure")
        return original_insert_rows(written_model, rows, **options)

    def create_rows(written_model, rows):
        rows = list(rows)
        if written_model is model and concerns_the_trial(rows):
            raise IntegrityError("simulated failure")
        return original_create_rows(written_model, rows)

    monkeypatch.setattr(model.objects, "bulk_create", bulk_create)
    monkeypatch.setattr(writer, "insert_rows", insert_rows)
    monkeypatch.setattr(writer, "create_rows", create_rows)


@pytest.mark.parametrize(
    "model", [Site, Contact, Outcome, TrialIdentifier], ids=lambda m: m.__name__
)
def test_database_error_in_one_record_leaves_no_trace_of_it(monkeypatch, model):
    broken = "NCT05816382"
    fail_writes_of(monkeypatch, model, broken)

    code, out, err = run_import(FIXTURES)

    assert code == 1
    assert f"{len(FIXTURE_FILES) - 1} created, 0 updated, 0 unchanged, 1 failed" in out
    assert err.count("failed: ") == 1
    assert broken in err
    assert "simulated failure" in err
    assert not Trial.objects.with_identifier(broken).exists()
    assert not Outcome.objects.filter(trial__primary_identifier=broken).exists()
    assert not Site.objects.filter(trial__primary_identifier=broken).exists()
    assert not Contact.objects.filter(trial__primary_identifier=broken).exists()
    # Nothing made for it alone is left behind either.
    assert not Intervention.objects.filter(name_en="TAK-861").exists()
    assert not Condition.objects.filter(name_en="Narcolepsy Type 1").exists()
    # The others, written in the same batch, are complete.
    partner = Trial.objects.get(primary_identifier="NCT05883644")
    assert partner.sites.count() == 47
    assert partner.outcomes.count() == 17
    assert partner.interventions.count() == 2
    assert Trial.objects.get(primary_identifier=CTIS_NUMBER).countries.count() == 2


# 7. Dry run --------------------------------------------------------------------------------


def test_dry_run_reports_what_would_be_created_and_writes_nothing():
    before = row_counts()

    code, out, err = run_import(FIXTURES, dry_run=True)

    assert (code, err) == (0, "")
    assert (
        f"Dry run, nothing written: {len(FIXTURE_FILES)} created, 0 updated, 0 unchanged, "
        "0 failed." in out
    )
    assert row_counts() == before


def test_dry_run_of_a_changed_record_reports_the_update_and_keeps_the_old_data(tmp_path):
    import_all()
    before = row_counts()

    def edit(record):
        ctgov_section(record, "identificationModule")["briefTitle"] = "Not written"
        ctgov_section(record, "contactsLocationsModule")["locations"] = []

    code, out, _err = run_import(edited_copy(tmp_path, "NCT05816382.json", edit), dry_run=True)

    assert code == 0
    assert "Dry run, nothing written: 0 created, 1 updated, 0 unchanged, 0 failed." in out
    assert row_counts() == before
    trial = Trial.objects.get(primary_identifier="NCT05816382")
    assert trial.public_title_en != "Not written"
    assert trial.sites.count() == 72


# 8. Standard input -------------------------------------------------------------------------


def test_dash_reads_a_json_document_from_standard_input(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(compact("NCT05816382.json")))

    code, out, err = run_import("-")

    assert (code, err) == (0, "")
    assert "1 created, 0 updated, 0 unchanged, 0 failed" in out
    assert Trial.objects.filter(primary_identifier="NCT05816382").exists()


def test_dash_reports_bad_standard_input_by_name(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"protocolSection": '))

    code, _out, err = run_import("-")

    assert code == 1
    assert err.startswith("failed: <stdin>: invalid or truncated JSON")


# 9. Query counts ---------------------------------------------------------------------------


def queries_for(client, url):
    client.get(url)  # first request warms caches that are not per page
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("language", ["en", "it"])
def test_intervention_page_queries_do_not_grow_with_imported_trials(
    client, django_assert_num_queries, demo_intervention, language
):
    url = f"/{language}/interventions/{INTERVENTION_SLUG}/"
    import_all()
    # A trial with groups (arms) and interventions of every kind of its own.
    first = Trial.objects.get(primary_identifier="NCT02210780")
    TrialIntervention.objects.create(trial=first, intervention=demo_intervention)
    # More trials than the page describes, so that its table reads trials of its own.
    TrialIntervention.objects.bulk_create(
        TrialIntervention(trial=trial, intervention=demo_intervention)
        for trial in Trial.objects.exclude(
            trial_interventions__intervention=demo_intervention
        ).order_by("pk")[:FEATURED_TRIALS]
    )
    call_command("refresh_statistics", stdout=io.StringIO())
    expected = queries_for(client, url)
    TrialIntervention.objects.bulk_create(
        TrialIntervention(trial=trial, intervention=demo_intervention)
        for trial in Trial.objects.exclude(trial_interventions__intervention=demo_intervention)
    )
    call_command("refresh_statistics", stdout=io.StringIO())

    with django_assert_num_queries(expected):
        response = client.get(url)

    listed = [row[0] for row in read(response).rows if row]
    for page in range(2, math.ceil(Trial.objects.count() / PER_PAGE) + 1):
        listed += [row[0] for row in read(client.get(f"{url}?page={page}")).rows if row]
    assert [identifier for identifier in FACTS if identifier not in listed] == []


def ctgov_variants(directory, count, conditions_per_record=2, first=0):
    """`count` distinct ClinicalTrials.gov records made from one fixture, each with its own
    NCT number (from `first` on), title, conditions and intervention (each of them new)."""
    for number in range(first, first + count):

        def edit(record, number=number):
            identification = ctgov_section(record, "identificationModule")
            identification["nctId"] = f"NCT9{number:07d}"
            identification["briefTitle"] = f"Variant {number} of a narcolepsy study"
            # Shared secondary identifiers would make every variant the same trial.
            identification["secondaryIdInfos"] = []
            ctgov_section(record, "conditionsModule")["conditions"] = [
                f"Condition {number}-{index}" for index in range(conditions_per_record)
            ]
            ctgov_section(record, "armsInterventionsModule")["interventions"] = [
                {"type": "DRUG", "name": f"Compound {number}"}
            ]

        edited_copy(directory, "NCT05816382.json", edit, saved_as=f"variant-{number}.json")
    return directory


def import_queries(path):
    with CaptureQueriesContext(connection) as queries:
        code, _out, err = run_import(path)
    assert (code, err) == (0, "")
    return len(queries)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite takes at most 999 parameters a statement: Django splits wide inserts",
)
def test_import_queries_do_not_grow_with_the_records_of_a_batch(tmp_path):
    few = import_queries(ctgov_variants(tmp_path / "few", 2))
    many = import_queries(ctgov_variants(tmp_path / "many", 20, conditions_per_record=4, first=2))

    assert Trial.objects.count() == 22
    assert Site.objects.count() == 22 * 72
    assert many == few


def test_update_queries_do_not_grow_with_the_sites_of_a_record(tmp_path):
    import_all()

    def edit(record):
        ctgov_section(record, "identificationModule")["briefTitle"] = "A renamed study"
        # The same contacts for both: only the number of sites differs.
        ctgov_section(record, "contactsLocationsModule")["overallOfficials"] = [
            {"name": "A. Chair", "role": "STUDY_CHAIR"}
        ]

    # Both records have results, which are written with the same queries whatever their size.
    few_sites = import_queries(edited_copy(tmp_path / "a", "NCT00712335.json", edit))
    many_sites = import_queries(edited_copy(tmp_path / "b", "NCT02552212.json", edit))

    assert Site.objects.filter(trial__primary_identifier="NCT00712335").count() == 1
    assert Site.objects.filter(trial__primary_identifier="NCT02552212").count() == 105
    assert many_sites == few_sites


# 10. History -------------------------------------------------------------------------------


def versions(obj):
    return list(obj.history.order_by("history_date", "history_id"))


def test_every_created_trial_condition_and_intervention_has_its_first_version():
    import_all()

    for model in (Trial, Condition, Intervention):
        for obj in model.objects.all():
            assert [(v.history_type, v.history_change_reason) for v in versions(obj)] == [
                ("+", writer.IMPORT_CHANGE_REASON)
            ], obj
    for trial in Trial.objects.prefetch_related("conditions"):
        first = versions(trial)[0]
        assert first.public_title_en == trial.public_title_en
        assert first.registry_hashes == trial.registry_hashes
        assert sorted(link.condition_id for link in first.conditions.all()) == sorted(
            condition.pk for condition in trial.conditions.all()
        )


def test_an_update_adds_one_version_with_the_new_data_and_an_unchanged_record_none(tmp_path):
    import_all()

    def edit(record):
        ctgov_section(record, "identificationModule")["briefTitle"] = "A renamed narcolepsy study"
        ctgov_section(record, "conditionsModule")["conditions"] = ["Cataplexy"]

    run_import(edited_copy(tmp_path, "NCT05816382.json", edit))
    run_import(edited_copy(tmp_path, "NCT05816382.json", edit))

    trial = Trial.objects.get(primary_identifier="NCT05816382")
    first, second = versions(trial)
    assert (second.history_type, second.history_change_reason) == (
        "~",
        writer.IMPORT_CHANGE_REASON,
    )
    assert first.public_title_en != second.public_title_en == "A renamed narcolepsy study"
    assert [link.condition.name_en for link in second.conditions.all()] == ["Cataplexy"]
    assert [link.condition.name_en for link in first.conditions.all()] != ["Cataplexy"]
    assert second.version == trial.version == 2
    # The replaced sites are registry data: the trial's version records the import.
    assert not Site.history.exists()


def test_trial_created_by_one_record_and_completed_by_another_in_the_batch_has_two_versions(
    tmp_path,
):
    ctgov_record_naming_the_ctis_trial(tmp_path)
    (tmp_path / f"{CTIS_NUMBER}.json").write_text(compact(f"{CTIS_NUMBER}.json"), "utf-8")

    run_import(tmp_path)

    trial = Trial.objects.get()
    assert [v.history_type for v in versions(trial)] == ["+", "~"]
    assert versions(trial)[-1].registry_hashes == trial.registry_hashes
