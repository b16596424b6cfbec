"""Preparing records (read, map, validate, hash) here or in a second process: the same result."""

import os
import time
from pathlib import Path

import pytest

from trials.importers.preparation import prepare, prepared_records
from trials.importers.sources import SourceItem, iter_source_items

FIXTURES = Path(__file__).parents[1] / "fixtures"


def fixture_items():
    return iter_source_items([str(FIXTURES)])


def test_records_prepared_in_background_are_those_prepared_here_in_the_same_order():
    here = list(prepared_records(fixture_items()))
    background = list(prepared_records(fixture_items(), in_background=True, chunk_size=3))

    assert background == here
    assert len(here) == len(list(FIXTURES.rglob("*.json")))
    assert all(prepared.record and prepared.digest and not prepared.error for prepared in here)


def test_a_record_that_cannot_be_imported_carries_its_reason():
    items = [
        SourceItem("a.json", payload={"protocolSection": {}}),
        SourceItem("b.json", error="invalid JSON: unexpected end (column 3)"),
        SourceItem("c.json", payload={"something": "else"}),
    ]

    prepared = list(prepared_records(items, in_background=True))

    assert [(p.label, p.record, p.digest) for p in prepared] == [
        ("a.json", None, ""),
        ("b.json", None, ""),
        ("c.json", None, ""),
    ]
    assert "without an NCT identifier" in prepared[0].error
    assert prepared[1].error == "invalid JSON: unexpected end (column 3)"
    assert "unknown record format" in prepared[2].error


def test_the_hash_changes_with_the_record_and_only_with_it():
    item = next(iter(fixture_items()))
    changed = dict(item.payload, extra="x")

    assert prepare(item).digest == prepare(SourceItem("copy", payload=dict(item.payload))).digest
    assert prepare(SourceItem("changed", payload=changed)).digest != prepare(item).digest


def test_an_error_while_reading_in_the_second_process_is_raised_here():
    def items():
        yield next(iter(fixture_items()))
        raise OSError("the disk went away")

    with pytest.raises(RuntimeError, match="the disk went away"):
        list(prepared_records(items(), in_background=True, chunk_size=1))


def test_a_second_process_that_dies_is_reported():
    def items():
        yield next(iter(fixture_items()))
        os._exit(3)

    with pytest.raises(RuntimeError, match="exit code 3"):
        list(prepared_records(items(), in_background=True, chunk_size=1))


def test_stopping_early_ends_the_second_process():
    def endless():
        item = next(iter(fixture_items()))
        while True:
            yield item

    prepared = prepared_records(endless(), in_background=True, chunk_size=10)
    started = time.monotonic()
    assert next(prepared).record is not None
    prepared.close()

    assert time.monotonic() - started < 30
