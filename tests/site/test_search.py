"""Search: the same behaviour on PostgreSQL (full-text search) and SQLite (folded prefixes)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from editorial.models import PublicationState
from glossary.models import Term
from tests.factories import (
    ConditionFactory,
    InterventionFactory,
    SiteFactory,
    TermFactory,
    TrialFactory,
)
from tests.pages import read
from trials.discovery import _published_countries
from trials.models import (
    Condition,
    Intervention,
    Phase,
    RecruitmentStatus,
    Trial,
    TrialCountry,
)
from trials.search import highlight, query_stems, query_words

pytestmark = pytest.mark.django_db


def result_links(response):
    return [href for href, _text in read(response).links if "/search/" not in href]


def test_plural_query_finds_the_singular_word():
    trial = TrialFactory(public_title_en="Stem cells for a fracture that does not heal")

    assert list(Trial.objects.published().search("fractures", "en")) == [trial]


def test_singular_query_finds_the_plural_word():
    condition = ConditionFactory(name_en="Long bone fractures")

    assert list(Condition.objects.published().search("fracture", "en")) == [condition]


def test_italian_search_stems_italian_words():
    trial = TrialFactory(public_title_it="Cellule staminali per la frattura ossea")

    assert list(Trial.objects.published().search("fratture", "it")) == [trial]


def test_accents_are_ignored_both_ways():
    term = TermFactory(term_en="Osteoporosis", term_fr="Ostéoporose")
    intervention = InterventionFactory(name_en="Zoledronate", name_fr="Zolédronate")

    assert list(Term.objects.published().search("osteoporose", "fr")) == [term]
    assert list(Intervention.objects.published().search("ZOLEDRONATE", "fr")) == [intervention]
    assert list(Intervention.objects.published().search("zolédronate", "en")) == [intervention]


def test_every_word_must_match():
    both = TrialFactory(public_title_en="Knee cartilage repair")
    TrialFactory(public_title_en="Knee replacement")

    assert list(Trial.objects.published().search("knee cartilage", "en")) == [both]


def test_untranslated_text_is_searched_in_english():
    trial = TrialFactory(public_title_en="Bone marrow cells", public_title_de="")

    assert list(Trial.objects.published().search("marrow", "de")) == [trial]


def test_translated_text_is_searched_in_the_page_s_language_only():
    TrialFactory(public_title_en="Bone marrow cells", public_title_it="Cellule del midollo")

    assert not Trial.objects.published().search("marrow", "it").exists()


def test_each_untranslated_field_is_searched_in_english_the_translated_ones_are_not():
    trial = TrialFactory(
        public_title_en="Bone marrow cells",
        public_title_it="Cellule del midollo",
        brief_summary_en="Adults with knee osteoarthritis",
        brief_summary_it="",
    )

    assert list(Trial.objects.published().search("osteoarthritis", "it")) == [trial]
    assert list(Trial.objects.published().search("midollo", "it")) == [trial]
    assert not Trial.objects.published().search("marrow", "it").exists()


def test_untranslated_text_is_stemmed_as_english():
    trial = TrialFactory(public_title_en="Healing of fractured bones", public_title_es="")

    assert list(Trial.objects.published().search("fractures bone", "es")) == [trial]


def test_unpublished_content_is_not_found(client):
    TrialFactory(public_title_en="Secret fracture study", state=PublicationState.DRAFT)
    ConditionFactory(name_en="Secret fracture", state=PublicationState.IN_REVIEW)
    TermFactory(term_en="Fracture secret", state=PublicationState.UNPUBLISHED)

    response = client.get("/en/search/", {"q": "secret"})

    assert response.status_code == 200
    assert "Secret" not in read(response).text
    assert "0 results" in read(response).text


def test_search_page_lists_every_kind_with_counts(client):
    intervention = InterventionFactory(name_en="Fracturex", description_en="Heals a fracture.")
    condition = ConditionFactory(name_en="Hip fracture")
    trial = TrialFactory(public_title_en="Fractures of the wrist")
    term = TermFactory(term_en="Fracture", definition_en="A broken bone.")

    response = client.get("/en/search/", {"q": "fractures"})

    page = read(response)
    links = result_links(response)
    for obj in (intervention, condition, trial, term):
        assert obj.get_absolute_url() in links
    assert "4 results" in page.text
    for heading in ("Treatments (1)", "Conditions (1)", "Trials (1)", "Glossary terms (1)"):
        assert heading in page.headings


def test_matched_words_are_highlighted(client):
    TrialFactory(public_title_en="Healing of fractures")

    content = client.get("/en/search/", {"q": "fracture"}).content.decode()

    assert "Healing of <mark>fractures</mark>" in content


def test_highlighting_escapes_the_text():
    html = highlight('<img src=x onerror="alert(1)"> fracture & <b>', ["fractur"])

    assert html == (
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>fracture</mark> &amp; &lt;b&gt;"
    )


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("phase", Phase.PHASE3, "NCT00000003"),
        ("status", RecruitmentStatus.COMPLETED, "NCT00000003"),
        ("country", "DE", "NCT00000003"),
        ("condition", "hip-fracture", "NCT00000003"),
    ],
)
def test_filters_narrow_the_trials(client, name, value, expected):
    hip = ConditionFactory(name_en="Hip fracture", slug="hip-fracture")
    first = TrialFactory(
        primary_identifier="NCT00000002",
        public_title_en="Bone study",
        phase=Phase.PHASE2,
        status=RecruitmentStatus.RECRUITING,
    )
    SiteFactory(trial=first, country="IT")
    second = TrialFactory(
        primary_identifier="NCT00000003",
        public_title_en="Bone study",
        phase=Phase.PHASE3,
        status=RecruitmentStatus.COMPLETED,
        conditions=[hip],
    )
    SiteFactory(trial=second, country="DE")

    response = client.get("/en/search/", {"q": "bone", "kind": "trials", name: value})

    trial_links = [href for href in result_links(response) if "/trials/" in href]
    assert trial_links == [f"/en/trials/{expected}/"]


def test_filters_without_words_list_the_matching_trials(client):
    TrialFactory(primary_identifier="NCT00000002", status=RecruitmentStatus.RECRUITING)
    TrialFactory(primary_identifier="NCT00000003", status=RecruitmentStatus.COMPLETED)

    response = client.get("/en/search/", {"status": RecruitmentStatus.COMPLETED})

    assert [h for h in result_links(response) if "/trials/" in h] == ["/en/trials/NCT00000003/"]


def test_unknown_filter_values_are_ignored(client):
    TrialFactory(public_title_en="Bone study")

    response = client.get("/en/search/", {"q": "bone", "phase": "phase9'; DROP TABLE x"})

    assert response.status_code == 200
    assert "1 result" in read(response).text


def test_results_are_paginated(client):
    for number in range(25):
        TrialFactory(primary_identifier=f"NCT{number:08d}", public_title_en="Cartilage study")

    first = client.get("/en/search/", {"q": "cartilage", "kind": "trials"})
    second = client.get("/en/search/", {"q": "cartilage", "kind": "trials", "page": 2})

    first_trials = [h for h in result_links(first) if "/trials/" in h]
    second_trials = [h for h in result_links(second) if "/trials/" in h]
    assert len(first_trials) == 20
    assert len(second_trials) == 5
    assert not set(first_trials) & set(second_trials)
    assert "Page 1 of 2" in read(first).text
    assert ("?q=cartilage&kind=trials&page=2", "Next") in read(first).links


def test_out_of_range_page_shows_the_last_page(client):
    TrialFactory(public_title_en="Cartilage study")

    response = client.get("/en/search/", {"q": "cartilage", "kind": "trials", "page": "999"})

    assert response.status_code == 200
    assert any("/trials/" in h for h in result_links(response))


def test_the_all_results_tab_shows_a_few_of_each_kind(client):
    for number in range(7):
        TrialFactory(primary_identifier=f"NCT{number:08d}", public_title_en="Cartilage study")

    response = client.get("/en/search/", {"q": "cartilage"})

    assert len([h for h in result_links(response) if "/trials/" in h]) == 5
    assert "All 7 results in “Trials”" in read(response).text


HOSTILE_QUERIES = [
    "",
    "   ",
    "!!! ??? ... ---",
    "'; DROP TABLE trials_trial; --",
    "fracture' OR '1'='1",
    '<script>alert("x")</script>',
    "a & b | !c <-> d:*",
    "x" * 5000,
    "fracture " * 300,
    "\x00\u202e%_\\",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_are_answered_safely(client, query):
    TrialFactory(public_title_en="Fracture study")

    response = client.get("/en/search/", {"q": query, "page": "-1", "kind": "<b>"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert" not in content
    assert '"x")</script>' not in content


def test_query_words_are_bounded():
    assert query_words("!!! ...") == []
    assert len(query_words(" ".join(f"word{n}" for n in range(50)))) == 10
    assert query_stems("Fractures", "en") == ["fractur"]


def test_search_page_queries_do_not_grow_with_results(client, django_assert_num_queries):
    hip = ConditionFactory(name_en="Hip fracture")
    trial = TrialFactory(public_title_en="Fracture study", conditions=[hip])
    SiteFactory(trial=trial)
    InterventionFactory(name_en="Fracturex")
    TermFactory(term_en="Fracture")
    urls = ["/en/search/?q=fracture", "/en/search/?q=fracture&kind=trials"]
    expected = {url: queries_for(client, url) for url in urls}
    for number in range(15):
        other = TrialFactory(public_title_en=f"Fracture study {number}", conditions=[hip])
        SiteFactory(trial=other, country="FR")
        InterventionFactory(name_en=f"Fracturex {number}")
        ConditionFactory(name_en=f"Fracture {number}")
        TermFactory(term_en=f"Fracture {number}")

    for url in urls:
        client.get(url)  # the content changed: the cached filter lists are read again once
        with django_assert_num_queries(expected[url]):
            assert client.get(url).status_code == 200


def queries_for(client, url):
    client.get(url)  # the first request warms caches that are not per page
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text index")
@pytest.mark.parametrize("language", ["en", "it", "fr", "de", "es"])
@pytest.mark.parametrize("model", [Trial, Intervention, Condition, Term])
def test_postgresql_search_uses_the_language_s_index(model, language):
    sql, params = model.objects.search("fracture", language).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert f"{model._meta.db_table}_search_{language}" in plan


def test_counts_past_the_cap_read_as_more_than(client, monkeypatch):
    monkeypatch.setattr("trials.search.COUNT_CAP", 3)
    monkeypatch.setattr("trials.templatetags.discovery.COUNT_CAP", 3)
    for number in range(5):
        TrialFactory(public_title_en=f"Fracture study {number}")

    page = read(client.get("/en/search/?q=fracture&kind=trials"))

    assert "3+ results" in page.text
    assert "Trials (3+)" in page.text


def test_the_country_filter_offers_the_countries_of_published_trials_only():
    published = TrialFactory()
    SiteFactory(trial=published, country="IT")
    SiteFactory(trial=published, country="IT")
    SiteFactory(trial=TrialFactory(), country="BR")
    TrialCountry.objects.create(trial=published, country="AT")
    draft = TrialFactory(state=PublicationState.DRAFT)
    SiteFactory(trial=draft, country="JP")
    TrialCountry.objects.create(trial=draft, country="NO")
    # A country with sites of unpublished trials before and after a published one.
    SiteFactory(trial=draft, country="FR")
    SiteFactory(trial=published, country="FR")

    assert _published_countries() == ["AT", "BR", "FR", "IT"]


def test_the_filters_show_the_chosen_values(client):
    trial = TrialFactory(public_title_en="Bone study", phase=Phase.PHASE3)
    SiteFactory(trial=trial, country="DE")

    page = client.get("/en/search/", {"q": "bone", "country": "DE", "phase": Phase.PHASE3})

    html = page.content.decode()
    assert '<option value="DE" selected>Germany</option>' in html
    assert f'<option value="{Phase.PHASE3}" selected>' in html
    assert '<option value="" selected>' not in html
    # The two chosen, and the distance of the search near a place (50 km unless chosen).
    assert html.count(" selected>") == 3
    assert '<option value="50" selected>50 km</option>' in html
