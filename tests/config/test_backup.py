"""`scripts/backup.py check` backs the database up, restores it into a fresh one and finds the
same rows in every table; on SQLite, and on PostgreSQL when the tests run on it."""

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from trials.demo import load_demo

ROOT = Path(__file__).resolve().parents[2]


def run_backup(env, *args):
    return subprocess.run(
        [sys.executable, "scripts/backup.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def demo_database(transactional_db, request):
    load_demo()
    return request.getfixturevalue("subprocess_env")


def test_a_backup_restores_every_row_of_every_table(demo_database):
    if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")

    checked = run_backup(demo_database, "check")

    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("OK: ")
    tables, rows = checked.stdout.split()[1], checked.stdout.split()[3]
    assert int(tables) > 30 and int(rows) > 13


def test_a_backup_restores_into_a_new_database_as_the_backup_was(tmp_path, subprocess_env):
    database = tmp_path / "site.sqlite3"
    with sqlite3.connect(database) as made:
        made.execute("CREATE TABLE notes (id integer)")
        made.executemany("INSERT INTO notes VALUES (?)", [(1,), (2,)])
    made.close()
    env = {**subprocess_env, "DATABASE_URL": f"sqlite:///{database}"}
    backup = tmp_path / "backup.sqlite3"
    assert run_backup(env, "backup", str(backup)).returncode == 0
    restored = tmp_path / "restored.sqlite3"

    assert run_backup(env, "restore", str(backup), f"sqlite:///{restored}").returncode == 0
    with sqlite3.connect(restored) as read:
        assert read.execute("SELECT id FROM notes ORDER BY id").fetchall() == [(1,), (2,)]
    read.close()
