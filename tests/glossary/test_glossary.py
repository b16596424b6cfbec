import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ConditionFactory,
    InterventionFactory,
    TermFactory,
    TrialFactory,
    TrialInterventionFactory,
)
from tests.pages import read
from trials.models import Intervention
from trials.summary import build_intervention_summary

pytestmark = pytest.mark.django_db


def summary_of(intervention, language):
    return build_intervention_summary(
        Intervention.objects.for_summary().get(pk=intervention.pk), language
    )


def test_term_spellings_are_the_term_and_its_aliases_in_one_language():
    term = TermFactory(term_en="Long bone", aliases_en="Long bones\n\n  femur  ", term_it="")

    assert term.spellings("en") == ["Long bone", "Long bones", "femur"]
    assert term.spellings("it") == []


def test_summary_glossary_lists_terms_the_page_uses_in_page_order():
    condition = ConditionFactory(name_en="non-union of long bones")
    intervention = InterventionFactory(name_en="Bonemab")
    TrialInterventionFactory(intervention=intervention, trial=TrialFactory(conditions=[condition]))
    TermFactory(slug="long-bone", term_en="Long bone", aliases_en="long bones")
    TermFactory(slug="non-union", term_en="Non-union")
    TermFactory(slug="unused", term_en="Gene therapy")

    glossary = summary_of(intervention, "en").glossary

    assert [entry.slug for entry in glossary] == ["non-union", "long-bone"]


def test_summary_glossary_matches_whole_words_only():
    intervention = InterventionFactory(name_en="Unionmab")
    TrialInterventionFactory(intervention=intervention)
    TermFactory(slug="union", term_en="Union")

    assert summary_of(intervention, "en").glossary == ()


def test_italian_glossary_uses_italian_spellings_and_falls_back_to_english_text():
    condition = ConditionFactory(name_en="non-union", name_it="mancata unione")
    intervention = InterventionFactory()
    TrialInterventionFactory(intervention=intervention, trial=TrialFactory(conditions=[condition]))
    TermFactory(
        slug="non-union",
        term_en="Non-union",
        term_it="Mancata unione",
        definition_en="A fracture that does not heal.",
        definition_it="",
    )

    (entry,) = summary_of(intervention, "it").glossary

    assert entry.term.text == "Mancata unione"
    assert entry.term.lang is None
    assert entry.definition.text == "A fracture that does not heal."
    assert entry.definition.lang == "en"


@pytest.mark.parametrize("language", ["en", "it"])
def test_glossary_page_lists_terms_alphabetically_in_the_page_s_language(client, language):
    TermFactory(slug="b", term_en="Biomaterial", term_it="Biomateriale")
    TermFactory(slug="a", term_en="Zygote", term_it="Arruolamento")

    response = client.get(f"/{language}/glossary/")

    assert response.status_code == 200
    terms = [text for href, text in read(response).links if "/glossary/" in href and text]
    expected = {
        "en": ["Biomaterial", "Zygote"],
        "it": ["Arruolamento", "Biomateriale"],
    }[language]
    assert [t for t in terms if t in expected] == expected


def test_glossary_term_page_shows_the_definition(client):
    TermFactory(slug="non-union", term_en="Non-union", definition_en="It does not heal.")

    response = client.get("/en/glossary/non-union/")

    page = read(response)
    assert "Non-union" in page.headings
    assert "It does not heal." in page.text


def test_untranslated_term_is_shown_in_english_on_the_italian_page(client):
    TermFactory(slug="non-union", term_en="Non-union", term_it="", definition_en="No heal.")

    content = client.get("/it/glossary/non-union/").content.decode()

    assert re.search(r'<h1><span\b[^>]*\blang="en"[^>]*>Non-union</span></h1>', content)


def test_unknown_term_is_not_found(client):
    assert client.get("/en/glossary/no-such-term/").status_code == 404


def test_hostile_term_is_escaped(client):
    TermFactory(slug="x", term_en="<script>alert(1)</script>", definition_en="<b>bold</b>")

    content = client.get("/en/glossary/").content.decode()

    assert "<script>alert(1)" not in content
    assert "<b>bold</b>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_glossary_page_queries_do_not_grow_with_terms(client, django_assert_num_queries):
    TermFactory()
    client.get("/en/glossary/")
    with CaptureQueriesContext(connection) as one:
        client.get("/en/glossary/")
    TermFactory.create_batch(19)

    with django_assert_num_queries(len(one)):
        response = client.get("/en/glossary/")

    assert response.status_code == 200
