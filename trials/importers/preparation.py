"""Source items made ready to write: mapped onto a `TrialRecord`, validated and hashed.

This is the part of an import that needs no database, and about a third of its work: reading
and parsing JSON, mapping, hashing. `prepared_records(..., in_background=True)` does it in a
second process, forked from this one, while this one writes: on a machine with two cores the
two halves run side by side. The child never touches the parent's database connection.
"""

import ctypes
import hashlib
import multiprocessing
import os
import queue
import signal
import sys
import threading
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

import orjson
from django.core.exceptions import ValidationError

from config.languages import DEFAULT_LANGUAGE
from trials.identifiers import parse_identifier
from trials.models import Trial

from . import map_record, record_label
from .records import RecordError, TrialRecord
from .sources import SourceItem

# The registry-owned fields a record sets: translated ones per language, the others as they are.
TRANSLATED_RECORD_FIELDS = [
    name for name in Trial.REGISTRY_FIELDS if name in Trial.translatable_fields()
]
PLAIN_RECORD_FIELDS = [
    name for name in Trial.REGISTRY_FIELDS if name not in TRANSLATED_RECORD_FIELDS
]

# Part of every record's hash: bump it when the mapping changes, so that a re-import applies it.
IMPORTER_VERSION = 4

# How many prepared chunks may wait for the writer: memory stays bounded whatever the input.
CHUNKS_AHEAD = 4


@dataclass(frozen=True)
class PreparedRecord:
    label: str  # where the record was read, for a person to find it
    identifier: str  # the registry identifier, where the record has a readable one
    digest: str = ""
    record: TrialRecord | None = None
    error: str | None = None


def record_hash(payload) -> str:
    canonical = orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(b"%d:%s" % (IMPORTER_VERSION, canonical)).hexdigest()


def prepare(item: SourceItem) -> PreparedRecord:
    """Map, validate and hash one item; a record that cannot be imported carries the reason."""
    if item.error:
        return PreparedRecord(item.label, "", error=item.error)
    identifier = record_label(item.payload)
    try:
        record = map_record(item.payload)
        validate_record(record)
    except RecordError as error:
        return PreparedRecord(item.label, identifier, error=str(error))
    return PreparedRecord(item.label, identifier, record_hash(item.payload), record)


def validate_record(record: TrialRecord) -> None:
    """Refuse what the database would refuse, before anything is written."""
    try:
        parse_identifier(record.primary_identifier)
    except ValidationError as error:
        raise RecordError(f"invalid primary identifier: {'; '.join(error.messages)}") from None
    for name in PLAIN_RECORD_FIELDS:
        field = Trial._meta.get_field(name)
        value = getattr(record, name)
        if field.max_length and isinstance(value, str) and len(value) > field.max_length:
            raise RecordError(f"{name} is longer than {field.max_length} characters")
        if field.choices and value and value not in dict(field.choices):
            raise RecordError(f"{name} has an unknown value {value!r}")
    if record.enrollment is not None and not (0 <= record.enrollment <= 2_147_483_647):
        raise RecordError(f"enrollment {record.enrollment} is out of range")
    if not record.public_title.get(DEFAULT_LANGUAGE) and not record.official_title.get(
        DEFAULT_LANGUAGE
    ):
        raise RecordError("the record has no title")


def prepared_records(
    items: Iterable[SourceItem], *, in_background: bool = False, chunk_size: int = 200
) -> Iterator[PreparedRecord]:
    """The items, prepared, in their order: here, or in a forked process where the platform
    can fork. `items` is then read in that process, so it must not be read here."""
    if in_background and "fork" in multiprocessing.get_all_start_methods():
        yield from _prepared_in_child(items, chunk_size)
    else:
        yield from map(prepare, items)


def _prepared_in_child(items, chunk_size):
    context = multiprocessing.get_context("fork")
    chunks = context.Queue(maxsize=CHUNKS_AHEAD)
    # The child reads the other end: it sees end-of-file when this process is gone, however
    # it died (`kill -9` runs no `finally`, and a daemon child would wait on a full queue).
    alive_read, alive_write = os.pipe()
    child = context.Process(
        target=_prepare_chunks,
        args=(items, chunks, chunk_size, os.getpid(), alive_read, alive_write),
        name="prepare-records",
    )
    child.daemon = True
    try:
        child.start()
    finally:
        os.close(alive_read)
    try:
        while True:
            try:
                chunk = chunks.get(timeout=1)
            except queue.Empty:
                if not child.is_alive():
                    raise RuntimeError(
                        f"the process preparing the records stopped (exit code {child.exitcode})"
                    ) from None
                continue
            if chunk is None:
                return
            if isinstance(chunk, str):
                raise RuntimeError(f"preparing the records failed:\n{chunk}")
            yield from chunk
    finally:
        if child.is_alive():
            child.terminate()
        child.join()
        chunks.close()
        os.close(alive_write)


def _prepare_chunks(items, chunks, chunk_size, parent_pid, alive_read, alive_write):
    """In the child: prepare the items chunk by chunk; None when done, a traceback if broken."""
    _die_with_parent(parent_pid, alive_read, alive_write)
    try:
        iterator = iter(items)
        while chunk := [prepare(item) for item in islice(iterator, chunk_size)]:
            chunks.put(chunk)
        chunks.put(None)
    except BaseException:
        chunks.put(traceback.format_exc())


PR_SET_PDEATHSIG = 1


def _die_with_parent(parent_pid, alive_read, alive_write):
    """Make this child end as soon as its parent does. On Linux the kernel kills it (a parent
    death signal); everywhere, a thread waits for end-of-file on the parent's pipe."""
    os.close(alive_write)  # the fork copied the parent's end: only the parent may hold it
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before the signal was asked for
        os._exit(1)

    def wait_for_parent():
        while os.read(alive_read, 1):
            pass
        os._exit(1)

    threading.Thread(target=wait_for_parent, name="parent-watch", daemon=True).start()
