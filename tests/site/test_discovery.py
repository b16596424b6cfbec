"""What machines read: sitemap, robots.txt, canonical and hreflang links, JSON-LD, Open Graph,
the Atom feed; and the home page readers start from."""

import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from editorial.models import PublicationState
from tests.factories import (
    ConditionFactory,
    InterventionFactory,
    SiteFactory,
    TermFactory,
    TrialFactory,
    TrialInterventionFactory,
    complete_trial,
)
from tests.pages import read
from trials.models import Phase, RecruitmentStatus
from trials.sitemaps import TranslatedSitemap, TrialSitemap

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "it", "fr", "de", "es"]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"
DRAFT = PublicationState.DRAFT


def head_links(content, rel):
    """{hreflang or None: href} of the <link rel=...> elements of a page."""
    links = {}
    for tag in re.findall(r"<link [^>]*>", content):
        if f'rel="{rel}"' in tag and "atom" not in tag:
            hreflang = re.search(r'hreflang="([^"]+)"', tag)
            links[hreflang.group(1) if hreflang else None] = re.search(
                r'href="([^"]+)"', tag
            ).group(1)
    return links


def json_ld(content):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    return [json.loads(block) for block in blocks]


def meta(content, prop):
    return re.search(rf'<meta property="{prop}" content="([^"]*)">', content).group(1)


# Sitemap and robots.txt ---------------------------------------------------------------------


