"""Lay words find the medical words of the records, and the other way round, in every language
(on PostgreSQL and on SQLite)."""

import pytest

from tests.factories import ConditionFactory, TrialFactory
from trials.models import Condition, Trial
from trials.search import query_stems, query_words
from trials.synonyms import CONCEPTS, MAX_FORMS, query_forms

pytestmark = pytest.mark.django_db


def test_a_lay_phrase_finds_the_medical_words():
    trial = TrialFactory(public_title_en="A new medicine after acute myocardial infarction")
    TrialFactory(public_title_en="A new medicine for asthma")

    assert list(Trial.objects.published().search("heart attack", "en")) == [trial]


def test_the_medical_words_find_the_lay_phrase():
    condition = ConditionFactory(name_en="High blood pressure")

    assert list(Condition.objects.published().search("hypertension", "en")) == [condition]


def test_the_other_words_of_the_query_still_count():
    wanted = TrialFactory(public_title_en="Aspirin after a myocardial infarction")
    TrialFactory(public_title_en="Statins after a myocardial infarction")

    assert list(Trial.objects.published().search("aspirin heart attack", "en")) == [wanted]


def test_an_italian_lay_word_finds_english_only_records():
    trial = TrialFactory(public_title_en="Myocardial infarction in older adults")

    assert list(Trial.objects.published().search("infarto", "it")) == [trial]


def test_a_german_lay_word_finds_german_translations():
    trial = TrialFactory(
        public_title_en="Care after a myocardial infarction",
        public_title_de="Versorgung nach einem Myokardinfarkt",
    )

    assert list(Trial.objects.published().search("Herzinfarkt", "de")) == [trial]


def test_accents_and_capitals_in_the_query_do_not_matter():
    trial = TrialFactory(public_title_en="Allergic rhinitis in children")

    assert list(Trial.objects.published().search("Rhume des FOINS", "fr")) == [trial]


def test_a_phrase_in_the_middle_of_a_query_is_replaced_in_place():
    forms = query_forms(["new", "heart", "attack", "drug"], "en")

    assert forms[0] == ["new", "heart", "attack", "drug"]
    assert ["new", "myocardial", "infarction", "drug"] in forms
    assert len(forms) <= MAX_FORMS


def test_a_query_without_a_known_phrase_has_one_form():
    assert query_forms(["knee", "pain"], "en") == [["knee", "pain"]]


def test_a_first_word_alone_is_not_the_phrase():
    assert query_forms(["heart", "valve"], "en") == [["heart", "valve"]]


def test_results_mark_the_synonyms_too():
    assert {"heart", "attack", "myocardial", "infarction"} <= set(query_stems("heart attack", "en"))


@pytest.mark.parametrize("concept", CONCEPTS, ids=lambda concept: concept["en"][0])
def test_the_table_is_written_as_queries_are_folded(concept):
    assert set(concept) == {"en", "it", "fr", "de", "es"}
    for phrases in concept.values():
        for phrase in phrases:
            assert " ".join(query_words(phrase)) == phrase
