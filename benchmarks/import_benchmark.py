"""Import benchmark: how fast the importer writes ClinicalTrials.gov records, with one worker
and with several, in how much memory.

Usage, from the project root:

    .venv/bin/python -m benchmarks.import_benchmark                  # 2,000 records
    .venv/bin/python -m benchmarks.import_benchmark --records 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/trials \\
        .venv/bin/python -m benchmarks.import_benchmark --records 5000 --workers 1,2

Options: --records N (default 2000), --batch-size N (import_items' default, 200), --seed N,
--workers LIST (default 1,2: a run with one worker, then one with two), --once (no re-import).

What it does:

1. Generates N records shaped like ClinicalTrials.gov API v2 studies by varying the real ones in
   tests/fixtures/ctgov: unique NCT numbers (NCT9xxxxxxx) and secondary identifiers, varied
   titles, statuses, phases, enrolment and dates, 1 to 4 conditions drawn from a pool of a few
   hundred names (sometimes written differently, "type 2 diabetes" vs "Type 2 Diabetes"), 1 to 3
   interventions from a pool of a few hundred, and a varied number of sites (0 to 100) and
   outcomes. The records are streamed to a temporary JSON Lines file, one at a time, so memory
   does not grow with N, and read back through `iter_source_items` as `import_trials` does
   (in a second process, as `import_trials` does).
2. For each number of workers: creates a throwaway database (Django's test-database creation
   with a name of its own, so it never touches real data nor a test database in use),
   migrates it, and imports the file into it, every record new: with one worker through
   `import_items` as `import_trials` does, with more through `import_in_parallel` as
   `import_trials --workers N` does. Then it imports the same file again (every record
   unchanged), and destroys the database.
3. Deletes the file.

It prints one line per pass (on standard output; what it is doing goes to standard error):
workers, records, seconds, records per second, the machine's load average (uptime's) before
and after, and, for one worker, database statements per record (COPY included), peak RSS
(ru_maxrss) and the resident memory after the first 10% of the records and at the end, whose
difference shows whether memory grows with N (with several workers: the peak RSS of the
largest process). After a first import it prints how long the whole of ClinicalTrials.gov
(REGISTRY_RECORDS) would take at that rate: a linear extrapolation into an empty database,
stated as such. The figures are reported, not checked. The exit status is 0 unless an import
reports failures, which are then printed (status 1).

The database is the one DATABASE_URL configures (SQLite by default; on SQLite the throwaway
database is a temporary file, and several workers are skipped with a message: SQLite lets one
process write at a time). On PostgreSQL the user needs the right to create databases.
"""

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from trials.importers.parallel import import_in_parallel  # noqa: E402
from trials.importers.sources import iter_source_items  # noqa: E402
from trials.importers.writer import ImportReport, import_items  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "ctgov"
# About how many studies ClinicalTrials.gov holds.
REGISTRY_RECORDS = 560_000

STATUSES = [
    "RECRUITING",
    "RECRUITING",
    "COMPLETED",
    "COMPLETED",
    "COMPLETED",
    "ACTIVE_NOT_RECRUITING",
    "NOT_YET_RECRUITING",
    "ENROLLING_BY_INVITATION",
    "TERMINATED",
    "WITHDRAWN",
    "SUSPENDED",
    "UNKNOWN",
]
PHASES = [
    [],
    ["EARLY_PHASE1"],
    ["PHASE1"],
    ["PHASE1", "PHASE2"],
    ["PHASE2"],
    ["PHASE2", "PHASE3"],
    ["PHASE3"],
    ["PHASE4"],
    ["NA"],
]
INTERVENTION_TYPES = [
    "DRUG",
    "DRUG",
    "DRUG",
    "BIOLOGICAL",
    "DEVICE",
    "PROCEDURE",
    "BEHAVIORAL",
    "GENETIC",
    "DIETARY_SUPPLEMENT",
    "OTHER",
]
DISEASES = [
    "Diabetes Mellitus",
    "Breast Cancer",
    "Non-Small Cell Lung Cancer",
    "Hepatocellular Carcinoma",
    "Colorectal Cancer",
    "Prostate Cancer",
    "Multiple Myeloma",
    "Acute Myeloid Leukemia",
    "Hypertension",
    "Heart Failure",
    "Coronary Artery Disease",
    "Atrial Fibrillation",
    "Asthma",
    "Chronic Obstructive Pulmonary Disease",
    "Rheumatoid Arthritis",
    "Axial Spondyloarthritis",
    "Psoriasis",
    "Atopic Dermatitis",
    "Crohn's Disease",
    "Ulcerative Colitis",
    "Multiple Sclerosis",
    "Parkinson's Disease",
    "Alzheimer's Disease",
    "Migraine",
    "Narcolepsy",
    "Epilepsy",
    "Major Depressive Disorder",
    "Schizophrenia",
    "HIV-1 Infection",
    "Hepatitis B",
    "Influenza",
    "COVID-19",
    "Chronic Kidney Disease",
    "Osteoarthritis",
    "Lumbar Disc Herniation",
    "Intervertebral Disc Degeneration",
    "Brain Injuries",
    "Dental Caries",
    "Obesity",
    "Sickle Cell Disease",
]
QUALIFIERS = ["", "Type 1", "Type 2", "Advanced", "Recurrent", "Early-Stage", "Chronic", "Severe"]
DRUG_PREFIXES = ["BX", "ZT", "MK", "LY", "AZD", "PF", "RO", "GSK"]
TITLE_WORDS = [
    "Randomised",
    "Open-Label",
    "Multicentre",
    "Pilot",
    "Extension",
    "Dose-Finding",
    "Long-Term",
    "Comparative",
]


