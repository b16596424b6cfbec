"""Read registry records from files, directories, zips, JSON Lines or standard input.

Each record comes out as a `SourceItem` with a label a person can find it by
(`studies.zip:NCT01640457.json`, `dump.jsonl:line 12`, `response.json[3]`); a file or line
that cannot be read comes out as an item with an `error` instead, so one bad input never stops
the others.
"""

import io
import sys
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from .reader import describe

JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}

# What one zip member may inflate to, and how many times its compressed size (above 1 MiB):
# a member is read whole, so a "zip bomb" would otherwise take all the memory.
MAX_MEMBER_BYTES = 256 * 2**20
MAX_INFLATION_RATIO = 100
INFLATION_CHECKED_ABOVE = 2**20
# One record as JSON (a line of JSON Lines, or the record serialised): the largest registry
# records, with thousands of sites, are a few megabytes.
MAX_RECORD_BYTES = 16 * 2**20


@dataclass(frozen=True)
class SourceItem:
    label: str
    payload: dict | None = None
    error: str | None = None


def iter_source_items(paths, stdin=None) -> Iterator[SourceItem]:
    for raw_path in paths:
        if raw_path == "-":
            yield from _items_from_text("<stdin>", (stdin or sys.stdin).read())
            continue
        path = Path(raw_path)
        if path.is_dir():
            yield from _items_from_directory(path)
        elif not path.exists():
            yield SourceItem(str(path), error="no such file or directory")
        else:
            yield from _items_from_file(path)


def _items_from_directory(directory: Path):
    files = sorted(
        p
        for p in directory.rglob("*")
        if p.is_file() and p.suffix.lower() in JSON_SUFFIXES | JSONL_SUFFIXES | {".zip"}
    )
    for path in files:
        yield from _items_from_file(path)


def _items_from_file(path: Path):
    suffix = path.suffix.lower()
    if suffix == ".zip":
        yield from _items_from_zip(path)
    elif suffix in JSONL_SUFFIXES:
        try:
            with path.open(encoding="utf-8") as lines:
                yield from _items_from_json_lines(str(path), lines)
        except (OSError, UnicodeDecodeError) as error:
            yield SourceItem(str(path), error=f"cannot read the rest of the file: {error}")
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            yield SourceItem(str(path), error=f"cannot read the file: {error}")
            return
        yield from _items_from_text(str(path), text)


def _items_from_zip(path: Path):
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        yield SourceItem(str(path), error=f"not a readable zip file: {error}")
        return
    with archive:
        yield from _items_from_archive(str(path), archive, nested=False)


def _items_from_archive(label, archive, *, nested):
    """The records of a zip's JSON and JSON Lines members; a zip inside it is read too (one
    level: a zip in that one is reported, not read)."""
    for info in sorted(archive.infolist(), key=lambda info: info.filename):
        member = info.filename
        suffix = Path(member).suffix.lower()
        if info.is_dir() or suffix not in JSON_SUFFIXES | JSONL_SUFFIXES | {".zip"}:
            continue
        member_label = f"{label}:{member}"
        if suffix == ".zip" and nested:
            yield SourceItem(
                member_label, error="a zip inside a zip inside a zip is not read: unpack it first"
            )
            continue
        too_large = _member_too_large(info)
        if too_large:
            yield SourceItem(member_label, error=too_large)
            continue
        try:
            data = archive.read(info)
            if suffix == ".zip":
                inner = zipfile.ZipFile(io.BytesIO(data))
            else:
                data = data.decode("utf-8")
        # A corrupted deflate stream raises zlib.error, an encrypted member RuntimeError
        # and an unsupported compression method NotImplementedError, not BadZipFile.
        except (
            OSError,
            zipfile.BadZipFile,
            zlib.error,
            RuntimeError,
            NotImplementedError,
            UnicodeDecodeError,
            EOFError,
        ) as error:
            yield SourceItem(member_label, error=f"broken zip member: {error}")
            continue
        if suffix == ".zip":
            with inner:
                yield from _items_from_archive(member_label, inner, nested=True)
        elif suffix in JSONL_SUFFIXES:
            yield from _items_from_json_lines(member_label, data.splitlines())
        else:
            yield from _items_from_text(member_label, data)


def _member_too_large(info: zipfile.ZipInfo) -> str:
    """Why a zip member is not read, from the sizes its header gives (which bound what
    `zipfile` inflates); "" if it may be read."""
    if info.file_size > MAX_MEMBER_BYTES:
        return (
            f"the member inflates to {info.file_size:,} bytes, more than the "
            f"{MAX_MEMBER_BYTES:,} bytes a member may have: unpack it, or split it"
        )
    if info.file_size > INFLATION_CHECKED_ABOVE and info.file_size > MAX_INFLATION_RATIO * max(
        info.compress_size, 1
    ):
        return (
            f"the member inflates {info.file_size // max(info.compress_size, 1):,} times "
            f"(from {info.compress_size:,} to {info.file_size:,} bytes), more than the "
            f"{MAX_INFLATION_RATIO} times a registry record does: not read"
        )
    return ""


def _items_from_json_lines(label, lines):
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        item_label = f"{label}:line {number}"
        if len(line) > MAX_RECORD_BYTES:
            yield SourceItem(item_label, error=record_too_large(len(line), MAX_RECORD_BYTES))
            continue
        try:
            payload = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            yield SourceItem(item_label, error=f"invalid JSON: {error.msg} (column {error.colno})")
            continue
        yield from _items_from_document(item_label, payload)


def _items_from_text(label, text):
    stripped = text.lstrip()
    if not stripped:
        yield SourceItem(label, error="the file is empty")
        return
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError as whole_error:
        # Standard input may be JSON Lines as well as one JSON document.
        if stripped.startswith("{") and "\n" in stripped.strip():
            lines = list(_items_from_json_lines(label, text.splitlines()))
            if any(item.payload is not None for item in lines):
                yield from lines
                return
        yield SourceItem(label, error=f"invalid or truncated JSON: {whole_error}")
        return
    yield from _items_from_document(label, document)


def _items_from_document(label, document):
    if isinstance(document, dict) and isinstance(document.get("studies"), list):
        records = document["studies"]
    elif isinstance(document, list):
        records = document
    else:
        yield _item(label, document)
        return
    for index, record in enumerate(records):
        yield _item(f"{label}[{index}]", record)


def _item(label, record):
    if not isinstance(record, dict):
        return SourceItem(
            label, error=f"expected a registry record (a JSON object), found {describe(record)}"
        )
    return SourceItem(label, payload=record)


def record_too_large(size: int, limit: int) -> str:
    return f"the record is {size:,} bytes long, more than the {limit:,} bytes a record may have"


def count_records(paths) -> int | None:
    """How many records the paths hold, cheaply, for a progress bar; None when unknown."""
    total = 0
    for raw_path in paths:
        if raw_path == "-":
            return None
        path = Path(raw_path)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            suffix = file.suffix.lower()
            try:
                if suffix == ".zip":
                    with zipfile.ZipFile(file) as archive:
                        total += sum(
                            1
                            for name in archive.namelist()
                            if Path(name).suffix.lower() in JSON_SUFFIXES
                        )
                elif suffix in JSONL_SUFFIXES:
                    with file.open("rb") as lines:
                        total += sum(1 for line in lines if line.strip())
                elif suffix in JSON_SUFFIXES:
                    total += 1
            except (OSError, zipfile.BadZipFile):
                total += 1
    return total
