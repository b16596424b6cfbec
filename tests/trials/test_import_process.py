"""The process that reads and maps records for an import (`trials.importers.preparation`) ends
with the import: killed with `kill -9`, the import leaves no orphan behind."""

import copy
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "ctgov" / "NCT02585739.json"


def children_of(pid):
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def is_running(pid):
    """Alive and not a zombie waiting for its new parent to reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads processes from /proc")
def test_killing_an_import_ends_the_process_reading_its_records(tmp_path, subprocess_env):
    # Far more records than the reader may prepare ahead: it waits for the writer when killed.
    record = orjson.loads(FIXTURE.read_bytes())
    with (tmp_path / "records.jsonl").open("wb") as lines:
        for number in range(3000):
            copied = copy.deepcopy(record)
            copied["protocolSection"]["identificationModule"]["nctId"] = f"NCT9{number:07d}"
            lines.write(orjson.dumps(copied) + b"\n")
    parent = subprocess.Popen(
        [sys.executable, "manage.py", "import_trials", str(tmp_path / "records.jsonl")],
        cwd=ROOT,
        env=subprocess_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    readers = []
    try:
        deadline = time.monotonic() + 60
        while not (readers := children_of(parent.pid)):
            assert parent.poll() is None, "the import ended before it started its reader"
            assert time.monotonic() < deadline, "the import started no reader"
            time.sleep(0.05)
        time.sleep(0.5)  # the reader is under way, and soon waits for the writer
        assert is_running(readers[0])

        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()

        deadline = time.monotonic() + 5
        while any(map(is_running, readers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(map(is_running, readers))
    finally:
        if parent.poll() is None:
            parent.kill()
        for reader in filter(is_running, readers):
            os.kill(reader, signal.SIGKILL)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="several import workers write at once only on PostgreSQL (SQLite has one)",
)
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads processes from /proc")
def test_a_worker_killed_midway_and_the_import_run_again_write_every_record_once(
    tmp_path, subprocess_env
):
    from django.db.models import Count

    from trials.models import Outcome, Site, Trial, TrialIdentifier

    record = orjson.loads(FIXTURE.read_bytes())
    count = 2000
    with (tmp_path / "records.jsonl").open("wb") as lines:
        for number in range(count):
            copied = copy.deepcopy(record)
            identification = copied["protocolSection"]["identificationModule"]
            identification["nctId"] = f"NCT9{number:07d}"
            # The copies share no identifier, which would make them one trial.
            identification["orgStudyIdInfo"] = {"id": f"COPY-{number}"}
            identification["secondaryIdInfos"] = []
            lines.write(orjson.dumps(copied) + b"\n")
    command = [
        sys.executable,
        "manage.py",
        "import_trials",
        "--workers",
        "2",
        "--batch-size",
        "25",
        str(tmp_path / "records.jsonl"),
    ]
    parent = subprocess.Popen(
        command,
        cwd=ROOT,
        env=subprocess_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Wait until both workers write: some of their batches are in the database.
        deadline = time.monotonic() + 120
        while len(workers := children_of(parent.pid)) < 2 or Trial.objects.count() < 100:
            assert parent.poll() is None, parent.communicate()
            assert time.monotonic() < deadline, "the import did not get going"
            time.sleep(0.05)
        os.kill(workers[0], signal.SIGKILL)
        _out, err = parent.communicate(timeout=300)
    finally:
        if parent.poll() is None:
            parent.kill()
    assert parent.returncode == 1
    assert "it died (exit code -9)" in err
    assert "run the import again" in err
    written = Trial.objects.count()
    assert 100 <= written < count

    again = subprocess.run(command, cwd=ROOT, env=subprocess_env, capture_output=True, text=True)

    assert again.returncode == 0, again.stderr
    assert f"{count - written} created, 0 updated, {written} unchanged, 0 failed" in again.stdout
    assert Trial.objects.count() == count
    # Each complete, none twice: the record's one site and outcome, its identifiers once.
    sites = len(record["protocolSection"]["contactsLocationsModule"]["locations"])
    outcomes = sum(
        len(outcomes) for outcomes in record["protocolSection"]["outcomesModule"].values()
    )
    assert Site.objects.count() == count * sites
    assert Outcome.objects.count() == count * outcomes
    assert not (
        TrialIdentifier.objects.values("trial", "value").annotate(n=Count("id")).filter(n__gt=1)
    )
