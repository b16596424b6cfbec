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
from trials.characters import UNWANTED, UNWANTED_IN_JSON, code_points, without_unwanted
from trials.identifiers import parse_identifier
from trials.models import Trial

from . import map_record, record_label
from .records import RecordError, TrialRecord, collected_warnings
from .sources import MAX_RECORD_BYTES, SourceItem, record_too_large

# The registry-owned fields a record sets: translated ones per language, the others as they are.
TRANSLATED_RECORD_FIELDS = [
    name for name in Trial.REGISTRY_FIELDS if name in Trial.translatable_fields()
]
PLAIN_RECORD_FIELDS = [
    name for name in Trial.REGISTRY_FIELDS if name not in TRANSLATED_RECORD_FIELDS
]

# Part of every record's hash: bump it when the mapping changes, so that a re-import applies it.
IMPORTER_VERSION = 5

# The longest text one field of a record may hold. ClinicalTrials.gov allows 32,000 characters
# in its longest field; a text far longer is not a summary, and it would slow every search
# that matches it.
MAX_FIELD_CHARS = 50_000

# How many prepared chunks may wait for the writer: memory stays bounded whatever the input.
CHUNKS_AHEAD = 4


@dataclass(frozen=True)
class PreparedRecord:
    label: str  # where the record was read, for a person to find it
    identifier: str  # the registry identifier, where the record has a readable one
    digest: str = ""
    record: TrialRecord | None = None
    error: str | None = None
    # Values left out or changed, each "field path: what and why"; the record is imported.
    warnings: tuple[str, ...] = ()


def record_hash(payload) -> str:
    return _digest(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS))


def _digest(canonical: bytes) -> str:
    return hashlib.sha256(b"%d:%s" % (IMPORTER_VERSION, canonical)).hexdigest()


def prepare(item: SourceItem) -> PreparedRecord:
    """Check, map, validate and hash one item; a record that cannot be imported carries the
    reason, one that is imported with a value left out or changed carries warnings."""
    if item.error:
        return PreparedRecord(item.label, "", error=item.error)
    payload = item.payload
    canonical = orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)
    if len(canonical) > MAX_RECORD_BYTES:
        return PreparedRecord(
            item.label, "", error=record_too_large(len(canonical), MAX_RECORD_BYTES)
        )
    notes = []
    # One search of the serialised record spares walking the texts of almost all of them.
    if UNWANTED_IN_JSON.search(canonical):
        payload = without_unwanted_texts(payload, "", notes)
    identifier = record_label(payload)
    try:
        with collected_warnings() as mapping_notes:
            record = map_record(payload)
            validate_record(record)
            # Only a record longer than a field may be can hold a text that is too long.
            if len(canonical) > MAX_FIELD_CHARS and oversized_text(record) is not None:
                raise RecordError(field_too_long(payload, record))
    except RecordError as error:
        return PreparedRecord(item.label, identifier, error=str(error))
    except Exception as error:  # a record the mappers trip on fails alone, named
        return PreparedRecord(
            item.label,
            identifier,
            error=f"the importer cannot read this record ({type(error).__name__}: {error})",
        )
    return PreparedRecord(
        item.label,
        identifier,
        _digest(canonical),
        record,
        warnings=(*notes, *mapping_notes),
    )


def without_unwanted_texts(value, path, notes):
    """The record with control and bidirectional characters removed from its texts, each
    removal noted with the field's path."""
    if isinstance(value, str):
        if UNWANTED.search(value):
            notes.append(
                f"{path}: control or bidirectional characters removed ({code_points(value)})"
            )
            return without_unwanted(value)
        return value
    if isinstance(value, dict):
        return {
            key: without_unwanted_texts(item, f"{path}.{key}" if path else key, notes)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [
            without_unwanted_texts(item, f"{path}[{index}]", notes)
            for index, item in enumerate(value)
        ]
    return value


def oversized_text(value) -> tuple[str, int] | None:
    """The path and length of the first text longer than MAX_FIELD_CHARS in a record (JSON,
    or mapped onto a `TrialRecord`), or None."""
    if isinstance(value, str):
        return ("", len(value)) if len(value) > MAX_FIELD_CHARS else None
    if isinstance(value, dict):
        pairs = value.items()
    elif isinstance(value, list | tuple):
        pairs = enumerate(value)
    elif hasattr(value, "__dataclass_fields__"):
        pairs = ((name, getattr(value, name)) for name in value.__dataclass_fields__)
    else:
        return None
    for key, item in pairs:
        found = oversized_text(item)
        if found is not None:
            step = f"[{key}]" if isinstance(key, int) else f".{key}"
            return step + found[0], found[1]
    return None


def field_too_long(payload, record) -> str:
    """Which text is too long: its path in the record as given, or in the mapped record where
    the mapping joined several texts."""
    path, length = oversized_text(payload) or oversized_text(record)
    return (
        f"{path.lstrip('.')}: the text is {length:,} characters long, more than the "
        f"{MAX_FIELD_CHARS:,} a field may hold"
    )


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
    die_with_parent(parent_pid, alive_read, alive_write)
    try:
        iterator = iter(items)
        while chunk := [prepare(item) for item in islice(iterator, chunk_size)]:
            chunks.put(chunk)
        chunks.put(None)
    except BaseException:
        chunks.put(traceback.format_exc())


PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid, alive_read, alive_write):
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
