"""Hostile and broken input: every path names what it rejects and keeps what is good."""

import io
import json
import zipfile
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from tests.factories import TrialFactory
from tests.trials.test_import import compact, ctgov_section, fixture_json, run_import
from trials.importers import preparation, sources
from trials.models import Intervention, Outcome, Trial

pytestmark = pytest.mark.django_db

SCRIPT = "<script>hostile()</script>"
ONERROR = '<img src="x" onerror="hostile()">'
RLO = "\u202e"


class ScriptFinder(HTMLParser):
    """What of a page a browser would run: script elements' text and on* attributes. JSON
    data (structured data) is not run; a `</script>` in it would end it and be caught."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.handlers, self._in_script = [], [], False

    def handle_starttag(self, tag, attrs):
        data = dict(attrs).get("type") in ("application/ld+json", "application/json")
        self._in_script = tag == "script" and not data
        self.handlers += [value or "" for name, value in attrs if name.startswith("on")]

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def runnable(html):
    """The code a browser would run from this HTML, as one text."""
    finder = ScriptFinder()
    finder.feed(html)
    return " ".join(finder.scripts + finder.handlers)


def feed_summaries(client):
    response = client.get(reverse("trial_feed"))
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return [element.text or "" for element in root.iter("{http://www.w3.org/2005/Atom}summary")]


def records_file(directory, name, records):
    path = directory / name
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def edited(name, edit):
    record = fixture_json(name)
    edit(record)
    return record


def set_title(title):
    return lambda record: ctgov_section(record, "identificationModule").update(briefTitle=title)


# The feed -----------------------------------------------------------------------------------


def test_feed_summary_carries_markup_as_text_a_reader_does_not_run(client):
    TrialFactory(brief_summary_en=f"Before {SCRIPT} and {ONERROR} after.")

    (summary,) = feed_summaries(client)

    # The summary is type="html": what the reader parses as HTML must run nothing.
    assert "hostile()" in summary
    assert runnable(summary) == ""
    assert "<script>" not in summary and "<img" not in summary


# NUL and other control characters -------------------------------------------------------------


def test_nul_in_a_title_is_removed_named_and_the_rest_of_its_batch_imported(tmp_path):
    records = [
        fixture_json("NCT05816382.json"),
        edited("NCT01640457.json", set_title("Stem cells\u0000 for discs\u0007")),
        fixture_json("NCT06171568.json"),
    ]

    code, out, err = run_import(records_file(tmp_path, "batch.json", records))

    assert code == 0, err
    assert "3 created, 0 updated, 0 unchanged, 0 failed, 1 warning" in out
    assert err.splitlines() == [
        "warning: "
        f"{tmp_path / 'batch.json'}[1] (NCT01640457): "
        "protocolSection.identificationModule.briefTitle: "
        "control or bidirectional characters removed (U+0000, U+0007)"
    ]
    assert Trial.objects.get(primary_identifier="NCT01640457").public_title == (
        "Stem cells for discs"
    )
    assert Trial.objects.count() == 3


def test_nul_in_a_list_field_of_the_admin_is_refused_on_that_field(admin_client):
    data = {
        "name_en": "Ibuprofen",
        "slug": "ibuprofen",
        "state": "draft",
        "other_names": "Brufen\nNuro\u0000fen",
        "section_texts-TOTAL_FORMS": "0",
        "section_texts-INITIAL_FORMS": "0",
    }

    response = admin_client.post(reverse("admin:trials_intervention_add"), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "other_names" in errors, errors
    assert "U+0000" in errors["other_names"][0]
    assert not Intervention.objects.exists()


def test_bidirectional_override_typed_by_an_editor_is_removed(admin_client):
    data = {
        "name_en": f"Ibu{RLO}profen",
        "slug": "ibuprofen",
        "state": "draft",
        "other_names": f"Bru{RLO}fen",
        "section_texts-TOTAL_FORMS": "0",
        "section_texts-INITIAL_FORMS": "0",
    }

    response = admin_client.post(reverse("admin:trials_intervention_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    intervention = Intervention.objects.get()
    assert (intervention.name_en, intervention.other_names) == ("Ibuprofen", ["Brufen"])


# Values left out are reported ------------------------------------------------------------------


def test_outcome_without_a_measure_is_reported_and_the_others_kept(tmp_path):
    def drop_measure(record):
        ctgov_section(record, "outcomesModule")["primaryOutcomes"][1]["measure"] = None

    record = edited("NCT01640457.json", drop_measure)
    given = sum(len(items) for items in ctgov_section(record, "outcomesModule").values())

    code, out, err = run_import(records_file(tmp_path, "one.json", record))

    assert code == 0, err
    assert "protocolSection.outcomesModule.primaryOutcomes[1].measure: missing" in err
    assert Outcome.objects.filter(trial__primary_identifier="NCT01640457").count() == given - 1


def test_invalid_date_is_reported_with_its_field_path(tmp_path):
    def bad_date(record):
        ctgov_section(record, "statusModule")["startDateStruct"]["date"] = "2024-13-45"

    code, out, err = run_import(
        records_file(tmp_path, "one.json", edited("NCT01640457.json", bad_date))
    )

    assert code == 0, err
    assert (
        "protocolSection.statusModule.startDateStruct.date: the text '2024-13-45' is not a date"
        in err
    )
    assert Trial.objects.get().start_date == ""


TRIAL_DURATION = ("authorizedApplication", "authorizedPartI", "trialDetails", "trialInformation")


@pytest.mark.parametrize(
    ("path", "bad"),
    [
        (("lastUpdated",), "2024-13-45"),
        (("lastUpdated",), "31/02/2025"),
        ((*TRIAL_DURATION, "trialDuration", "estimatedEndDate"), "2026-12-45"),
    ],
)
def test_invalid_ctis_date_is_reported_and_the_record_imported_without_it(tmp_path, path, bad):
    def bad_date(record):
        target = record
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = bad

    record = edited("2024-510663-34-00.json", bad_date)

    code, out, err = run_import(records_file(tmp_path, "one.json", record))

    assert code == 0, err
    assert "1 created, 0 updated, 0 unchanged, 0 failed, 1 warning" in out
    assert (
        f"(2024-510663-34-00): {'.'.join(path)}: the text '{bad}' is not a date like "
        "29/01/2021 or 2021-01-29; left empty"
    ) in err
    trial = Trial.objects.get(primary_identifier="2024-510663-34-00")
    assert trial.public_title_en
    if path == ("lastUpdated",):
        assert trial.last_update is None
    else:
        assert (trial.start_date, trial.completion_date) == ("2021-01-29", "")


def test_the_same_trial_twice_in_one_input_is_reported_and_the_later_copy_imported(tmp_path):
    first = edited("NCT01640457.json", set_title("First copy"))
    second = edited("NCT01640457.json", set_title("Second copy"))

    code, out, err = run_import(records_file(tmp_path, "twice.json", [first, second]))

    assert code == 0, err
    assert "1 created, 1 updated, 0 unchanged, 0 failed, 1 warning" in out
    assert "[1] (NCT01640457): the input has this trial's record twice" in err
    assert f"first at {tmp_path / 'twice.json'}[0]" in err
    assert Trial.objects.get().public_title == "Second copy"


# Archives -------------------------------------------------------------------------------------


def zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_inside_a_zip_is_read_and_one_deeper_is_reported(tmp_path):
    deepest = zip_bytes({"NCT05816382.json": compact("NCT05816382.json")})
    inner = zip_bytes({"NCT06171568.json": compact("NCT06171568.json"), "deeper.zip": deepest})
    path = tmp_path / "outer.zip"
    path.write_bytes(
        zip_bytes({"NCT01640457.json": compact("NCT01640457.json"), "inner.zip": inner})
    )

    code, out, err = run_import(path)

    assert code == 1
    assert sorted(Trial.objects.values_list("primary_identifier", flat=True)) == [
        "NCT01640457",
        "NCT06171568",
    ]
    assert f"failed: {path}:inner.zip:deeper.zip: a zip inside a zip inside a zip" in err


def test_zip_member_that_inflates_too_much_is_refused_unread(tmp_path):
    bomb = '{"protocolSection": "' + " " * (8 * 2**20) + '"}'
    path = tmp_path / "bomb.zip"
    path.write_bytes(
        zip_bytes({"bomb.json": bomb, "NCT01640457.json": compact("NCT01640457.json")})
    )

    code, out, err = run_import(path)

    assert code == 1
    assert f"failed: {path}:bomb.json: the member inflates" in err
    assert "more than the 100 times a registry record does" in err
    assert Trial.objects.get().primary_identifier == "NCT01640457"


def test_zip_member_larger_than_the_cap_is_refused_by_its_header(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_MEMBER_BYTES", 10_000)
    path = tmp_path / "big.zip"
    path.write_bytes(zip_bytes({"NCT01640457.json": compact("NCT01640457.json")}))

    code, out, err = run_import(path)

    assert code == 1
    assert f"failed: {path}:NCT01640457.json: the member inflates to" in err
    assert "more than the 10,000 bytes a member may have" in err


# Sizes ----------------------------------------------------------------------------------------


def test_a_field_longer_than_a_field_holds_fails_its_record_by_path(tmp_path):
    def huge(record):
        ctgov_section(record, "descriptionModule")["briefSummary"] = "word " * 2_000_000

    records = [edited("NCT01640457.json", huge), fixture_json("NCT06171568.json")]

    code, out, err = run_import(records_file(tmp_path, "big.json", records))

    assert code == 1
    assert (
        f"failed: {tmp_path / 'big.json'}[0] (NCT01640457): "
        "protocolSection.descriptionModule.briefSummary: the text is 10,000,000 characters long"
    ) in err
    assert Trial.objects.get().primary_identifier == "NCT06171568"


def test_both_registries_name_the_record_and_the_field_of_the_wrong_type_alike(tmp_path):
    def ctgov_design(record):
        ctgov_section(record, "designModule")["designInfo"] = "RANDOMIZED"

    def ctis_application(record):
        record["authorizedApplication"]["authorizedPartI"] = ["Part I"]

    records = [
        edited("NCT01640457.json", ctgov_design),
        edited("2024-510663-34-00.json", ctis_application),
        fixture_json("NCT06171568.json"),
    ]

    code, out, err = run_import(records_file(tmp_path, "two.json", records))

    assert code == 1
    assert err.splitlines() == [
        f"failed: {tmp_path / 'two.json'}[0] (NCT01640457): "
        "protocolSection.designModule.designInfo: expected an object, found the text 'RANDOMIZED'",
        f"failed: {tmp_path / 'two.json'}[1] (2024-510663-34-00): "
        "authorizedApplication.authorizedPartI: expected an object, found a list of 1 item",
    ]
    assert Trial.objects.get().primary_identifier == "NCT06171568"


def test_a_record_that_is_not_an_object_fails_alone_saying_what_it_is(tmp_path):
    records = [fixture_json("NCT06171568.json"), ["NCT01640457"]]

    code, out, err = run_import(records_file(tmp_path, "list.json", records))

    assert code == 1
    assert err.splitlines() == [
        f"failed: {tmp_path / 'list.json'}[1]: "
        "expected a registry record (a JSON object), found a list of 1 item"
    ]
    assert Trial.objects.get().primary_identifier == "NCT06171568"


def test_a_record_larger_than_a_record_may_be_fails_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(preparation, "MAX_RECORD_BYTES", 50_000)
    records = [fixture_json("NCT03107052.json"), fixture_json("NCT06171568.json")]

    code, out, err = run_import(records_file(tmp_path, "big.json", records))

    assert code == 1
    assert f"failed: {tmp_path / 'big.json'}[0]: the record is" in err
    assert "more than the 50,000 bytes a record may have" in err
    assert Trial.objects.get().primary_identifier == "NCT06171568"


# Bidirectional controls -------------------------------------------------------------------------


def test_right_to_left_override_in_a_title_reaches_no_page_meta_tag_or_api(client, tmp_path):
    record = edited("NCT01640457.json", set_title(f"Stem cells {RLO}for discs"))
    code, out, err = run_import(records_file(tmp_path, "rlo.json", record))
    assert code == 0, err
    assert "briefTitle: control or bidirectional characters removed (U+202E)" in err

    page = client.get(reverse("trial_detail", args=["NCT01640457"])).content.decode()
    api = client.get("/api/v1/trials/NCT01640457/").content.decode("utf-8")
    feed = client.get(reverse("trial_feed")).content.decode()

    assert "Stem cells for discs" in page
    assert [RLO in text for text in (page, api, feed)] == [False, False, False]
