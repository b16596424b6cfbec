"""Several imports writing at once (PostgreSQL): each trial once, nothing lost, the same rows as
one import of the same records; `import_trials --workers N` falls back to one on SQLite."""

import io
import json
import multiprocessing
import traceback
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from results.models import OutcomeResult, ResultDocument, ResultGroup, TrialResults
from trials.importers import writer
from trials.importers.sources import SourceItem
from trials.importers.writer import import_items
from trials.models import (
    Arm,
    Condition,
    Contact,
    Intervention,
    Outcome,
    Site,
    Trial,
    TrialChange,
    TrialCountry,
    TrialIdentifier,
    TrialIntervention,
)

FIXTURES = Path(__file__).parents[1] / "fixtures"
CTIS_NUMBER = "2024-510663-34-00"
CTGOV_PARTNER = "NCT05883644"
ON_POSTGRESQL = connection.vendor == "postgresql"
postgresql_only = pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="several imports write at once only on PostgreSQL: SQLite lets one process write "
    "at a time, and `import_trials --workers N` imports with one worker there",
)
IMPORTED_MODELS = (
    Trial,
    TrialIdentifier,
    Condition,
    Intervention,
    TrialIntervention,
    Trial.conditions.through,
    Arm,
    Arm.interventions.through,
    Outcome,
    Site,
    Contact,
    TrialCountry,
    TrialResults,
    ResultGroup,
    OutcomeResult,
    ResultDocument,
    TrialChange,
)


def record(name):
    return json.loads(next(FIXTURES.rglob(f"{name}.json")).read_text(encoding="utf-8"))


def partner_naming_the_ctis_trial():
    """The real CT.gov record, edited to name the CTIS trial's number: the two are one trial."""
    study = record(CTGOV_PARTNER)
    study["protocolSection"]["identificationModule"]["secondaryIdInfos"] = [
        {"id": CTIS_NUMBER, "type": "OTHER", "domain": "CTIS"}
    ]
    return study


def ctgov_names():
    return sorted(
        path.stem for path in (FIXTURES / "ctgov").glob("*.json") if path.stem != CTGOV_PARTNER
    )


def ctis_names():
    return sorted(
        path.stem for path in (FIXTURES / "ctis").glob("*.json") if path.stem != CTIS_NUMBER
    )


def items(payloads):
    return [SourceItem(f"record {index}", payload=payload) for index, payload in payloads]


def row_counts():
    return {model._meta.label: model._base_manager.count() for model in IMPORTED_MODELS}


def assert_each_trial_once():
    # No registry identifier names two trials, and none names a trial known by another.
    shared = (
        TrialIdentifier.objects.exclude(
            kind__in=(TrialIdentifier.SPONSOR, TrialIdentifier.NATIONAL)
        )
        .values("value")
        .annotate(trials=Count("trial", distinct=True))
        .filter(trials__gt=1)
    )
    assert list(shared) == []
    crossed = TrialIdentifier.objects.filter(
        value__in=Trial.objects.values("primary_identifier")
    ).values_list("value", flat=True)
    assert list(crossed) == []
    assert (
        Trial.objects.with_identifier(CTIS_NUMBER).get()
        == Trial.objects.with_identifier(CTGOV_PARTNER).get()
    )


def delete_everything_imported():
    Trial.objects.all().delete()
    Condition.objects.all().delete()
    Intervention.objects.all().delete()
    assert set(row_counts().values()) == {0}


