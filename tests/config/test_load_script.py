"""The bounded load script (benchmarks/load_test.py) run for a few seconds against the test
database: gunicorn with two workers, mixed pages, API and searches, and no error."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_load_script_serves_mixed_requests_with_two_workers_and_no_error(
    demo_intervention, subprocess_env
):
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.load_test", "--workers", "2", "--clients", "2"]
        + ["--seconds", "3"],
        cwd=ROOT,
        env=subprocess_env,
        capture_output=True,
        text=True,
        timeout=240,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert ", 0 errors" in result.stdout
    assert int(result.stdout.split(" requests", 1)[0]) > 0
