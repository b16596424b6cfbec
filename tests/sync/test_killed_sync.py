"""A sync killed with `kill -9` midway and started again: every record complete, none twice,
resumed from the cursor the killed run saved."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from sync.models import FollowedSearch
from trials.folding import normalised_name
from trials.importers import map_record

from .registry_server import RegistryServer, Reply, fixture

ROOT = Path(__file__).resolve().parents[2]
PAGES = [
    ["NCT01640457", "NCT03607838"],
    ["NCT00711542", "NCT00973089"],
    ["NCT02585739", "NCT05816382"],
    ["NCT05883644", "NCT01165944"],
]
# The page the first run is killed on: it asks for it, and gets no answer until it is dead.
KILLED_ON = 3


@pytest.fixture
def followed(transactional_db):
    return FollowedSearch.objects.create(
        registry="ctgov", kind="condition", value="many", publish=True
    )


@pytest.fixture
def registry():
    """Pages of real records, linked by nextPageToken; the page KILLED_ON waits while
    `held` is set."""
    server = RegistryServer()
    server.held = threading.Event()
    server.held.set()
    asked = server.asked = threading.Event()

    def route(request):
        token = request.query.get("pageToken")
        number = int(token.removeprefix("page-")) if token else 1
        if number == KILLED_ON:
            asked.set()
            deadline = time.monotonic() + 120
            while server.held.is_set() and time.monotonic() < deadline:
                time.sleep(0.05)
        body = {"studies": [fixture("ctgov", name) for name in PAGES[number - 1]]}
        if number < len(PAGES):
            body["nextPageToken"] = f"page-{number + 1}"
        return Reply(body)

    server.routes["/ctgov/studies"] = route
    server.start()
    yield server
    server.held.clear()
    server.stop()


def rows(database_url, sql):
    """Rows of a query on the database the sync ran on: the test database itself on
    PostgreSQL, a copy of it in a file on SQLite (see `database_url`)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as database:
        return database.execute(sql).fetchall()


def search_state(database_url):
    ((cursor, done, running_since),) = rows(
        database_url, "SELECT cursor, records_done, running_since FROM sync_followedsearch"
    )
    return (json.loads(cursor) if isinstance(cursor, str) else cursor), done, running_since


def sync(env):
    return subprocess.Popen(
        [sys.executable, "manage.py", "sync_trials", "--followed"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_sync_killed_midway_and_started_again_completes_every_record_once(
    followed, subprocess_env, database_url, registry
):
    env = {
        **subprocess_env,
        "CTGOV_API_URL": f"{registry.url}/ctgov",
        "CTIS_API_URL": f"{registry.url}/ctis",
        "REGISTRY_CONTACT": "editors@example.org",
        "SYNC_PAGE_SIZE": "2",
    }
    first = sync(env)
    try:
        # Wait for the run to be midway: two pages imported, their cursor saved, the third
        # page asked for (and held back).
        deadline = time.monotonic() + 120
        while not (registry.asked.is_set() and search_state(database_url)[1] == 4):
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "the sync did not get to its third page"
            time.sleep(0.05)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
        first.communicate()
    assert first.returncode == -signal.SIGKILL
    cursor, done, running_since = search_state(database_url)
    assert cursor["page_token"] == f"page-{KILLED_ON}" and done == 4
    assert running_since is not None  # it never got to say it stopped
    imported = {identifier for identifier, *_counts in rows(database_url, TRIALS)}
    assert imported == {*PAGES[0], *PAGES[1]}
    wait_for_the_lock_to_go(database_url)

    registry.held.clear()
    registry.requests.clear()
    again = sync(env)
    out, err = again.communicate(timeout=300)

    assert again.returncode == 0, err
    # It resumed where the killed run stopped, and went on to the end.
    assert [request.query.get("pageToken") for request in registry.requests] == [
        f"page-{KILLED_ON}",
        f"page-{KILLED_ON + 1}",
    ]
    assert "4 created, 0 updated, 0 unchanged, 0 failed" in out
    cursor, done, running_since = search_state(database_url)
    assert "page_token" not in cursor and cursor["since"]
    assert (done, running_since) == (4, None)
    # Every record once, each complete: its sites, outcomes and conditions, none twice.
    names = [name for page in PAGES for name in page]
    counts = {identifier: tuple(rest) for identifier, *rest in rows(database_url, TRIALS)}
    assert counts == {name: expected_rows(name) for name in names}
    (duplicated,) = rows(
        database_url,
        "SELECT count(*) FROM (SELECT value FROM trials_trialidentifier GROUP BY trial_id, value "
        "HAVING count(*) > 1) AS twice",
    )
    assert duplicated == (0,)


def wait_for_the_lock_to_go(database_url):
    """On PostgreSQL the lock of the search is the killed process's session's: it goes when
    the server has seen that session end."""
    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + 30
    while rows(
        database_url,
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
        "(SELECT oid FROM pg_database WHERE datname = current_database())",
    ) != [(0,)]:
        assert time.monotonic() < deadline, "the killed sync's lock is still held"
        time.sleep(0.05)


# Each trial: its identifier, and how many sites, outcomes and conditions it has.
TRIALS = """
    SELECT primary_identifier,
        (SELECT count(*) FROM trials_site WHERE trial_id = trial.id),
        (SELECT count(*) FROM trials_outcome WHERE trial_id = trial.id),
        (SELECT count(*) FROM trials_trial_conditions WHERE trial_id = trial.id)
    FROM trials_trial AS trial
"""


def expected_rows(name):
    """The rows a complete import of the record writes, as the mapper reads it."""
    record = map_record(fixture("ctgov", name))
    conditions = {normalised_name(condition) for condition in record.conditions} - {""}
    return len(record.sites), len(record.outcomes), len(conditions)
