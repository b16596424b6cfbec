"""The first mention of each glossary term on a summary page links to its definition."""

import re

import pytest

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


def bonemab(condition_en="non-union of a long bone", condition_it=""):
    """An intervention whose page names its condition several times."""
    condition = ConditionFactory(name_en=condition_en, name_it=condition_it)
    intervention = InterventionFactory(name_en="Bonemab", slug="bonemab")
    TrialInterventionFactory(intervention=intervention, trial=TrialFactory(conditions=[condition]))
    return intervention


def term_links(response, slug):
    return [text for href, text in read(response).links if href.endswith(f"/glossary/{slug}/")]


def mentions(summary):
    return [
        (part.text, part.term)
        for section in (summary.introduction, *summary.sections)
        for paragraph in section.paragraphs
        for line in paragraph.sentences
        for part in line.parts
        if part.term
    ]


def test_only_the_first_mention_of_a_term_links_to_its_definition(client):
    bonemab()
    TermFactory(slug="non-union", term_en="Non-union", definition_en="Bones that do not heal.")

    response = client.get("/en/interventions/bonemab/")

    assert term_links(response, "non-union") == ["non-union"]
    assert response.content.decode().count("non-union of a long bone") > 1


def test_an_alias_mentioned_first_is_the_linked_mention(client):
    bonemab(condition_en="fractures of long bones")
    TermFactory(slug="long-bone", term_en="Long bone", aliases_en="long bones")

    assert term_links(client.get("/en/interventions/bonemab/"), "long-bone") == ["long bones"]


def test_terms_match_whole_words_case_insensitively():
    intervention = bonemab(condition_en="Unionitis and NON-UNION")
    TermFactory(slug="union", term_en="unionit")
    TermFactory(slug="non-union", term_en="Non-union")

    summary = build_intervention_summary(
        Intervention.objects.for_summary().get(pk=intervention.pk), "en"
    )

    assert mentions(summary) == [("NON-UNION", "non-union")]


def test_a_term_in_the_page_heading_is_linked_in_the_text_only(client):
    intervention = bonemab()
    intervention.name_en = "Non-union"
    intervention.save()
    TermFactory(slug="non-union", term_en="Non-union")

    page = read(client.get("/en/interventions/bonemab/"))

    assert "Non-union" in page.headings
    assert len([href for href, _text in page.links if href == "/en/glossary/non-union/"]) == 1


def test_the_link_describes_itself_with_the_definition_as_a_tooltip(client):
    bonemab()
    TermFactory(slug="non-union", term_en="Non-union", definition_en="Bones that do not heal.")

    content = client.get("/en/interventions/bonemab/").content.decode()

    link = re.search(r'<a class="term-link" href="/en/glossary/non-union/"[^>]*>', content)
    assert link and 'aria-describedby="tip-non-union"' in link.group()
    assert '<span class="term-tip" id="tip-non-union" role="tooltip">Bones that do not heal.' in (
        content
    )
    assert "js/glossary.js" in content


def test_italian_page_links_the_italian_spelling_to_the_italian_definition(client):
    bonemab(condition_it="mancata unione di un osso lungo")
    TermFactory(
        slug="non-union",
        term_en="Non-union",
        term_it="Mancata unione",
        definition_en="Bones that do not heal.",
        definition_it="",
    )

    response = client.get("/it/interventions/bonemab/")
    content = response.content.decode()

    assert term_links(response, "non-union") == ["mancata unione"]
    assert "/it/glossary/non-union/" in content
    # The definition is not translated: the tooltip says it is English.
    assert 'role="tooltip" lang="en">Bones that do not heal.' in content


def test_citations_follow_a_sentence_with_a_linked_term(client):
    bonemab()
    TermFactory(slug="non-union", term_en="Non-union")

    page = read(client.get("/en/interventions/bonemab/"))

    assert ("#ref-1", "[1]") in page.links
    assert "Bonemab for non-union of a long bone.[1]" in page.text


def test_api_sentences_keep_their_text_and_name_the_linked_terms(client):
    bonemab()
    TermFactory(slug="non-union", term_en="Non-union")

    summary = client.get("/api/v1/interventions/bonemab/summary/?lang=en").json()

    sentences = [s for p in summary["introduction"]["paragraphs"] for s in p["sentences"]]
    (linked,) = [s for s in sentences if s["terms"]]
    (mention,) = linked["terms"]
    assert mention["slug"] == "non-union"
    start, end = mention["offset"], mention["offset"] + mention["length"]
    assert linked["text"][start:end] == "non-union"
    assert "for non-union of a long bone" in linked["text"]


def test_a_term_inside_a_linked_term_is_linked_at_its_next_own_mention():
    intervention = bonemab(condition_en="non-union of a long bone")
    intervention.description_en = "It helps the bone heal."
    intervention.save()
    TermFactory(slug="long-bone", term_en="Long bone")
    TermFactory(slug="bone", term_en="Bone")

    summary = build_intervention_summary(
        Intervention.objects.for_summary().get(pk=intervention.pk), "en"
    )

    assert mentions(summary) == [("long bone", "long-bone"), ("bone", "bone")]
    (described,) = [
        line
        for line in summary.introduction.paragraphs[0].sentences
        if line.text == "It helps the bone heal."
    ]
    assert described.terms == [("bone", 13, 4)]


def trial_page_mentions(trial, language="en"):
    from trials.models import Trial
    from trials.summary import build_trial_summary

    return mentions(build_trial_summary(Trial.objects.for_summary().get(pk=trial.pk), language))


def test_a_status_name_never_holds_a_term_link():
    """«In arruolamento» is a status, not a mention of *arruolamento* (the enrolment count)."""
    TermFactory(slug="enrollment", term_en="Enrollment", term_it="Arruolamento")
    trial = TrialFactory(status="recruiting")

    assert trial_page_mentions(trial, "it") == []


def test_plural_and_inflected_forms_are_mentions_in_every_language():
    TermFactory(
        slug="primary-outcome",
        term_en="Primary outcome",
        term_it="Esito primario",
        term_fr="Critère principal",
        term_de="Primärer Endpunkt",
        term_es="Resultado primario",
    )
    trial = TrialFactory()
    from tests.factories import OutcomeFactory

    OutcomeFactory(trial=trial, measure_en="Pain")
    OutcomeFactory(trial=trial, measure_en="Sleep")

    found = trial_page_mentions(trial, "en")
    assert found == [("primary outcomes", "primary-outcome")]


@pytest.mark.parametrize(
    ("language", "spelling", "text"),
    [
        ("en", "Primary outcome", "the study has 3 primary outcomes"),
        ("en", "Study", "two studies"),
        ("it", "Esito primario", "ha 3 esiti primari"),
        ("it", "Osso lungo", "delle ossa lunghe"),
        ("fr", "Critère principal", "les critères principaux"),
        ("de", "Primärer Endpunkt", "die primären Endpunkte"),
        ("es", "Resultado primario", "los resultados primarios"),
        ("es", "Inyección", "dos inyecciones"),
    ],
)
def test_mention_patterns_find_the_forms_of_a_term(language, spelling, text):
    from trials.summary.glossary_links import mention_pattern

    assert re.search(mention_pattern(spelling, language), text, re.IGNORECASE)


def test_mention_patterns_match_whole_words_only():
    from trials.summary.glossary_links import mention_pattern

    assert not re.search(mention_pattern("Phase", "en"), "emphasesis", re.IGNORECASE)
    assert not re.search(mention_pattern("Arm", "en"), "pharmacy", re.IGNORECASE)
