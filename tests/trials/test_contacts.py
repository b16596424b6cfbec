"""Contacts, against real records: imported as each registry gives them (CT.gov's central
contacts, officials and sites' contacts, CTIS's sponsors' contact points), replaced on
re-import unless an editor keeps them, never breaking an import with a bad value, and shown
under “How to take part” with their numbers and addresses linked, on the page and in the API."""

import json
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trials.importers import map_record
from trials.importers.contacts import contact_record, plausible_email
from trials.importers.sources import iter_source_items
from trials.importers.writer import import_items
from trials.models import Contact, ContactKind, Site, Trial
from trials.provenance import REGISTRY_PATHS
from trials.summary import build_trial_summary
from trials.summary.taking_part import tel_href

from .test_faithful_summaries import resolve

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[1] / "fixtures"


def fixture(name):
    path = next(FIXTURES.glob(f"*/{name}.json"))
    return json.loads(path.read_text(encoding="utf-8"))


def write(tmp_path, name, record):
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path


def imported(path):
    report = import_items(iter_source_items([str(path)]), publish=True)
    assert report.failed == 0, report.failures
    return report


def import_fixture(name):
    imported(next(FIXTURES.glob(f"*/{name}.json")))
    return Trial.objects.for_summary().with_contacts().get(primary_identifier=name)


def contacts_module(record):
    return record["protocolSection"]["contactsLocationsModule"]


def taking_part_sentences(trial, language="en"):
    summary = build_trial_summary(trial, language)
    [section] = [s for s in summary.sections if s.key == "taking_part"]
    return [line for paragraph in section.paragraphs for line in paragraph.sentences]


# Mapping -------------------------------------------------------------------------------------


def test_ctgov_central_contacts_officials_and_site_contacts_are_mapped_as_given():
    record = map_record(fixture("NCT04550923"))
    first, second = record.contacts
    assert (first.kind, first.name, first.role) == (ContactKind.CENTRAL, "Dar-Ming Lai", "CONTACT")
    assert (first.phone, first.phone_extension, first.email) == (
        "+886-2312-3456",
        "65078",
        "dmlai@ntu.edu.tw",
    )
    assert second.phone_extension == ""
    site = next(site for site in record.sites if site.facility.startswith("Fu Jen"))
    assert [(c.kind, c.name, c.role, c.email) for c in site.contacts] == [
        (ContactKind.SITE, "Wei-Lung Tseng", "CONTACT", "puddingj@gmail.com"),
        (ContactKind.SITE, "Wei-Lung Tseng", "PRINCIPAL_INVESTIGATOR", ""),
    ]

    officials = [
        c for c in map_record(fixture("NCT06171568")).contacts if c.kind == "overall_official"
    ]
    assert [(c.name, c.role, c.organisation) for c in officials] == [
        (
            "Emmanuel Mandonnet, MD, PhD",
            "PRINCIPAL_INVESTIGATOR",
            "Assistance Publique - Hôpitaux de Paris",
        ),
        ("Alexis Schnitzler, MD, PhD", "STUDY_DIRECTOR", "Assistance Publique - Hôpitaux de Paris"),
    ]


@pytest.mark.parametrize("name", ["2022-500244-37-00", "2024-510663-34-00"])  # CTIS1, CTIS2
def test_ctis_sponsor_contact_points_are_mapped_with_their_organisation(name):
    raw = fixture(name)
    application = raw.get("authorizedApplication", raw)
    [sponsor] = application["authorizedPartI"]["sponsors"]
    [public], [scientific] = sponsor["publicContacts"], sponsor["scientificContacts"]

    contacts = map_record(raw).contacts

    assert [(c.kind, c.name, c.organisation, c.phone, c.email) for c in contacts] == [
        (
            kind,
            point["functionalName"],
            point["organisation"]["name"],
            point["telephone"],
            point["functionalEmailAddress"],
        )
        for kind, point in (
            (ContactKind.SPONSOR_PUBLIC, public),
            (ContactKind.SPONSOR_SCIENTIFIC, scientific),
        )
    ]