def sitemap_files(client):
    """The sitemaps that the index at /sitemap.xml names."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def sitemap_entries(client):
    entries = {}
    for location in sitemap_files(client):
        response = client.get(location)
        assert response.status_code == 200
        root = ET.fromstring(response.content)
        entries.update(
            {
                url.find(f"{SITEMAP}loc").text: {
                    link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
                }
                for url in root.findall(f"{SITEMAP}url")
            }
        )
    return entries


def test_the_sitemap_index_splits_sections_into_files_of_at_most_50000_addresses(
    client, monkeypatch
):
    monkeypatch.setattr(TrialSitemap, "limit", 10)
    for number in range(5):
        TrialFactory(primary_identifier=f"NCT{number:08d}")

    files = [urlparse(location) for location in sitemap_files(client)]

    trial_files = [
        f"{f.path}?{f.query}" if f.query else f.path for f in files if "trials" in f.path
    ]
    assert trial_files == [
        "/sitemap-trials.xml",
        "/sitemap-trials.xml?p=2",
        "/sitemap-trials.xml?p=3",
    ]
    assert TranslatedSitemap.limit <= 50_000
    last = [
        loc.text
        for loc in ET.fromstring(client.get("/sitemap-trials.xml?p=3").content).iter(
            f"{SITEMAP}loc"
        )
    ]
    assert last == [
        f"http://testserver/{language}/trials/NCT00000004/"
        for language, _name in settings.LANGUAGES
    ]
    with CaptureQueriesContext(connection) as queries:
        client.get("/sitemap-trials.xml?p=3")
    # Its own objects, and no count: kept since the index counted (the rest are savepoints).
    selects = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    assert len(selects) == 1 and "COUNT" not in selects[0].upper()


def test_sitemap_lists_every_public_page_in_every_language_with_alternates(client):
    intervention = InterventionFactory()
    trial = TrialFactory()
    condition = ConditionFactory()
    term = TermFactory()

    entries = sitemap_entries(client)

    paths = [
        "/",
        "/glossary/",
        f"/interventions/{intervention.slug}/",
        f"/trials/{trial.primary_identifier}/",
        f"/conditions/{condition.slug}/",
        f"/glossary/{term.slug}/",
    ]
    for path in paths:
        for language in LANGUAGES:
            alternates = entries[f"http://testserver/{language}{path}"]
            assert alternates == {
                **{code: f"http://testserver/{code}{path}" for code in LANGUAGES},
                "x-default": f"http://testserver{path}",
            }


def test_sitemap_leaves_out_unpublished_content(client):
    InterventionFactory(slug="draft-treatment", state=DRAFT)
    TrialFactory(primary_identifier="NCT00000099", state=PublicationState.UNPUBLISHED)
    ConditionFactory(slug="draft-condition", state=PublicationState.IN_REVIEW)
    TermFactory(slug="draft-term", state=DRAFT)
    InterventionFactory(slug="public-treatment")

    locations = " ".join(sitemap_entries(client))

    assert "public-treatment" in locations
    for hidden in ("draft-treatment", "NCT00000099", "draft-condition", "draft-term"):
        assert hidden not in locations


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines


# Links in the head ------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_hreflang_alternates_x_default_and_canonical(client, language):
    trial = TrialFactory()
    intervention = InterventionFactory()
    paths = [
        "/",
        "/glossary/",
        "/search/",
        f"/interventions/{intervention.slug}/",
        f"/trials/{trial.primary_identifier}/",
    ]
    for path in paths:
        content = client.get(f"/{language}{path}").content.decode()

        alternates = head_links(content, "alternate")
        assert {code: alternates[code] for code in LANGUAGES} == {
            code: f"http://testserver/{code}{path}" for code in LANGUAGES
        }
        assert alternates["x-default"] == f"http://testserver{path}"
        assert head_links(content, "canonical") == {None: f"http://testserver/{language}{path}"}


def test_canonical_link_leaves_out_the_query(client):
    content = client.get("/en/search/?q=bone&page=2").content.decode()

    assert head_links(content, "canonical") == {None: "http://testserver/en/search/"}


def test_open_graph_tags_describe_the_page_in_its_language(client):
    intervention = InterventionFactory(name_en="Alphamab", name_it="Alfamab")

    content = client.get(f"/it/interventions/{intervention.slug}/").content.decode()

    assert meta(content, "og:title") == "Alfamab"
    assert meta(content, "og:url") == f"http://testserver/it/interventions/{intervention.slug}/"
    assert meta(content, "og:locale") == "it_IT"
    assert meta(content, "og:type") == "article"
    assert meta(content, "og:description")


def test_title_of_untranslated_content_has_no_markup(client):
    intervention = InterventionFactory(name_en="Betamab & co")

    content = client.get(f"/it/interventions/{intervention.slug}/").content.decode()

    assert "<title>Betamab &amp; co · " in content
    assert meta(content, "og:title") == "Betamab &amp; co"


# JSON-LD ---------------------------------------------------------------------------------


def test_trial_page_describes_a_medical_trial(client):
    condition = ConditionFactory(name_en="Hip fracture", name_fr="Fracture de la hanche")
    trial = TrialFactory(
        primary_identifier="NCT01234567",
        public_title_fr="Étude des fractures",
        phase=Phase.PHASE2,
        status=RecruitmentStatus.RECRUITING,
        sponsor="University of Bologna",
        conditions=[condition],
    )
    SiteFactory(trial=trial, facility="Rizzoli", city="Bologna", country="IT")

    content = client.get("/fr/trials/NCT01234567/").content.decode()

    (data,) = json_ld(content)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalTrial"
    assert data["identifier"] == "NCT01234567"
    assert data["name"] == "Étude des fractures"
    assert data["status"] == "https://schema.org/Recruiting"
    assert data["phase"] == "Phase 2"
    assert data["sponsor"] == {"@type": "Organization", "name": "University of Bologna"}
    assert data["healthCondition"][0]["name"] == "Fracture de la hanche"
    assert data["studyLocation"][0]["address"]["addressCountry"] == "IT"
    assert data["url"] == "http://testserver/fr/trials/NCT01234567/"


def test_intervention_page_lists_its_trials_as_medical_trials(client):
    intervention = InterventionFactory(name_en="Alphamab")
    for number in (1, 2):
        TrialInterventionFactory(
            intervention=intervention, trial=TrialFactory(primary_identifier=f"NCT0000000{number}")
        )
    TrialInterventionFactory(
        intervention=intervention,
        trial=TrialFactory(primary_identifier="NCT00000009", state=DRAFT),
    )

    content = client.get(f"/en/interventions/{intervention.slug}/").content.decode()

    (data,) = json_ld(content)
    assert data["@type"] == "Drug"
    assert data["name"] == "Alphamab"
    assert [trial["@type"] for trial in data["subjectOf"]] == ["MedicalTrial", "MedicalTrial"]
    assert [trial["identifier"] for trial in data["subjectOf"]] == ["NCT00000001", "NCT00000002"]


def test_json_ld_cannot_close_its_script_element(client):
    TrialFactory(
        primary_identifier="NCT01234567",
        public_title_en='</script><script>alert("x")</script><!--',
        sponsor="A & B <b>",
    )

    content = client.get("/en/trials/NCT01234567/").content.decode()

    assert "<script>alert" not in content
    (data,) = json_ld(content)
    assert data["name"] == '</script><script>alert("x")</script><!--'
    assert data["sponsor"]["name"] == "A & B <b>"


# Feed -----------------------------------------------------------------------------------


def feed_entries(client, language):
    response = client.get(f"/{language}/feeds/trials/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def test_feed_lists_published_trials_in_the_feed_s_language(client):
    TrialFactory(
        primary_identifier="NCT00000001",
        public_title_en="Bone study",
        public_title_it="Studio sulle ossa",
        brief_summary_it="Un riassunto in italiano.",
    )
    TrialFactory(primary_identifier="NCT00000002", state=DRAFT)

    root, entries = feed_entries(client, "it")

    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "it"
    assert [entry.find(f"{ATOM}title").text for entry in entries] == [
        "NCT00000001 – Studio sulle ossa"
    ]
    assert entries[0].find(f"{ATOM}summary").text == "Un riassunto in italiano."
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == "http://testserver/it/trials/NCT00000001/"
    assert entries[0].find(f"{ATOM}updated").text


def test_feed_falls_back_to_english_titles(client):
    TrialFactory(primary_identifier="NCT00000001", public_title_en="Bone study")

    _root, entries = feed_entries(client, "de")

    assert entries[0].find(f"{ATOM}title").text == "NCT00000001 – Bone study"


def test_feed_puts_the_latest_updates_first(client):
    older = TrialFactory(primary_identifier="NCT00000001")
    TrialFactory(primary_identifier="NCT00000002")
    older.public_title_en = "Updated"
    older.save()

    _root, entries = feed_entries(client, "en")

    assert entries[0].find(f"{ATOM}id").text == "NCT00000001"


# Home and condition pages ---------------------------------------------------------------


def test_home_shows_search_box_published_content_and_recent_trials(client):
    hip = ConditionFactory(name_en="Hip fracture")
    ConditionFactory(name_en="Hidden condition", state=DRAFT)
    intervention = InterventionFactory(name_en="Alphamab")
    InterventionFactory(name_en="Hidden treatment", state=DRAFT)
    TrialInterventionFactory(
        intervention=intervention,
        trial=TrialFactory(public_title_en="Recent study", conditions=[hip]),
    )
    TrialInterventionFactory(
        intervention=intervention, trial=TrialFactory(public_title_en="Draft study", state=DRAFT)
    )

    response = client.get("/en/")

    page = read(response)
    content = response.content.decode()
    assert 'role="search"' in content and 'name="q"' in content
    assert "Alphamab" in page.headings
    assert "1 trial" in page.text
    assert (f"/en/conditions/{hip.slug}/", "Hip fracture") in page.links
    assert "Recent study" in page.text
    for hidden in ("Hidden condition", "Hidden treatment", "Draft study"):
        assert hidden not in page.text


def test_home_queries_do_not_grow_with_rows(client, django_assert_num_queries):
    complete_trial(intervention=InterventionFactory())
    client.get("/en/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/")
    expected = len(queries)
    for _ in range(15):
        complete_trial(intervention=InterventionFactory())

    with django_assert_num_queries(expected):
        assert client.get("/en/").status_code == 200


def test_condition_page_explains_it_and_lists_published_treatments_and_trials(
    client, django_capture_on_commit_callbacks
):
    condition = ConditionFactory(
        name_en="Osteonecrosis", explanation_en="Bone tissue dies because blood stops reaching it."
    )
    with django_capture_on_commit_callbacks(execute=True):
        shown = TrialFactory(primary_identifier="NCT00000001", conditions=[condition])
        hidden = TrialFactory(primary_identifier="NCT00000002", conditions=[condition], state=DRAFT)
        TrialInterventionFactory(trial=shown, intervention=InterventionFactory(name_en="Alphamab"))
        TrialInterventionFactory(trial=hidden, intervention=InterventionFactory(name_en="Betamab"))

    page = read(client.get(f"/en/conditions/{condition.slug}/"))

    assert "Bone tissue dies because blood stops reaching it." in page.text
    assert "Alphamab" in page.text and "NCT00000001" in page.text
    assert "Betamab" not in page.text and "NCT00000002" not in page.text


def test_sitemap_gives_each_address_its_last_modification_and_priority(client):
    trial = TrialFactory(primary_identifier="NCT00000123")

    root = ET.fromstring(client.get("/sitemap-trials.xml").content)

    for url in root.findall(f"{SITEMAP}url"):
        assert url.find(f"{SITEMAP}lastmod").text == f"{trial.modified_at:%Y-%m-%d}"
        assert url.find(f"{SITEMAP}priority").text == "0.6"
