"""Generated hostile records, made from the real ones, through import, page, feed and API."""

import json

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.trials.test_bad_input import ONERROR, SCRIPT, feed_summaries, runnable
from tests.trials.test_import import fixture_json
from trials.characters import UNWANTED
from trials.importers.sources import SourceItem
from trials.importers.writer import import_items

pytestmark = pytest.mark.django_db

GOOD = ("NCT05816382.json", "2024-510663-34-00.json")
HOSTILE_BASES = ("NCT01640457.json", "NCT03607838.json", "2023-505613-24-00.json")

HOSTILE_TEXTS = [
    SCRIPT,
    ONERROR,
    "</script><script>hostile()</script>",
    "]]></summary><script>hostile()</script>",
    '"><svg onload="hostile()">',
    "[link](javascript:hostile())",
    "\u0000",
    "a\u0000b",
    "\u001b[31mred",
    "\u007f\u0085\u009f",
    "\u202eoverride",
    "\u2066isolate\u2069",
    "\u200f\u061c",
    "x" * 60_000,
    "word " * 12_000,
    "{{ 7|add:1 }} {% now 'Y' %}",
    "%(phase)s %s",
    "&lt;script&gt;hostile()&lt;/script&gt;",
    "",
    " ",
]
hostile_text = st.one_of(
    st.sampled_from(HOSTILE_TEXTS),
    st.tuples(st.sampled_from(HOSTILE_TEXTS), st.text(max_size=20)).map("".join),
    st.text(max_size=30),
)
wrong_type = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.one_of(st.integers(0, 9), hostile_text), max_size=3),
    st.dictionaries(st.text(max_size=5), hostile_text, max_size=2),
)


def _follow(record, path):
    for step in path:
        record = record[step]
    return record


def value_paths(value, path=()):
    """The path of every value in a JSON record, containers and leaves."""
    paths = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            paths += value_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            paths += value_paths(item, (*path, index))
    return paths


BASES = {name: fixture_json(name) for name in HOSTILE_BASES}


def text_paths(record):
    return [path for path in value_paths(record) if isinstance(_follow(record, path), str)]


def replaced(record, path, value):
    record = json.loads(json.dumps(record))
    *parents, last = path
    _follow(record, parents)[last] = value
    return record


@st.composite
def hostile_records(draw):
    name = draw(st.sampled_from(HOSTILE_BASES))
    record = BASES[name]
    # Mostly texts, which is where a registry's words go; now and then any value at all.
    for _ in range(draw(st.integers(1, 4))):
        texts = text_paths(record) if isinstance(record, dict) else []
        if texts and draw(st.integers(0, 3)):
            path = draw(st.sampled_from(texts))
            value = draw(hostile_text)
        elif value_paths(record):
            path = draw(st.sampled_from(value_paths(record)))
            value = draw(st.one_of(hostile_text, wrong_type))
        else:
            break
        record = replaced(record, path, value)
    return name, record


def identifier_of(record):
    protocol = record.get("protocolSection") if isinstance(record, dict) else None
    if isinstance(protocol, dict):
        return protocol["identificationModule"]["nctId"]
    return record["ctNumber"]


def api_texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from api_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from api_texts(item)


def assert_shows_nothing_hostile(response):
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert "hostile()" not in runnable(html)
    assert UNWANTED.search(html) is None


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(hostile=hostile_records())
def test_hostile_record_fails_alone_or_is_shown_harmlessly(client, hostile):
    name, record = hostile
    good = [fixture_json(good_name) for good_name in GOOD]
    items = [
        SourceItem("good-1", payload=good[0]),
        SourceItem("hostile", payload=record),
        SourceItem("good-2", payload=good[1]),
    ]

    report = import_items(items, publish=True, batch_size=3)

    # The record fails named, or is imported; the good ones beside it always are.
    assert [failure.label for failure in report.failures] in ([], ["hostile"]), report.failures
    assert not any("cannot read this record" in failure.reason for failure in report.failures)
    assert report.done == 3
    for good_record in good:
        identifier = identifier_of(good_record)
        assert_shows_nothing_hostile(client.get(reverse("trial_detail", args=[identifier])))
    summaries = feed_summaries(client)  # well-formed XML, whatever the texts
    assert all("hostile()" not in runnable(summary) for summary in summaries)
    if report.failures:
        return
    identifier = identifier_of(BASES[name])
    assert_shows_nothing_hostile(client.get(reverse("trial_detail", args=[identifier])))
    api = client.get(f"/api/v1/trials/{identifier}/")
    assert api.status_code == 200
    assert not any(UNWANTED.search(text) for text in api_texts(api.json()))