def test_every_contact_path_is_found_in_a_real_record_of_its_format():
    records = {}
    for path in FIXTURES.glob("*/*.json"):
        raw = json.loads(path.read_text(encoding="utf-8"))
        records.setdefault(map_record(raw).registry_format, []).append(raw)
    assert set(records) == {"ctgov", "ctis1", "ctis2"}
    for registry_format, paths in REGISTRY_PATHS.items():
        for field, field_paths in paths.items():
            if not field.startswith("Contact."):
                continue
            for path in field_paths:
                assert any(resolve(raw, path) for raw in records[registry_format]), (
                    registry_format,
                    field,
                    path,
                )


# Validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "email",
    [
        "not an address",
        "<script>alert(1)</script>@example.org",
        '"quoted local"@example.org',
        "someone@",
        "javascript:alert(1)",
        "a" * 300 + "@example.org",
        42,
        {"address": "x@example.org"},
    ],
)
def test_an_implausible_email_is_left_empty(email):
    assert plausible_email(email) == ""
    assert contact_record(ContactKind.CENTRAL, name="A. Person", email=email).email == ""


def test_contact_values_are_trimmed_cut_and_rid_of_control_characters():
    contact = contact_record(
        ContactKind.CENTRAL,
        name="  Dr\x00 A.\u202e Person\n",
        phone="  +39 051\t123 456  ",
        extension="12",
        email=" someone@example.org ",
        organisation="x" * 400,
    )
    assert contact.name == "Dr A. Person"
    assert (contact.phone, contact.phone_extension) == ("+39 051 123 456", "12")
    assert contact.email == "someone@example.org"
    assert len(contact.organisation) == Contact._meta.get_field("organisation").max_length
    # A "phone" without a digit is no number; nothing left is no contact.
    assert contact_record(ContactKind.CENTRAL, name="B", phone="call us", extension="1").phone == ""
    assert contact_record(ContactKind.CENTRAL, name=" ", phone="-", email="no") is None


def test_hostile_contact_values_do_not_break_the_import(tmp_path):
    record = fixture("NCT04550923")
    contacts_module(record)["centralContacts"] = [
        {"name": "<script>alert('x')</script>\x00", "phone": "+1 (555) 0100", "email": "bad@"},
        {"name": 12345, "phone": 5550100, "email": ["x@example.org"]},
        {"name": "Ok Person", "phone": "<b>555</b>", "email": "ok@example.org"},
    ]
    imported(write(tmp_path, "NCT04550923", record))

    trial = Trial.objects.get(primary_identifier="NCT04550923")
    central = list(trial.contacts.filter(kind=ContactKind.CENTRAL).order_by("order"))
    assert [(c.name, c.phone, c.email) for c in central] == [
        ("<script>alert('x')</script>", "+1 (555) 0100", ""),
        ("12345", "5550100", ""),
        ("Ok Person", "<b>555</b>", "ok@example.org"),
    ]
    trial = Trial.objects.for_summary().with_contacts().get(pk=trial.pk)
    links = [href for line in taking_part_sentences(trial) for href, *_ in line.links]
    assert "tel:+15550100" in links and "tel:555" in links
    assert all(re.fullmatch(r"tel:\+?\d+|mailto:[\w.+@-]+|/.*", href) for href in links), links


def test_a_tel_address_holds_only_digits_and_a_leading_plus():
    assert tel_href("+886-2312-3456") == "tel:+88623123456"
    assert tel_href("01.49.95.81.69") == "tel:0149958169"
    assert tel_href(" +47 728 21 335") == "tel:+4772821335"
    assert tel_href("ext. only") is None


# Writing ------------------------------------------------------------------------------------


def test_contacts_are_written_with_their_sites():
    trial = import_fixture("NCT04550923")
    record = fixture("NCT04550923")
    locations = contacts_module(record)["locations"]

    contacts = list(trial.contacts.all())
    assert len([c for c in contacts if c.kind == ContactKind.CENTRAL]) == 2
    at_sites = [c for c in contacts if c.kind == ContactKind.SITE]
    assert len(at_sites) == sum(len(place.get("contacts", [])) for place in locations)
    sites = {site.pk: site for site in trial.sites.all()}
    wang = next(c for c in at_sites if c.email == "jessehcwang@ntu.edu.tw")
    assert sites[wang.site_id].city == "Hsinchu"
    # The trial's own contacts come first.
    assert [c.kind for c in contacts[:2]] == [ContactKind.CENTRAL, ContactKind.CENTRAL]


