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
