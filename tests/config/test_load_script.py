"""The bounded load script (benchmarks/load_test.py) run for a few seconds against the test
database: gunicorn with two workers, mixed pages, API and searches, and no error."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_load_script_serves_mixed_requests_with_two_workers_and_no_error(
    demo_intervention, subprocess_env, tmp_path
):
    # Output to files, not pipes: nothing the script starts can hold the test up.
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    with out.open("w") as stdout, err.open("w") as stderr:
        code = subprocess.run(
            [sys.executable, "-m", "benchmarks.load_test", "--workers", "2", "--clients", "2"]
            + ["--seconds", "3"],
            cwd=ROOT,
            env=subprocess_env,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            timeout=240,
        ).returncode
    printed = out.read_text()

    assert code == 0, printed + err.read_text()
    assert ", 0 errors" in printed
    assert int(printed.split(" requests", 1)[0]) > 0