def test_a_reimport_replaces_the_contacts(tmp_path):
    import_fixture("NCT04550923")
    record = fixture("NCT04550923")
    contacts_module(record)["centralContacts"] = [
        {"name": "New Person", "role": "CONTACT", "email": "new@example.org"}
    ]
    contacts_module(record)["locations"] = contacts_module(record)["locations"][:1]
    imported(write(tmp_path, "NCT04550923", record))

    trial = Trial.objects.get(primary_identifier="NCT04550923")
    assert [c.name for c in trial.contacts.filter(kind=ContactKind.CENTRAL)] == ["New Person"]
    [site] = trial.sites.all()
    assert set(trial.contacts.filter(kind=ContactKind.SITE).values_list("site", flat=True)) == {
        site.pk
    }


def test_contacts_an_editor_keeps_survive_a_reimport_with_their_sites(tmp_path):
    trial = import_fixture("NCT04550923")
    corrected = trial.contacts.get(email="jessehcwang@ntu.edu.tw")
    corrected.phone = "+886 3 000 0000"
    corrected.save()
    central = trial.contacts.filter(kind=ContactKind.CENTRAL).first()
    central.delete()  # an editor removed a contact that no longer answers
    trial.kept_fields = ["contacts"]
    trial.save()
    before = set(trial.contacts.values_list("name", "phone", "email"))

    record = fixture("NCT04550923")
    contacts_module(record)["centralContacts"] = [{"name": "Someone Else", "role": "CONTACT"}]
    record["protocolSection"]["identificationModule"]["briefTitle"] = "A renamed study"
    imported(write(tmp_path, "NCT04550923", record))

    trial = Trial.objects.get(primary_identifier="NCT04550923")
    assert trial.public_title_en == "A renamed study"
    assert set(trial.contacts.values_list("name", "phone", "email")) == before
    kept = trial.contacts.get(email="jessehcwang@ntu.edu.tw")
    assert kept.phone == "+886 3 000 0000"
    assert kept.site.city == "Hsinchu" and kept.site.trial_id == trial.pk
    assert not Site.objects.filter(contacts__trial=trial).exclude(trial=trial).exists()
    # The summary names where a kept contact comes from: the editor, not the registry.
    trial = Trial.objects.for_summary().with_contacts().get(pk=trial.pk)
    contact_sources = [
        source
        for line in taking_part_sentences(trial)
        for source in line.sources
        if source.field.startswith("Contact.")
    ]
    assert contact_sources and all(not source.paths for source in contact_sources)


def queries_to_import(path):
    with CaptureQueriesContext(connection) as queries:
        imported(path)
    return len(queries)


def test_import_queries_do_not_grow_with_the_contacts_of_a_record(tmp_path):
    def variant(name, locations):
        record = fixture("NCT04550923")
        module = contacts_module(record)
        module["locations"] = module["locations"][:locations]
        identification = record["protocolSection"]["identificationModule"]
        identification["nctId"] = name
        # Shared secondary identifiers would make both variants the same trial.
        identification["secondaryIdInfos"] = []
        return write(tmp_path, name, record)

    import_fixture("NCT04550923")  # its conditions and interventions exist for both
    few = queries_to_import(variant("NCT09000001", 1))
    many = queries_to_import(variant("NCT09000002", 13))

    mapped = map_record(fixture("NCT04550923"))
    expected = len(mapped.contacts) + sum(len(site.contacts) for site in mapped.sites)
    assert Contact.objects.filter(trial__primary_identifier="NCT09000002").count() == expected
    assert many == few


# Pages and API --------------------------------------------------------------------------------


def test_a_recruiting_trial_page_links_its_contacts_phone_numbers_and_addresses(client):
    trial = import_fixture("NCT04550923")

    lines = taking_part_sentences(trial)
    texts = [line.text for line in lines]
    start = texts.index("Whom to contact about taking part, as the registry gives them:")
    assert texts[start + 1] == (
        "Contact for the whole trial: Dar-Ming Lai, phone +886-2312-3456 (extension 65078) or "
        "e-mail dmlai@ntu.edu.tw."
    )
    assert [href for href, *_ in lines[start + 1].links] == [
        "tel:+88623123456",
        "mailto:dmlai@ntu.edu.tw",
    ]
    assert lines[start + 1].list_item
    sites = [text for text in texts if text.startswith("At ")]
    assert len(sites) == 3
    assert sites[0].startswith("At National Taiwan University Hospital")
    assert "Yuan-Sen Chen (principal investigator), phone +886-5-5323911" in sites[0]
    assert "The registry lists contacts at 13 sites in all." in texts
    assert {source.field for source in lines[start + 1].sources} >= {
        "Contact.name",
        "Contact.phone",
        "Contact.phone_extension",
        "Contact.email",
    }

    page = client.get(trial.get_absolute_url()).content.decode()
    assert '<a href="tel:+88623123456">+886-2312-3456</a>' in page
    assert '<a href="mailto:dmlai@ntu.edu.tw">dmlai@ntu.edu.tw</a>' in page


