import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.factories import (
    ConditionFactory,
    ContactFactory,
    InterventionFactory,
    OutcomeFactory,
    SiteFactory,
    TermFactory,
    TrialFactory,
    TrialIdentifierFactory,
    TrialInterventionFactory,
    complete_trial,
)
from tests.pages import read
from trials.demo import CONDITION, INTERVENTION, INTERVENTION_SLUG, TRIAL, TRIAL_IDENTIFIER
from trials.models import Condition, ContactKind, Intervention, Phase, RecruitmentStatus, Trial

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "it", "fr", "de", "es"]
TERM_SLUG = "non-union"

ENDPOINTS = [
    "/api/v1/interventions/",
    f"/api/v1/interventions/{INTERVENTION_SLUG}/",
    f"/api/v1/interventions/{INTERVENTION_SLUG}/summary/",
    "/api/v1/trials/",
    f"/api/v1/trials/{TRIAL_IDENTIFIER}/",
    f"/api/v1/trials/{TRIAL_IDENTIFIER}/summary/",
    "/api/v1/conditions/",
    f"/api/v1/conditions/{CONDITION['slug']}/",
    "/api/v1/glossary/",
    f"/api/v1/glossary/{TERM_SLUG}/",
]


def get_json(client, url, status=200, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()


def results(client, url, **kwargs):
    return get_json(client, url, **kwargs)["results"]


def identifiers(client, url):
    return [trial["identifier"] for trial in results(client, url)]


def keys_in(value):
    """Every key of every object in a JSON document, however deeply nested."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from keys_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from keys_in(item)


def sentences_in(summary):
    for section in [summary["introduction"], *summary["sections"]]:
        for paragraph in section["paragraphs"]:
            yield from paragraph["sentences"]


# Every endpoint, in every language -------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "it"])
@pytest.mark.parametrize("url", ENDPOINTS)
def test_every_endpoint_answers_in_the_requested_language(client, demo_intervention, url, language):
    response = client.get(url, {"lang": language})

    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("language", ["en", "it"])
@pytest.mark.parametrize("url", ENDPOINTS)
def test_every_endpoint_names_translated_fields_once(client, demo_intervention, url, language):
    data = get_json(client, url, data={"lang": language})

    suffixed = re.compile(rf"_({'|'.join(LANGUAGES)})$")
    assert [key for key in keys_in(data) if suffixed.search(key)] == []


@pytest.mark.parametrize("url", ENDPOINTS)
def test_every_endpoint_answers_accept_language(client, demo_intervention, url):
    response = client.get(url, headers={"accept-language": "it-IT,it;q=0.9,en;q=0.5"})

    assert response.status_code == 200
    assert response["Content-Language"] == "it"


def test_italian_title_comes_with_lang_parameter(client, demo_intervention):
    trial = get_json(client, f"/api/v1/trials/{TRIAL_IDENTIFIER}/", data={"lang": "it"})

    assert trial["public_title"] == TRIAL["public_title_it"]
    assert "public_title" not in trial["fallback_fields"]


def test_italian_title_comes_with_accept_language(client, demo_intervention):
    trial = get_json(
        client, f"/api/v1/trials/{TRIAL_IDENTIFIER}/", headers={"accept-language": "it"}
    )

    assert trial["public_title"] == TRIAL["public_title_it"]


def test_english_title_comes_without_a_language(client, demo_intervention):
    response = client.get(f"/api/v1/trials/{TRIAL_IDENTIFIER}/")

    assert response.json()["public_title"] == TRIAL["public_title_en"]
    assert response["Content-Language"] == "en"


def test_lang_parameter_wins_over_accept_language(client, demo_intervention):
    response = client.get(
        f"/api/v1/trials/{TRIAL_IDENTIFIER}/", {"lang": "it"}, headers={"accept-language": "de"}
    )

    assert response.json()["public_title"] == TRIAL["public_title_it"]
    assert response["Content-Language"] == "it"


def test_intervention_list_names_the_intervention_in_italian(client, demo_intervention):
    [intervention] = results(client, "/api/v1/interventions/", data={"lang": "it"})

    assert intervention["name"] == INTERVENTION["name_it"]


def test_trial_gives_each_intervention_its_role_type_and_route_in_italian(
    client, demo_intervention
):
    trial = get_json(client, f"/api/v1/trials/{TRIAL_IDENTIFIER}/", data={"lang": "it"})

    [link] = trial["interventions"]
    assert (link["role"], link["role_label"]) == ("experimental", "trattamento in studio")
    assert link["kind"] == "advanced_therapy"
    assert link["route"] == "uso intraosseo"


def test_untranslated_title_is_marked_as_fallback_in_italian(client):
    TrialFactory(primary_identifier="NCT01234567", public_title_en="A study in English only")

    italian = get_json(client, "/api/v1/trials/NCT01234567/", data={"lang": "it"})
    english = get_json(client, "/api/v1/trials/NCT01234567/", data={"lang": "en"})

    assert italian["public_title"] == "A study in English only"
    assert "public_title" in italian["fallback_fields"]
    assert "public_title" not in english["fallback_fields"]


def test_summary_sentences_with_english_text_are_marked_as_fallback(client):
    trial = TrialFactory(primary_identifier="NCT01234567", public_title_en="Walking after surgery")
    TrialInterventionFactory(trial=trial, intervention__name_it="Fisioterapia")

    summary = get_json(client, "/api/v1/trials/NCT01234567/summary/", data={"lang": "it"})

    sentences = list(sentences_in(summary))
    with_title = [s for s in sentences if "Walking after surgery" in s["text"]]
    assert with_title and all(s["fallback"] for s in with_title)
    assert [s for s in sentences if not s["fallback"]] != []
    assert summary["has_untranslated_text"] is True


def test_english_summary_has_no_fallback_sentence(client):
    trial = TrialFactory(primary_identifier="NCT01234567", public_title_en="Walking after surgery")
    TrialInterventionFactory(trial=trial)

    summary = get_json(client, "/api/v1/trials/NCT01234567/summary/", data={"lang": "en"})

    assert [s["text"] for s in sentences_in(summary) if s["fallback"]] == []
    assert summary["has_untranslated_text"] is False


# Errors, methods, caching, throttling, CORS ----------------------------------------------


@pytest.mark.parametrize("url", ENDPOINTS)
def test_unsupported_language_is_a_bad_request_listing_the_supported_ones(
    client, demo_intervention, url
):
    error = get_json(client, url, status=400, data={"lang": "xx"})

    assert error["supported_languages"] == LANGUAGES
    assert "xx" in error["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/interventions/no-such-thing/",
        "/api/v1/interventions/no-such-thing/summary/",
        "/api/v1/trials/NCT99999999/",
        "/api/v1/trials/NCT99999999/summary/",
        "/api/v1/trials/CTRI/2020/05/025123/",
        "/api/v1/conditions/no-such-thing/",
        "/api/v1/glossary/no-such-thing/",
        "/api/v1/no-such-list/",
        "/api/v2/trials/",
        "/api/",
        "/api/v1/trials/?page=99",
        "/api/v1/conditions/not a slug/",
    ],
)
def test_unknown_objects_and_paths_are_json_not_found(client, demo_intervention, url):
    error = get_json(client, url, status=404)

    assert error["detail"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ENDPOINTS)
def test_the_api_refuses_to_change_anything(client, demo_intervention, url, method):
    response = getattr(client, method)(url, {}, content_type="application/json")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("url", ENDPOINTS)
def test_conditional_get_with_the_etag_is_not_modified(client, demo_intervention, url):
    etag = client.get(url)["ETag"]

    response = client.get(url, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""


def test_italian_and_english_responses_have_different_etags(client, demo_intervention):
    url = f"/api/v1/trials/{TRIAL_IDENTIFIER}/"
    english = client.get(url, {"lang": "en"})["ETag"]

    assert client.get(url, {"lang": "it"}, headers={"if-none-match": english}).status_code == 200


def test_anonymous_clients_are_throttled(client, monkeypatch):
    monkeypatch.setattr(
        "rest_framework.throttling.AnonRateThrottle.THROTTLE_RATES", {"anon": "3/minute"}
    )
    for _request in range(3):
        assert client.get("/api/v1/conditions/").status_code == 200

    response = client.get("/api/v1/conditions/")

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["detail"]


def test_other_sites_may_read_the_api_from_a_browser(client, demo_intervention):
    response = client.get("/api/v1/trials/", headers={"origin": "https://example.org"})

    assert response["Access-Control-Allow-Origin"] in {"*", "https://example.org"}


def test_pages_are_not_shared_with_other_sites(client, demo_intervention):
    response = client.get("/en/", headers={"origin": "https://example.org"})

    assert "Access-Control-Allow-Origin" not in response


# Lists: filters, search, order, pages ----------------------------------------------------


def test_trials_are_filtered_by_phase(client):
    TrialFactory(primary_identifier="NCT00000001", phase=Phase.PHASE2)
    TrialFactory(primary_identifier="NCT00000002", phase=Phase.PHASE3)
    TrialFactory(primary_identifier="NCT00000003", phase=Phase.PHASE1)

    assert identifiers(client, "/api/v1/trials/?phase=phase3") == ["NCT00000002"]
    assert identifiers(client, "/api/v1/trials/?phase=phase2&phase=phase3") == [
        "NCT00000001",
        "NCT00000002",
    ]


def test_trials_are_filtered_by_status(client):
    TrialFactory(primary_identifier="NCT00000001", status=RecruitmentStatus.RECRUITING)
    TrialFactory(primary_identifier="NCT00000002", status=RecruitmentStatus.COMPLETED)

    assert identifiers(client, "/api/v1/trials/?status=completed") == ["NCT00000002"]


def test_trials_are_filtered_by_country_of_a_site(client):
    SiteFactory(trial__primary_identifier="NCT00000001", country="FR")
    SiteFactory(trial__primary_identifier="NCT00000002", country="IT")
    italian = SiteFactory(trial__primary_identifier="NCT00000003", country="IT").trial
    SiteFactory(trial=italian, country="IT")

    assert identifiers(client, "/api/v1/trials/?country=IT") == ["NCT00000002", "NCT00000003"]


def test_trials_are_filtered_by_condition_and_intervention(client):
    condition = ConditionFactory(slug="asthma")
    intervention = InterventionFactory(slug="salbutamol")
    both = TrialFactory(primary_identifier="NCT00000001", conditions=[condition])
    TrialInterventionFactory(trial=both, intervention=intervention)
    TrialFactory(primary_identifier="NCT00000002", conditions=[condition])
    TrialInterventionFactory(trial__primary_identifier="NCT00000003", intervention=intervention)

    assert identifiers(client, "/api/v1/trials/?condition=asthma") == [
        "NCT00000001",
        "NCT00000002",
    ]
    assert identifiers(client, "/api/v1/trials/?intervention=salbutamol") == [
        "NCT00000001",
        "NCT00000003",
    ]
    assert identifiers(client, "/api/v1/trials/?condition=asthma&intervention=salbutamol") == [
        "NCT00000001"
    ]
    assert identifiers(client, "/api/v1/trials/?condition=no-such-condition") == []


def test_trials_are_filtered_by_date_of_update(client):
    TrialFactory(primary_identifier="NCT00000001", last_update=date(2024, 12, 31))
    TrialFactory(primary_identifier="NCT00000002", last_update=date(2025, 1, 1))
    TrialFactory(primary_identifier="NCT00000003", last_update=None)

    assert identifiers(client, "/api/v1/trials/?updated_since=2025-01-01") == ["NCT00000002"]


def test_trials_are_found_by_words_of_their_title_in_any_case(client):
    TrialFactory(primary_identifier="NCT00000001", public_title_en="Walking after knee surgery")
    TrialFactory(primary_identifier="NCT00000002", public_title_en="Walking after hip surgery")

    assert identifiers(client, "/api/v1/trials/?q=KNEE walking") == ["NCT00000001"]
    assert identifiers(client, "/api/v1/trials/?q=walking") == ["NCT00000001", "NCT00000002"]
    assert identifiers(client, "/api/v1/trials/?q=NCT00000002") == ["NCT00000002"]


def test_italian_search_finds_italian_and_untranslated_titles(client):
    TrialFactory(
        primary_identifier="NCT00000001",
        public_title_en="Knee study",
        public_title_it="Studio del ginocchio",
    )
    TrialFactory(primary_identifier="NCT00000002", public_title_en="Studio in English")

    assert identifiers(client, "/api/v1/trials/?q=studio&lang=it") == [
        "NCT00000001",
        "NCT00000002",
    ]


def test_interventions_conditions_and_terms_are_searched(client, demo_intervention):
    assert [i["slug"] for i in results(client, "/api/v1/interventions/?q=midollo&lang=it")] == [
        INTERVENTION_SLUG
    ]
    assert [c["slug"] for c in results(client, "/api/v1/conditions/?q=non-union")] == [
        CONDITION["slug"]
    ]
    assert [t["slug"] for t in results(client, "/api/v1/glossary/?q=pseudoartrosi&lang=it")] == [
        TERM_SLUG
    ]
    assert results(client, "/api/v1/interventions/?q=nothing+like+this") == []


@pytest.mark.parametrize(
    "query",
    [
        "phase=phase9",
        "status=maybe",
        "country=XX",
        "updated_since=yesterday",
        "updated_since=2025-02-30",
        "page_size=0",
        "page_size=-3",
        "page_size=many",
        "q=%00",
        "condition=a%00b",
    ],
)
def test_invalid_filters_are_a_bad_request(client, query):
    error = get_json(client, f"/api/v1/trials/?{query}", status=400)

    assert error


@pytest.mark.parametrize("value", ["", "%20", "yesterday", "2025-1-32"])
def test_an_empty_or_malformed_updated_since_is_a_bad_request_saying_the_format(client, value):
    error = get_json(client, f"/api/v1/trials/?updated_since={value}", status=400)

    assert error["updated_since"] == ["Enter a date as YYYY-MM-DD, such as 2025-01-31."]


def test_interventions_are_filtered_by_the_kind_their_trials_give_them(client):
    TrialInterventionFactory(intervention=InterventionFactory(slug="a-drug"), kind="drug")
    TrialInterventionFactory(intervention=InterventionFactory(slug="a-device"), kind="device")

    assert [i["slug"] for i in results(client, "/api/v1/interventions/?kind=device")] == [
        "a-device"
    ]
    get_json(client, "/api/v1/interventions/?kind=potion", status=400)


def test_lists_are_in_a_stable_order(client):
    for identifier in ["NCT00000003", "NCT00000001", "NCT00000002"]:
        TrialFactory(primary_identifier=identifier)
    for slug in ["b", "c", "a"]:
        ConditionFactory(slug=slug)
        InterventionFactory(slug=slug)
        TermFactory(slug=slug)

    assert identifiers(client, "/api/v1/trials/") == ["NCT00000001", "NCT00000002", "NCT00000003"]
    for url in ["/api/v1/conditions/", "/api/v1/interventions/", "/api/v1/glossary/"]:
        assert [item["slug"] for item in results(client, url)] == ["a", "b", "c"]


def test_pages_follow_each_other_without_gaps_or_repeats(client):
    TrialFactory.create_batch(45)

    seen, url = [], "/api/v1/trials/?page_size=20"
    while url:
        page = get_json(client, url)
        seen += [trial["identifier"] for trial in page["results"]]
        url = page["next"]

    assert len(seen) == 45
    assert seen == sorted(set(seen))


def test_pages_hold_at_most_one_hundred_objects(client):
    ConditionFactory.create_batch(101)

    page = get_json(client, "/api/v1/conditions/?page_size=1000")

    assert page["count"] == 101
    assert len(page["results"]) == 100
    assert page["next"]


def test_pages_hold_twenty_objects_unless_asked(client):
    ConditionFactory.create_batch(21)

    assert len(results(client, "/api/v1/conditions/")) == 20
    assert len(results(client, "/api/v1/conditions/?page_size=5")) == 5


# Objects ----------------------------------------------------------------------------------


def test_a_secondary_identifier_finds_the_trial(client):
    trial = complete_trial(primary_identifier="NCT01234567")
    secondary = trial.identifiers.get(kind="ISRCTN").value

    found = get_json(client, f"/api/v1/trials/{secondary}/")
    summary = get_json(client, f"/api/v1/trials/{secondary}/summary/")

    assert found["identifier"] == "NCT01234567"
    assert summary["references"][0]["identifier"] == "NCT01234567"


def test_identifiers_with_slashes_find_the_trial_and_its_summary(client):
    TrialFactory(primary_identifier="CTRI/2020/05/025123")

    trial = get_json(client, "/api/v1/trials/CTRI/2020/05/025123/")
    summary = get_json(client, "/api/v1/trials/CTRI/2020/05/025123/summary/")

    assert trial["identifier"] == "CTRI/2020/05/025123"
    assert urlparse(trial["url"]).path == "/api/v1/trials/CTRI/2020/05/025123/"
    assert summary["references"][0]["identifier"] == "CTRI/2020/05/025123"


def test_trials_nest_their_outcomes_sites_conditions_and_interventions(client):
    intervention = InterventionFactory(slug="salbutamol", name_en="Salbutamol")
    trial = complete_trial(intervention=intervention, primary_identifier="NCT01234567")

    data = get_json(client, "/api/v1/trials/NCT01234567/")

    assert sorted((o["kind"], o["measure"]) for o in data["outcomes"]) == sorted(
        (o.kind, o.measure_en) for o in trial.outcomes.all()
    )
    assert sorted(site["country"] for site in data["sites"]) == ["DE", "FR"]
    assert sorted(c["slug"] for c in data["conditions"]) == sorted(
        c.slug for c in trial.conditions.all()
    )
    assert [(i["slug"], i["name"]) for i in data["interventions"]] == [("salbutamol", "Salbutamol")]
    assert urlparse(data["interventions"][0]["url"]).path == "/api/v1/interventions/salbutamol/"
    assert sorted(i["value"] for i in data["secondary_identifiers"]) == sorted(
        i.value for i in trial.identifiers.all()
    )


@pytest.mark.parametrize(
    ("url", "api_path", "page_path"),
    [
        (
            "/api/v1/interventions/",
            f"/api/v1/interventions/{INTERVENTION_SLUG}/",
            f"/interventions/{INTERVENTION_SLUG}/",
        ),
        (
            "/api/v1/trials/",
            f"/api/v1/trials/{TRIAL_IDENTIFIER}/",
            f"/trials/{TRIAL_IDENTIFIER}/",
        ),
        (
            "/api/v1/conditions/",
            f"/api/v1/conditions/{CONDITION['slug']}/",
            f"/conditions/{CONDITION['slug']}/",
        ),
        ("/api/v1/glossary/", f"/api/v1/glossary/{TERM_SLUG}/", f"/glossary/{TERM_SLUG}/"),
    ],
)
@pytest.mark.parametrize("language", ["en", "it"])
def test_objects_link_to_themselves_and_to_their_page_in_the_language(
    client, demo_intervention, url, api_path, page_path, language
):
    listed = results(client, url, data={"lang": language})
    item = next(i for i in listed if urlparse(i["url"]).path == api_path)
    detail = get_json(client, item["url"], data={"lang": language})

    assert detail["id"] == item["id"]
    assert urlparse(detail["url"]).path == api_path
    assert urlparse(detail["html_url"]).path == f"/{language}{page_path}"
    assert client.get(detail["html_url"]).status_code == 200


# The summary says what the page says ------------------------------------------------------


class _SummaryReader(HTMLParser):
    """Paragraphs (and lists) of the introduction and of each section, and the references."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.headings, self.references = {}, {}, []
        self.block = None
        self.reading = None  # "p", "h2" or "li" and its text so far
        self.tooltip = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("role") == "tooltip":
            self.tooltip = True  # a glossary definition, shown on hover and focus only
        if tag == "section" or (tag == "div" and attrs.get("class") == "introduction"):
            self.block = attrs.get("id") or "introduction"
        elif tag in {"p", "h2"} and self.block:
            self.reading = [tag, ""]
        elif tag == "ul" and attrs.get("class") == "sentence-list" and self.block:
            self.reading = [tag, ""]  # a paragraph whose sentences are list items
        elif tag == "li" and self.reading and self.reading[0] == "ul":
            self.reading[1] += " "
        elif tag == "li" and (attrs.get("id") or "").startswith("ref-"):
            self.reading = [tag, ""]

    def handle_endtag(self, tag):
        if self.tooltip and tag == "span":
            self.tooltip = False
        if self.reading and self.reading[0] == tag:
            text = _squash(self.reading[1])
            if tag in {"p", "ul"}:
                self.blocks.setdefault(self.block, []).append(text)
            elif tag == "h2":
                self.headings[self.block] = text
            else:
                self.references.append(text)
            self.reading = None
        if tag == "section" or (tag == "div" and self.block == "introduction"):
            self.block = None

    def handle_data(self, data):
        if self.reading and not self.tooltip:
            self.reading[1] += data


def _squash(text):
    # The page puts a word joiner (U+2060) before each citation so it stays on the line.
    return re.sub(r"\s+", " ", text.replace("\u2060", "")).strip()


def _paragraph_text(paragraph, previous=None):
    """A paragraph as the page shows it: the trial's label opens its first paragraph only."""
    sentences = [
        sentence["text"] + "".join(f"[{number}]" for number in sentence["cites"])
        for sentence in paragraph["sentences"]
    ]
    shown = paragraph["trial"] and paragraph["trial"] != (previous or {}).get("trial")
    label = [paragraph["trial"]] if shown else []
    return _squash(" ".join(label + sentences))


def _paragraph_texts(paragraphs):
    return [
        _paragraph_text(paragraph, paragraphs[index - 1] if index else None)
        for index, paragraph in enumerate(paragraphs)
    ]


def _reference_text(reference):
    text = f"{reference['identifier']} – {reference['registry']}"
    return f"{text} {reference['url']}" if reference["url"] else text


def _summary_and_page(client, api_url, page_url):
    summary = get_json(client, api_url)
    page = client.get(page_url)
    assert page.status_code == 200
    reader = _SummaryReader()
    reader.feed(page.content.decode())
    return summary, reader, read(page)


def _two_trials_of_one_intervention():
    intervention = InterventionFactory(
        slug="salbutamol", name_en="Salbutamol", name_it="Salbutamolo"
    )
    for identifier in ["NCT00000001", "2024-123456-78-00"]:
        trial = complete_trial(
            intervention=intervention, primary_identifier=identifier, phase=Phase.PHASE2
        )
        TrialIdentifierFactory(trial=trial, value=f"NATIONAL-{trial.pk}", kind="NATIONAL")
    return "salbutamol"


@pytest.mark.parametrize("language", ["en", "it"])
@pytest.mark.parametrize("content", ["demo", "two trials"])
def test_intervention_summary_says_what_its_page_says(client, demo_intervention, content, language):
    slug = INTERVENTION_SLUG if content == "demo" else _two_trials_of_one_intervention()
    summary, reader, page = _summary_and_page(
        client,
        f"/api/v1/interventions/{slug}/summary/?lang={language}",
        f"/{language}/interventions/{slug}/",
    )

    assert summary["language"] == language
    assert summary["title"] in page.headings
    assert {"introduction", *(s["key"] for s in summary["sections"])} <= reader.blocks.keys()
    assert reader.blocks["introduction"] == _paragraph_texts(summary["introduction"]["paragraphs"])
    assert [s["heading"] for s in summary["sections"]] == [
        reader.headings[s["key"]] for s in summary["sections"]
    ]
    for section in summary["sections"]:
        assert reader.blocks.get(section["key"], []) == _paragraph_texts(section["paragraphs"]), (
            section["key"]
        )
    assert reader.references == [_reference_text(r) for r in summary["references"]]
    assert summary["references"]


@pytest.mark.parametrize("language", ["en", "it"])
def test_trial_summary_says_what_its_page_says(client, demo_intervention, language):
    summary, reader, page = _summary_and_page(
        client,
        f"/api/v1/trials/{TRIAL_IDENTIFIER}/summary/?lang={language}",
        f"/{language}/trials/{TRIAL_IDENTIFIER}/",
    )

    assert summary["title"] in page.headings
    for section in summary["sections"]:
        assert reader.headings[section["key"]] == section["heading"]
        assert reader.blocks.get(section["key"], []) == _paragraph_texts(section["paragraphs"]), (
            section["key"]
        )
    assert reader.references == [_reference_text(r) for r in summary["references"]]


def test_summary_lists_the_trials_and_glossary_of_the_page(client, demo_intervention):
    summary = get_json(client, f"/api/v1/interventions/{INTERVENTION_SLUG}/summary/?lang=it")

    [row] = summary["trials"]
    assert row["identifier"] == TRIAL_IDENTIFIER
    assert row["title"] == TRIAL["public_title_it"]
    assert urlparse(row["html_url"]).path == f"/it/trials/{TRIAL_IDENTIFIER}/"
    assert TERM_SLUG in [entry["slug"] for entry in summary["glossary"]]
    assert "Mancata unione" in [entry["term"] for entry in summary["glossary"]]


# Query counts -----------------------------------------------------------------------------


def _many(count):
    """`count` objects of each kind, every one with related rows."""
    for _number in range(count):
        TermFactory()
        complete_trial(intervention=InterventionFactory())


def _intervention():
    _intervention_trials(InterventionFactory(slug="salbutamol"), 1)


def _intervention_trials(intervention, count):
    for _number in range(count):
        complete_trial(intervention=intervention)


def _trial():
    trial = complete_trial(primary_identifier="NCT01234567", intervention=InterventionFactory())
    TrialIdentifierFactory(trial=trial, value="ISRCTN12345678")


def _trial_rows(count):
    trial = Trial.objects.get(primary_identifier="NCT01234567")
    for _number in range(count):
        site = SiteFactory(trial=trial)
        ContactFactory(trial=trial)
        ContactFactory(trial=trial, kind=ContactKind.SITE, site=site)
        OutcomeFactory(trial=trial)
        TrialIdentifierFactory(trial=trial)
        TrialInterventionFactory(trial=trial)
        trial.conditions.add(ConditionFactory())


def _condition():
    ConditionFactory(slug="asthma").trials.add(complete_trial())


def _condition_trials(count):
    Condition.objects.get(slug="asthma").trials.add(*TrialFactory.create_batch(count))


# (url, make the objects, add `count` more)
QUERY_COUNT_CASES = {
    "intervention list": ("/api/v1/interventions/", lambda: _many(1), _many),
    "trial list": ("/api/v1/trials/", lambda: _many(1), _many),
    "condition list": ("/api/v1/conditions/", lambda: _many(1), _many),
    "glossary": ("/api/v1/glossary/", lambda: _many(1), _many),
    "intervention": (
        "/api/v1/interventions/salbutamol/",
        _intervention,
        lambda count: _intervention_trials(Intervention.objects.get(slug="salbutamol"), count),
    ),
    "intervention summary": (
        "/api/v1/interventions/salbutamol/summary/",
        _intervention,
        lambda count: _intervention_trials(Intervention.objects.get(slug="salbutamol"), count),
    ),
    "trial": ("/api/v1/trials/NCT01234567/", _trial, _trial_rows),
    "trial by secondary identifier": ("/api/v1/trials/ISRCTN12345678/", _trial, _trial_rows),
    "trial summary": ("/api/v1/trials/NCT01234567/summary/", _trial, _trial_rows),
    "condition": ("/api/v1/conditions/asthma/", _condition, _condition_trials),
    "term": (
        "/api/v1/glossary/term-0/",
        lambda: TermFactory(slug="term-0"),
        TermFactory.create_batch,
    ),
}


@pytest.mark.parametrize("case", QUERY_COUNT_CASES)
def test_query_count_does_not_grow_with_the_number_of_rows(
    client, django_assert_max_num_queries, django_assert_num_queries, case
):
    url, make, add = QUERY_COUNT_CASES[case]
    url = f"{url}?page_size=100&lang=it"
    make()
    with django_assert_max_num_queries(30) as with_one:
        assert client.get(url).status_code == 200

    add(49)

    with django_assert_num_queries(len(with_one.captured_queries)):
        assert client.get(url).status_code == 200


def test_trial_counts_stay_whole_under_filters(client):
    asthma, copd = ConditionFactory(slug="asthma"), ConditionFactory(slug="copd")
    intervention = InterventionFactory(slug="salbutamol")
    for condition in [asthma, copd, copd]:
        TrialInterventionFactory(
            trial=TrialFactory(conditions=[condition]), intervention=intervention
        )

    [found] = results(client, "/api/v1/interventions/?condition=asthma")
    conditions = {c["slug"]: c["trial_count"] for c in results(client, "/api/v1/conditions/")}

    assert (found["slug"], found["trial_count"]) == ("salbutamol", 3)
    assert conditions == {"asthma": 1, "copd": 2}


def test_summary_gives_each_sentence_the_registry_fields_it_states(client, tmp_path):
    from trials.importers.sources import iter_source_items
    from trials.importers.writer import import_items

    fixture = Path(__file__).parents[1] / "fixtures" / "ctgov" / "NCT00711542.json"
    import_items(iter_source_items([str(fixture)]), publish=True)

    summary = get_json(client, "/api/v1/trials/NCT00711542/summary/")

    sentences = [
        line
        for section in summary["sections"]
        for p in section["paragraphs"]
        for line in p["sentences"]
    ]
    [status] = [
        line for line in sentences if line["text"].startswith("The registry lists the study as")
    ]
    assert status["sources"] == [
        {
            "field": "Trial.status",
            "record": "NCT00711542",
            "registry_paths": ["protocolSection.statusModule.overallStatus"],
            "absent": False,
        }
    ]
    assert all(line["sources"] for line in sentences)