def import_at_once(*inputs, batch_size, started_at):
    """Each input imported by its own process (its own database connection), all started
    together, as the workers of an import are; their reports."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(inputs))
    results = context.Queue()
    connection.close()  # each process opens its own
    processes = [
        context.Process(
            target=import_one, args=(given, barrier, results, index, batch_size, started_at)
        )
        for index, given in enumerate(inputs)
    ]
    for process in processes:
        process.start()
    reports = {}
    for _ in processes:
        index, report, error = results.get(timeout=300)
        assert error is None, error
        reports[index] = report
    for process in processes:
        process.join()
    return [reports[index] for index in range(len(inputs))]


def import_one(given, barrier, results, index, batch_size, started_at):
    # The imports meet before writing their first batch, mapped by then: they write it at the
    # same moment (this process is a fork of the test's: the change is its own).
    write_batch = writer._Importer.write_batch

    def write_batch_together(importer, pending):
        if not getattr(importer, "met", False):
            importer.met = True
            barrier.wait(timeout=60)
        return write_batch(importer, pending)

    writer._Importer.write_batch = write_batch_together
    try:
        report = import_items(
            given, batch_size=batch_size, publish=True, import_started_at=started_at
        )
        results.put((index, report, None))
    except BaseException:
        results.put((index, None, traceback.format_exc()))
    finally:
        connection.close()


@postgresql_only
def test_two_imports_of_overlapping_batches_write_each_trial_once(transactional_db):
    assert set(row_counts().values()) == {0}
    ctgov = [(name, record(name)) for name in ctgov_names()]
    ctis = [(name, record(name)) for name in ctis_names()]
    pair = {CTGOV_PARTNER: partner_naming_the_ctis_trial(), CTIS_NUMBER: record(CTIS_NUMBER)}
    # The same dozen trials in both, in the same places; each starts with one record of the
    # pair, which the two write at the same moment (`import_one`).
    shared = ctgov[:12]
    first = [(CTGOV_PARTNER, pair[CTGOV_PARTNER]), *shared, *ctgov[12:25]]
    second = [(CTIS_NUMBER, pair[CTIS_NUMBER]), *shared, *ctgov[25:], *ctis]

    reports = import_at_once(items(first), items(second), batch_size=1, started_at=timezone.now())

    assert [report.failures for report in reports] == [[], []]
    assert sum(report.done for report in reports) == len(first) + len(second)
    distinct = len(ctgov) + len(ctis) + 1  # the pair is one trial
    assert sum(report.created for report in reports) == distinct
    assert Trial.objects.count() == distinct
    assert_each_trial_once()
    merged = Trial.objects.with_identifier(CTIS_NUMBER).get()
    written_at_once = row_counts()

    # One import of the same records, the pair in the order the two imports wrote it.
    delete_everything_imported()
    winner = merged.primary_identifier
    loser = CTIS_NUMBER if winner == CTGOV_PARTNER else CTGOV_PARTNER
    alone = import_items(
        items([(winner, pair[winner]), (loser, pair[loser]), *ctgov, *ctis]),
        batch_size=1,
        publish=True,
    )
    assert alone.failures == []
    assert alone.created == distinct
    assert row_counts() == written_at_once


def run_import(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_trials", *map(str, args), stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def bulk_directory(tmp_path):
    """Every real record, one of them twice: its later copy, edited, comes last."""
    directory = tmp_path / "records"
    directory.mkdir()
    for path in sorted(FIXTURES.rglob("*.json")):
        (directory / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    again = record("NCT01640457")
    again["protocolSection"]["identificationModule"]["briefTitle"] = "The later copy"
    (directory / "zz-NCT01640457-again.json").write_text(json.dumps(again), encoding="utf-8")
    return directory


@postgresql_only
def test_import_trials_with_two_workers_writes_what_one_worker_writes(
    transactional_db, bulk_directory
):
    code, out, err = run_import(bulk_directory, "--workers", "2")
    assert code == 0, err
    assert "the input has this trial's record twice" in err and "failed" not in err
    with_two = row_counts()
    summary = out.strip().splitlines()[-1]
    assert Trial.objects.get(primary_identifier="NCT01640457").public_title == "The later copy"
    assert Trial.objects.count() == len(list(FIXTURES.rglob("*.json")))

    delete_everything_imported()
    code, out, _err = run_import(bulk_directory)
    assert code == 0
    assert out.strip().splitlines()[-1] == summary
    assert row_counts() == with_two
    assert Trial.objects.get(primary_identifier="NCT01640457").public_title == "The later copy"


@pytest.mark.skipif(ON_POSTGRESQL, reason="the fallback to one worker is SQLite's")
@pytest.mark.django_db
def test_import_trials_with_workers_on_sqlite_imports_with_one_and_says_so(bulk_directory):
    code, out, err = run_import(bulk_directory, "--workers", "2")
    assert code == 0
    assert "lets one process write at a time, so this import runs with one worker" in err
    assert Trial.objects.count() == len(list(FIXTURES.rglob("*.json")))


@postgresql_only
@pytest.mark.django_db
def test_an_import_analyses_the_tables_it_about_doubles(monkeypatch):
    monkeypatch.setattr(writer, "ANALYSE_AFTER", 10)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE trials_trial")  # PostgreSQL knows the table is empty
    given = items([(name, record(name)) for name in ctgov_names()])

    def analyses(*args, **options):
        with CaptureQueriesContext(connection) as queries:
            import_items(*args, batch_size=5, **options)
        return [query["sql"] for query in queries if query["sql"].startswith("ANALYZE")]

    assert analyses(given[:5]) == []  # 5 new trials
    assert analyses(given[5:25], dry_run=True) == []  # a dry run writes nothing
    # 20 more: analysed after 10 of them (it knew of none), and after 10 more (double).
    analysed = analyses(given[5:25])
    assert len(analysed) == 2
    assert '"trials_trial"' in analysed[0] and '"trials_trial_conditions"' in analysed[0]