def test_a_planned_ctis_trial_gives_its_sponsors_contact_points_and_its_italian_page_too():
    trial = import_fixture("2024-510663-34-00")
    texts = [line.text for line in taking_part_sentences(trial)]
    assert (
        "Public and scientific contact point of the sponsor Glaxosmithkline Research & "
        "Development Limited: EU GSK Clinical Trials Call Center, phone +442089904466 or e-mail "
        "GSKClinicalSupportHD@gsk.com."
    ) in texts

    italian = taking_part_sentences(trial, "it")
    [point] = [line for line in italian if "GSKClinicalSupportHD@gsk.com" in line.text]
    assert [href for href, *_ in point.links] == [
        "tel:+442089904466",
        "mailto:GSKClinicalSupportHD@gsk.com",
    ]


def test_officials_are_named_as_the_people_responsible():
    trial = import_fixture("NCT06171568")
    texts = [line.text for line in taking_part_sentences(trial)]
    assert (
        "The people responsible for the trial are Emmanuel Mandonnet, MD, PhD (principal "
        "investigator, Assistance Publique - Hôpitaux de Paris) and Alexis Schnitzler, MD, PhD "
        "(study director, Assistance Publique - Hôpitaux de Paris)."
    ) in texts


def test_a_recruiting_trial_without_contacts_says_the_registry_gives_none(tmp_path):
    record = fixture("NCT05803083")
    module = contacts_module(record)
    module.pop("centralContacts", None)
    for place in module["locations"]:
        place.pop("contacts", None)
    imported(write(tmp_path, "NCT05803083", record))
    trial = Trial.objects.for_summary().with_contacts().get(primary_identifier="NCT05803083")

    [line] = [
        line
        for line in taking_part_sentences(trial)
        if line.text.startswith("The registry does not give a contact")
    ]
    assert {(source.field, source.absent) for source in line.sources} == {
        ("Contact.phone", True),
        ("Contact.email", True),
    }


def test_a_closed_trial_shows_no_contacts(client):
    trial = import_fixture("NCT00711542")
    assert trial.contacts.exists()  # its overall official

    texts = " ".join(line.text for line in taking_part_sentences(trial))
    assert "contact" not in texts.casefold() and "responsible for the trial" not in texts


def test_the_api_gives_a_trials_contacts_and_the_summary_its_links(client):
    trial = import_fixture("NCT04550923")

    detail = client.get(f"/api/v1/trials/{trial.primary_identifier}/").json()
    first = detail["contacts"][0]
    assert first == {
        "kind": "central",
        "kind_label": "central contact",
        "name": "Dar-Ming Lai",
        "role": "CONTACT",
        "organisation": "",
        "phone": "+886-2312-3456",
        "phone_extension": "65078",
        "email": "dmlai@ntu.edu.tw",
        "site": None,
    }
    site_ids = {site["id"] for site in detail["sites"]}
    assert {c["site"] for c in detail["contacts"] if c["kind"] == "site"} <= site_ids

    summary = client.get(f"/api/v1/trials/{trial.primary_identifier}/summary/?lang=it").json()
    [section] = [s for s in summary["sections"] if s["key"] == "taking_part"]
    links = [
        link["href"]
        for paragraph in section["paragraphs"]
        for line in paragraph["sentences"]
        for link in line["links"]
    ]
    assert "tel:+88623123456" in links and "mailto:dmlai@ntu.edu.tw" in links


def test_the_schema_documents_the_contacts(client):
    schema = client.get("/api/schema/?format=json").json()
    trial = schema["components"]["schemas"]["Trial"]["properties"]
    assert trial["contacts"]["type"] == "array"
    contact = schema["components"]["schemas"]["Contact"]["properties"]
    assert {"kind", "name", "role", "phone", "phone_extension", "email", "site"} <= set(contact)