def condition_pool():
    """A few hundred condition names, 320 here."""
    return [f"{qualifier} {disease}".strip() for disease in DISEASES for qualifier in QUALIFIERS]


def intervention_pool(fixtures, rng):
    """A few hundred interventions: the fixtures' own and coded ones, each with its own code."""
    pool = [
        dict(item)
        for study in fixtures
        for item in study["protocolSection"]
        .get("armsInterventionsModule", {})
        .get("interventions", [])
    ]
    descriptions = [item.get("description", "") for item in pool]
    for prefix in DRUG_PREFIXES:
        for number in range(30):
            code = f"{prefix}-{1000 + number * 37}"
            form = rng.choice(["tablets", "injection", "infusion", ""])
            pool.append(
                {
                    "type": rng.choice(INTERVENTION_TYPES),
                    "name": f"{code} {form}".strip(),
                    "description": rng.choice(descriptions),
                    "otherNames": [code, f"{code.replace('-', '')}"],
                }
            )
    return pool


def sites_count(rng):
    """Most trials have one site or a few, some many: 0 to 100, about 10 on average."""
    bucket = rng.random()
    if bucket < 0.05:
        return 0
    if bucket < 0.45:
        return 1
    if bucket < 0.75:
        return rng.randint(2, 5)
    if bucket < 0.93:
        return rng.randint(6, 20)
    return rng.randint(21, 100)


def generate_records(count, seed=1):
    """Yield `count` CT.gov API v2 studies, one at a time, varied from the real fixtures."""
    rng = random.Random(seed)
    texts = [path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("*.json"))]
    fixtures = [json.loads(text) for text in texts]
    locations = [
        location
        for study in fixtures
        for location in study["protocolSection"]
        .get("contactsLocationsModule", {})
        .get("locations", [])
    ]
    outcomes = {
        key: [
            outcome
            for study in fixtures
            for outcome in study["protocolSection"].get("outcomesModule", {}).get(key, [])
        ]
        for key in ("primaryOutcomes", "secondaryOutcomes")
    }
    conditions = condition_pool()
    interventions = intervention_pool(fixtures, rng)
    for index in range(count):
        study = json.loads(texts[index % len(texts)])  # a fresh, independent copy
        protocol = study["protocolSection"]
        identification = protocol["identificationModule"]
        identification["nctId"] = f"NCT9{index:07d}"
        word = rng.choice(TITLE_WORDS)
        identification["briefTitle"] = f"{word} {identification['briefTitle']} ({index})"
        if identification.get("officialTitle"):
            identification["officialTitle"] = (
                f"A {word} Study {index}: {identification['officialTitle']}"
            )
        identification["orgStudyIdInfo"] = {"id": f"BENCH-{index}"}
        secondary = []
        if rng.random() < 0.3:  # a unique EudraCT number, which the importer matches trials by
            secondary.append(
                {
                    "id": f"{2000 + index // 1_000_000}-{index % 1_000_000:06d}-{index % 97:02d}",
                    "type": "EUDRACT_NUMBER",
                }
            )
        if rng.random() < 0.3:
            secondary.append({"id": f"GRANT-{index}-{rng.randint(1, 999)}", "type": "OTHER"})
        identification["secondaryIdInfos"] = secondary

        status = protocol["statusModule"]
        status["overallStatus"] = rng.choice(STATUSES)
        year = rng.randint(2005, 2026)
        status["startDateStruct"] = {"date": f"{year}-{rng.randint(1, 12):02d}"}
        status["completionDateStruct"] = {"date": f"{year + rng.randint(1, 6)}"}
        status["lastUpdatePostDateStruct"] = {
            "date": f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        }

        design = protocol.setdefault("designModule", {})
        design["phases"] = rng.choice(PHASES)
        design["enrollmentInfo"] = {
            "count": rng.randint(0, 3000),
            "type": rng.choice(["ACTUAL", "ESTIMATED"]),
        }

        names = rng.sample(conditions, rng.randint(1, 4))
        if rng.random() < 0.2:  # written differently, the same condition
            names[0] = names[0].lower().replace("-", " ")
        protocol["conditionsModule"] = {"conditions": names}

        chosen = rng.sample(interventions, rng.randint(1, 3))
        arms = protocol.setdefault("armsInterventionsModule", {})
        arms["interventions"] = [dict(item) for item in chosen]

        protocol["outcomesModule"] = {
            "primaryOutcomes": rng.sample(outcomes["primaryOutcomes"], rng.randint(1, 3)),
            "secondaryOutcomes": rng.sample(outcomes["secondaryOutcomes"], rng.randint(0, 15)),
        }
        contacts = protocol.setdefault("contactsLocationsModule", {})
        contacts["locations"] = rng.sample(locations, sites_count(rng))
        yield study


