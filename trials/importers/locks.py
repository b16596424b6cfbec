"""PostgreSQL advisory locks that let several imports write at once, each trial by one of them.

Several processes may import at once: the workers of `import_trials --workers N`, syncs of
followed searches on several Celery workers. Without locks two of them could each create the
same trial, or make two trials of the records of one trial in two registries (a CTIS record
naming an NCT number), or count an intervention's trials from a snapshot that misses the
other's. So, on PostgreSQL:

- a batch locks every registry identifier its records name, then the rows of the trials
  already known by them, before it reads them (`lock_identifiers`, `lock_trials`): records
  that share an identifier are written one after the other, the second reading what the first
  committed;
- conditions and interventions are created one import at a time (`session_locked(NAMES_KEY)`), in a
  transaction of their own, so that each name is created once;
- the counts of trials are computed one batch at a time (`lock_counts`), and so are the
  statistics (`session_locked(STATISTICS_KEY)`), each reading what the others committed.

Identifier locks are always taken in one sorted statement, before any row lock, and the
other locks are each taken alone: no two importers can wait for each other.
"""

import hashlib
from contextlib import contextmanager

from django.db import connection


def advisory_key(name: str) -> int:
    """A signed 64-bit key for `name`, as pg_advisory_lock takes it."""
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


NAMES_KEY = advisory_key("trials.importers: conditions and interventions")
COUNTS_KEY = advisory_key("trials.importers: trial counts")
STATISTICS_KEY = advisory_key("trials.importers: statistics")


def identifier_key(value: str) -> int:
    return advisory_key(f"trials.importers: identifier {value}")


def lock_identifiers(values) -> None:
    """Hold, until the transaction ends, the lock of each of these identifiers: taken in the
    order of their keys (unnest keeps the array's order), so that two batches never wait for
    each other."""
    keys = sorted({identifier_key(value) for value in values})
    if not keys:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(key)) FROM unnest(%s::bigint[]) AS key", [keys]
        )


def lock_trials(queryset) -> list[int]:
    """Lock the rows of these trials until the transaction ends, in the order of their keys;
    their primary keys. A trial another batch is writing is read once that batch committed."""
    return list(
        queryset.order_by("pk").select_for_update(of=("self",)).values_list("pk", flat=True)
    )


def lock_counts() -> None:
    """Hold the lock of the trial counts until the transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [COUNTS_KEY])


@contextmanager
def session_locked(key: int):
    """Hold this lock while the block runs (NAMES_KEY, STATISTICS_KEY). A session lock, released
    when the block ends: a block that creates rows commits them before others may take it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [key])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