def write_records(path, count, seed):
    with open(path, "w", encoding="utf-8") as file:
        for study in generate_records(count, seed):
            file.write(json.dumps(study, ensure_ascii=False))
            file.write("\n")


def current_rss():
    """Resident memory now, in bytes (Linux); the peak where /proc is not available."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return peak_rss()


def peak_rss():
    """Peak resident memory so far, in bytes: ru_maxrss is in kilobytes on Linux."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def megabytes(size):
    return f"{size / 1024 / 1024:.0f} MB"


class QueryCounter:
    """A `connection.execute_wrapper` that counts the queries run, and the COPY statements
    that the importer sends to PostgreSQL's own cursor (they pass no Django wrapper)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    @contextmanager
    def counting(self):
        with connection.execute_wrapper(self):
            if connection.vendor != "postgresql":
                yield
                return
            import psycopg

            copy = psycopg.Cursor.copy

            def counted_copy(cursor, *args, **kwargs):
                self.count += 1
                return copy(cursor, *args, **kwargs)

            psycopg.Cursor.copy = counted_copy
            try:
                yield
            finally:
                psycopg.Cursor.copy = copy


def timed_import(path, count, batch_size):
    """Import the file once; the report and the figures of the run."""
    at_tenth = {}

    def on_progress(report: ImportReport):
        if not at_tenth and report.done >= max(1, count // 10):
            at_tenth.update(records=report.done, rss=current_rss())
        if sys.stderr.isatty():
            print(f"\r  {report.done}/{count}", end="", file=sys.stderr, flush=True)

    counter = QueryCounter()
    with counter.counting():
        started = time.perf_counter()
        report = import_items(
            iter_source_items([str(path)]),
            batch_size=batch_size,
            on_progress=on_progress,
            prepare_in_background=True,
        )
        seconds = time.perf_counter() - started
    if sys.stderr.isatty():
        print(file=sys.stderr)
    return report, {
        "seconds": seconds,
        "queries": counter.count,
        "rss_at_tenth": at_tenth.get("rss", current_rss()),
        "rss_at_end": current_rss(),
        "peak_rss": peak_rss(),
    }


def timed_parallel_import(path, count, batch_size, workers):
    """Import the file once with `workers` processes; the report and the figures of the run."""

    def on_progress(done):
        if sys.stderr.isatty():
            print(f"\r  {done}/{count}", end="", file=sys.stderr, flush=True)

    started = time.perf_counter()
    report = import_in_parallel(
        [str(path)], workers=workers, batch_size=batch_size, on_progress=on_progress
    )
    seconds = time.perf_counter() - started
    if sys.stderr.isatty():
        print(file=sys.stderr)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return report, {
        "seconds": seconds,
        "peak_child_rss": children if sys.platform == "darwin" else children * 1024,
    }


def load_average():
    return f"{os.getloadavg()[0]:.2f}"


def result_line(name, workers, report, figures):
    records = report.done
    seconds = figures["seconds"]
    line = (
        f"{name}, {workers} worker{'s' if workers > 1 else ''}: {records} records in "
        f"{seconds:.1f} s = {records / seconds:.0f} records/s ({report.summary()}); load "
        f"average {figures['load_before']} before, {figures['load_after']} after; "
    )
    if "peak_child_rss" in figures:
        return line + f"peak RSS of the largest process {megabytes(figures['peak_child_rss'])}"
    growth = figures["rss_at_end"] - figures["rss_at_tenth"]
    return line + (
        f"{figures['queries'] / max(records, 1):.1f} queries/record; "
        f"peak RSS {megabytes(figures['peak_rss'])}; RSS after 10% "
        f"{megabytes(figures['rss_at_tenth'])}, at the end {megabytes(figures['rss_at_end'])} "
        f"({'+' if growth >= 0 else '-'}{megabytes(abs(growth))})"
    )


def registry_line(records, seconds):
    minutes = REGISTRY_RECORDS / (records / seconds) / 60
    return (
        f"  at this rate, the whole of ClinicalTrials.gov (~{REGISTRY_RECORDS:,} records) would "
        f"import in {minutes:.0f} min: a linear extrapolation from {records:,} records into an "
        "empty database"
    )


def worker_counts(text):
    try:
        counts = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError("a list of numbers of workers, like 1,2") from None
    if not counts or any(count < 1 or count > 64 for count in counts):
        raise argparse.ArgumentTypeError("numbers of workers from 1 to 64, like 1,2")
    return counts


def create_database(workdir):
    """A throwaway, migrated database with a name of its own; returns the real name to restore."""
    test_settings = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        test_settings["NAME"] = str(Path(workdir) / "benchmark.sqlite3")
    else:
        test_settings["NAME"] = f"import_benchmark_{os.getpid()}"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return old_name


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.import_benchmark",
        description="Time import_items on generated ClinicalTrials.gov records.",
    )
    parser.add_argument("--records", type=int, default=2000, help="how many (default 2000)")
    parser.add_argument("--batch-size", type=int, default=200, help="records per transaction")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated variation")
    parser.add_argument(
        "--workers",
        type=worker_counts,
        default=[1, 2],
        help="the numbers of workers to import with, one run each (default 1,2)",
    )
    parser.add_argument(
        "--once",
        action="store_true",
        help="import the file once, without the re-import (a whole registry's size)",
    )
    options = parser.parse_args(argv)
    if not 1 <= options.records <= 10_000_000:
        parser.error("--records must be between 1 and 10,000,000 (the NCT9xxxxxxx numbers)")

    failures = []
    with tempfile.TemporaryDirectory(prefix="import-benchmark-") as workdir:
        path = Path(workdir) / "studies.jsonl"
        started = time.perf_counter()
        write_records(path, options.records, options.seed)
        print(
            f"generated {options.records} records ({megabytes(path.stat().st_size)} of JSON "
            f"Lines) in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        for workers in options.workers:
            if workers > 1 and connection.vendor != "postgresql":
                print(
                    f"{workers} workers: skipped, {connection.vendor} lets one process write "
                    "at a time (several workers need PostgreSQL)",
                    flush=True,
                )
                continue
            failures += benchmark_workers(path, options, workers, workdir)
    if failures:
        print(f"{len(failures)} failures:", *failures, sep="\n", file=sys.stderr)
        return 1
    return 0


def benchmark_workers(path, options, workers, workdir):
    """Import the file into a throwaway database with this many workers, then again; the
    failures."""
    failures = []
    old_name = create_database(workdir)
    print(
        f"importing with {workers} worker{'s' if workers > 1 else ''} into the throwaway "
        f"{connection.vendor} database {connection.settings_dict['NAME']}",
        file=sys.stderr,
    )
    try:
        for name in ("import",) if options.once else ("import", "re-import"):
            load_before = load_average()
            if workers == 1:
                report, figures = timed_import(path, options.records, options.batch_size)
            else:
                report, figures = timed_parallel_import(
                    path, options.records, options.batch_size, workers
                )
            figures.update(load_before=load_before, load_after=load_average())
            print(result_line(name, workers, report, figures), flush=True)
            if name == "import":
                print(registry_line(report.done, figures["seconds"]), flush=True)
            failures += [f"{name}, {workers} workers: {failure}" for failure in report.failures]
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return failures


if __name__ == "__main__":
    sys.exit(main())
