import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from glossary.models import Term
from tests.factories import (
    ConditionFactory,
    ContactFactory,
    InterventionFactory,
    OutcomeFactory,
    SectionTextFactory,
    SiteFactory,
    TrialFactory,
    TrialIdentifierFactory,
    TrialInterventionFactory,
    complete_trial,
)
from tests.pages import read
from trials.demo import INTERVENTION_SLUG, TRIAL_IDENTIFIER, load_demo
from trials.labels import trial_title
from trials.models import (
    FEATURED_TRIALS,
    Condition,
    ContactKind,
    Intervention,
    Outcome,
    OutcomeKind,
    SectionText,
    Site,
    SummarySection,
    Trial,
    TrialIdentifier,
    TrialIntervention,
)

pytestmark = pytest.mark.django_db

PAGE_HEADINGS = [
    "Overview of the clinical trial",
    "Who the study is for",
    "How to take part",
    "Study design and phase",
    "What the study measures",
    "What the trials found",
    "Main trial details",
    "Table of contents",
    "Trials",
    "Ongoing clinical trials",
    "Glossary",
    "References",
]


def in_english(tag, text, content):
    """Whether `text` is shown in a `tag` marked as English."""
    return re.search(rf'<{tag}\b[^>]*\blang="en"[^>]*>{re.escape(text)}</{tag}>', content)


def headings_in(language):
    with translation.override(language):
        return [str(translation.gettext(heading)) for heading in PAGE_HEADINGS]


def demo_page(client, language):
    response = client.get(f"/{language}/interventions/{INTERVENTION_SLUG}/")
    assert response.status_code == 200
    return read(response)


# The demo intervention page ---------------------------------------------------------------


def test_english_demo_page_has_every_section_heading(client, demo_intervention):
    page = demo_page(client, "en")

    with translation.override("en"):
        sections = [str(label) for key, label in SummarySection.choices if key != "introduction"]
    # An intervention's page gathers what its trials found: its heading says trials.
    sections[sections.index("What the trial found")] = "What the trials found"
    assert sections == PAGE_HEADINGS[: len(sections)]

    for heading in PAGE_HEADINGS:
        assert heading in page.headings
    assert page.lang == "en"


def test_italian_demo_page_has_every_section_heading_in_italian(client, demo_intervention):
    page = demo_page(client, "it")

    italian = headings_in("it")
    # Each heading has an Italian translation in the catalogue...
    assert [h for h, english in zip(italian, PAGE_HEADINGS, strict=True) if h == english] == []
    # ...and the page shows it.
    for heading in italian:
        assert heading in page.headings
    assert page.lang == "it"


def test_italian_demo_page_shows_no_english_heading(client, demo_intervention):
    page = demo_page(client, "it")

    assert [heading for heading in PAGE_HEADINGS if heading in page.headings] == []


def test_english_demo_trials_table_lists_the_trial(client, demo_intervention):
    page = demo_page(client, "en")

    row = next(row for row in page.rows if row and row[0] == TRIAL_IDENTIFIER)
    assert row == [
        "2025-520841-60-00",
        "Study of the efficacy of allogeneic bone marrow mesenchymal cells combined with "
        "biomaterial for bone healing in patients with delayed consolidation or non-union of long "
        "bone fractures",
        "Phase 3",
        "delayed consolidation or non-union of long bone fractures",
        "Recruiting",
        "80",
        "Not posted",
    ]


def test_italian_demo_trials_table_lists_the_trial_in_italian(client, demo_intervention):
    page = demo_page(client, "it")

    with translation.override("it"):
        phase, status = translation.gettext("Phase 3"), translation.gettext("Recruiting")
        results = translation.gettext("Not posted")
    row = next(row for row in page.rows if row and row[0] == TRIAL_IDENTIFIER)
    title = trial_title(Trial.objects.get(primary_identifier=TRIAL_IDENTIFIER), "it")
    assert not title.lang
    assert row == [
        "2025-520841-60-00",
        title.text,
        phase,
        "ritardo di consolidamento o mancata unione delle fratture delle ossa lunghe",
        status,
        "80",
        results,
    ]
    assert phase != "Phase 3"
    assert status != "Recruiting"


def test_italian_demo_page_names_countries_in_italian(client, demo_intervention):
    page = demo_page(client, "it")

    assert "Francia, Germania, Italia, Spagna" in page.text
    for english in ["France", "Germany", "Italy", "Spain"]:
        assert english not in page.text


def test_english_demo_page_names_countries_in_english(client, demo_intervention):
    assert "France, Germany, Italy and Spain" in demo_page(client, "en").text


@pytest.mark.parametrize("language", ["en", "it"])
def test_demo_page_links_the_eu_ct_number_to_ctis_only(client, demo_intervention, language):
    page = demo_page(client, language)

    hrefs = [href for href, _text in page.links]
    assert "https://euclinicaltrials.eu/ctis-public/view/2025-520841-60-00" in hrefs
    assert not [href for href in hrefs if "clinicaltrials.gov" in href]
    assert f"/{language}/trials/2025-520841-60-00/" in hrefs


def test_demo_page_cites_its_reference(client, demo_intervention):
    page = demo_page(client, "en")

    assert ("#ref-1", "[1]") in page.links
    assert "EU Clinical Trials Information System (CTIS)" in page.text


# The trial page ---------------------------------------------------------------------------


def test_demo_trial_page_shows_outcomes_eligibility_and_sites(client, demo_intervention):
    response = client.get(f"/en/trials/{TRIAL_IDENTIFIER}/")

    assert response.status_code == 200
    page = read(response)
    assert "Clinical trial 2025-520841-60-00" in page.text
    assert "Outcome measures" in page.headings
    assert "Primary outcomes" in page.headings
    assert (
        "Percentage of patients with radiological consolidation at 12 months after the "
        "intervention" in page.text
    )
    assert "Time frame: 12 months after the intervention" in page.text
    assert "Eligibility criteria" in page.headings
    assert "The registry record lists no eligibility criteria." in page.text
    assert "The registry record does not list an age limit." in page.text
    assert ["France (1)", "Germany (1)", "Italy (1)", "Spain (1)"] == [
        h for h in page.headings if h.endswith("(1)")
    ]
    assert (
        "https://euclinicaltrials.eu/ctis-public/view/2025-520841-60-00",
        "2025-520841-60-00",
    ) in page.links


def test_trial_page_groups_sites_by_country_and_shows_criteria(client):
    trial = TrialFactory(
        primary_identifier="NCT01234567",
        minimum_age="18 Years",
        inclusion_criteria_en="Adults with a fracture",
        exclusion_criteria_en="Pregnancy",
    )
    SiteFactory(trial=trial, country="ES", facility="Hospital del Mar", city="Barcelona")
    SiteFactory(trial=trial, country="FR", facility="Hôpital Cochin", city="Paris")
    SiteFactory(trial=trial, country="ES", facility="Hospital La Paz", city="Madrid")
    OutcomeFactory(trial=trial, kind=OutcomeKind.SECONDARY, measure_en="Pain score")

    page = read(client.get("/en/trials/NCT01234567/"))

    assert [h for h in page.headings if "(" in h] == ["France (1)", "Spain (2)"]
    assert "Hospital del Mar, Barcelona" in page.text
    assert "Hospital La Paz, Madrid" in page.text
    assert "Inclusion criteria" in page.headings
    assert "Adults with a fracture" in page.text
    assert "Exclusion criteria" in page.headings
    assert "Pregnancy" in page.text
    assert "Secondary outcomes" in page.headings
    assert "Participants must be aged 18 years or older." in page.text
    assert ("https://clinicaltrials.gov/study/NCT01234567", "NCT01234567") in page.links


def test_trial_page_links_other_identifiers_to_their_registries(client):
    trial = TrialFactory(primary_identifier="2025-520841-60-00")
    TrialIdentifierFactory(trial=trial, value="NCT07000001", kind="NCT")
    TrialIdentifierFactory(trial=trial, value="ORTHO-01", kind=TrialIdentifier.SPONSOR)

    page = read(client.get("/en/trials/2025-520841-60-00/"))

    assert ("https://clinicaltrials.gov/study/NCT07000001", "NCT07000001") in page.links
    assert "ORTHO-01 (Sponsor's protocol code)" in page.text
    assert not [text for _href, text in page.links if text == "ORTHO-01"]


def test_trial_without_registry_link_shows_its_identifier_without_a_link(client):
    TrialFactory(primary_identifier="U1111-1234-5678")

    response = client.get("/en/trials/U1111-1234-5678/")

    assert response.status_code == 200
    page = read(response)
    assert "U1111-1234-5678" in page.text
    assert not [href for href, _text in page.links if href in ("None", "")]
    assert 'href="None"' not in response.content.decode()


def test_trial_with_slashes_in_its_identifier_is_served(client):
    TrialFactory(primary_identifier="CTRI/2020/05/025123")

    response = client.get("/en/trials/CTRI/2020/05/025123/")

    assert response.status_code == 200
    assert "Clinical trial CTRI/2020/05/025123" in read(response).text


def test_secondary_identifier_redirects_permanently_to_the_primary(client):
    trial = TrialFactory(primary_identifier="2025-520841-60-00")
    TrialIdentifierFactory(trial=trial, value="NCT07000001", kind="NCT")

    response = client.get("/en/trials/NCT07000001/")

    assert response.status_code == 301
    assert response["Location"] == "/en/trials/2025-520841-60-00/"


@pytest.mark.parametrize("typed", ["nct01234567", "NCT%200123%204567", "Nct01234567"])
def test_unnormalised_identifier_redirects_to_the_canonical_address(client, typed):
    TrialFactory(primary_identifier="NCT01234567")

    response = client.get(f"/it/trials/{typed}/")

    assert response.status_code == 301
    assert response["Location"] == "/it/trials/NCT01234567/"


@pytest.mark.parametrize("identifier", ["NCT123", "not-a-trial", "2025-520841-60-0"])
def test_malformed_identifier_is_not_found(client, identifier):
    assert client.get(f"/en/trials/{identifier}/").status_code == 404


def test_unknown_well_formed_identifier_is_not_found(client):
    assert client.get("/en/trials/NCT09999999/").status_code == 404


# Languages, lists and missing pages -------------------------------------------------------


@pytest.mark.parametrize(("accept", "target"), [("it", "/it/"), ("it-IT,it;q=0.9", "/it/"),
                                                ("de", "/de/"), ("en-GB", "/en/")])  # fmt: skip
def test_home_redirects_to_the_reader_s_language(client, accept, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)

    assert response.status_code == 302
    assert response["Location"] == target


def test_home_without_language_preference_redirects_to_english(client):
    response = client.get("/")

    assert response["Location"] == "/en/"


@pytest.mark.parametrize("language", ["en", "it"])
def test_language_home_lists_the_most_studied_interventions_with_trial_counts(client, language):
    first = InterventionFactory(name_en="Alphamab", name_it="Alfamab")
    for _ in range(2):
        TrialInterventionFactory(intervention=first)
    TrialInterventionFactory(intervention=InterventionFactory(name_en="Betamab"))
    placebo = InterventionFactory(name_en="Placebo")
    for _ in range(3):
        TrialInterventionFactory(intervention=placebo, role="placebo")
    InterventionFactory(name_en="Gammamab")

    response = client.get(f"/{language}/")

    assert response.status_code == 200
    page = read(response)
    names = {"en": "Alphamab", "it": "Alfamab"}
    assert (f"/{language}/interventions/{first.slug}/", names[language]) in page.links
    headings = page.headings
    assert headings.index(names[language]) < headings.index("Betamab")
    # A placebo is in many trials and studied in none; an intervention without trials waits.
    assert "Placebo" not in headings
    assert "Gammamab" not in headings
    if language == "en":
        assert "2 trials" in page.text


def test_untranslated_intervention_name_is_marked_english_in_the_italian_list(client):
    TrialInterventionFactory(intervention=InterventionFactory(name_en="Betamab", name_it=""))

    content = client.get("/it/").content.decode()

    assert in_english("span", "Betamab", content)


@pytest.mark.parametrize("language", ["en", "it"])
def test_a_to_z_lists_every_treatment_with_trials_by_its_name_in_the_language(client, language):
    for english, italian in [("Cellmab", "Cellmab"), ("Aspirin", "Acido acetilsalicilico")]:
        TrialInterventionFactory(intervention=InterventionFactory(name_en=english, name_it=italian))
    InterventionFactory(name_en="Nothingmab")

    page = read(client.get(f"/{language}/interventions/"))
    letter_a = read(client.get(f"/{language}/interventions/?letter=A"))

    listed = [
        text for href, text in page.links if "/interventions/" in href and href.count("/") == 4
    ]
    expected = {"en": ["Aspirin", "Cellmab"], "it": ["Acido acetilsalicilico", "Cellmab"]}
    assert listed == expected[language]
    assert "Cellmab" not in letter_a.text.split("Nothing is listed")[0].split("A to Z")[-1]


def test_a_to_z_pages_hold_a_bounded_number_of_names(client):
    for number in range(60):
        TrialInterventionFactory(intervention=InterventionFactory(name_en=f"Drug {number:02d}"))

    first = read(client.get("/en/interventions/"))
    second = read(client.get("/en/interventions/?page=2"))

    assert "Drug 49" in first.text and "Drug 50" not in first.text
    assert "Drug 50" in second.text


@pytest.mark.parametrize("language", ["en", "it"])
def test_unknown_intervention_is_a_not_found_page_in_the_page_s_language(client, language):
    response = client.get(f"/{language}/interventions/no-such-treatment/")

    assert response.status_code == 404
    page = read(response)
    assert page.lang == language
    with translation.override(language):
        heading = translation.gettext("Page not found")
        back = translation.gettext("See all treatments under study")
    assert heading in page.headings
    assert (f"/{language}/", back) in page.links


def test_italian_not_found_page_is_written_in_italian(client):
    page = read(client.get("/it/interventions/no-such-treatment/"))

    assert "Page not found" not in page.headings


# Missing translations on pages ------------------------------------------------------------


def test_italian_page_marks_english_fallback_text(client):
    condition = ConditionFactory(name_en="knee pain", name_it="")
    intervention = InterventionFactory(name_en="Kneemab", name_it="")
    TrialInterventionFactory(intervention=intervention, trial=TrialFactory(conditions=[condition]))

    response = client.get(f"/it/interventions/{intervention.slug}/")

    content = response.content.decode()
    assert in_english("h1", "Kneemab", content)
    assert in_english("span", "knee pain", content)
    assert 'class="notice"' in content


def test_fully_translated_italian_page_has_no_fallback_notice(client):
    intervention = InterventionFactory(name_en="Kneemab", name_it="Ginocchiomab")
    TrialInterventionFactory(
        intervention=intervention,
        trial=TrialFactory(public_title_en="Knee", public_title_it="Ginocchio"),
    )

    content = client.get(f"/it/interventions/{intervention.slug}/").content.decode()

    assert 'class="notice"' not in content
    assert 'lang="en"' not in content.split("<main", 1)[1]


def test_editor_text_is_shown_with_linked_citations(client):
    intervention = InterventionFactory()
    TrialInterventionFactory(intervention=intervention)
    SectionTextFactory(
        intervention=intervention,
        section=SummarySection.OVERVIEW,
        text_en="An editor wrote this.[1]",
    )

    response = client.get(f"/en/interventions/{intervention.slug}/")

    page = read(response)
    assert "An editor wrote this.[1]" in page.text
    assert ("#ref-1", "[1]") in page.links


# Hostile text -----------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script>"


def test_hostile_editor_text_is_escaped_on_the_intervention_page(client):
    intervention = InterventionFactory(name_en=HOSTILE, other_names=[HOSTILE])
    trial = TrialFactory(public_title_en=HOSTILE, sponsor=HOSTILE)
    TrialInterventionFactory(intervention=intervention, trial=trial, usage_en=HOSTILE)
    SectionTextFactory(intervention=intervention, section=SummarySection.DESIGN, text_en=HOSTILE)

    response = client.get(f"/en/interventions/{intervention.slug}/")

    content = response.content.decode()
    assert HOSTILE not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert HOSTILE in read(response).text


def test_hostile_text_is_escaped_on_the_trial_page(client):
    trial = TrialFactory(
        primary_identifier="NCT01234567",
        public_title_en=HOSTILE,
        official_title_en=HOSTILE,
        inclusion_criteria_en=HOSTILE,
        sponsor=HOSTILE,
        acronym=HOSTILE,
    )
    SiteFactory(trial=trial, facility=HOSTILE, city=HOSTILE)
    OutcomeFactory(trial=trial, measure_en=HOSTILE, time_frame_en=HOSTILE)
    TrialIdentifierFactory(trial=trial, value=HOSTILE, kind=TrialIdentifier.SPONSOR)
    SectionTextFactory(trial=trial, section=SummarySection.OUTCOMES, text_en=HOSTILE)

    response = client.get("/en/trials/NCT01234567/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "<script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


# Query counts -----------------------------------------------------------------------------


def queries_for(client, url):
    client.get(url)  # first request warms caches that are not per page
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_intervention_page_queries_do_not_grow_with_its_trials(client, django_assert_num_queries):
    few = InterventionFactory()
    for _ in range(FEATURED_TRIALS + 1):
        complete_trial(intervention=few)
    many = InterventionFactory()
    for _ in range(20):
        complete_trial(intervention=many)
    expected = queries_for(client, f"/en/interventions/{few.slug}/")

    with django_assert_num_queries(expected):
        response = client.get(f"/en/interventions/{many.slug}/")

    assert len(read(response).rows) == 21  # header and 20 trials


def test_the_table_of_a_few_trials_reuses_the_described_ones(client):
    one = InterventionFactory()
    complete_trial(intervention=one)
    six = InterventionFactory()
    for _ in range(FEATURED_TRIALS + 1):
        complete_trial(intervention=six)

    assert queries_for(client, f"/en/interventions/{one.slug}/") == (
        queries_for(client, f"/en/interventions/{six.slug}/") - 2
    )
    response = client.get(f"/en/interventions/{one.slug}/")
    assert len(read(response).rows) == 2  # header and its trial


def test_trial_page_queries_do_not_grow_with_its_rows(client, django_assert_num_queries):
    small = complete_trial(intervention=InterventionFactory(), primary_identifier="NCT00000001")
    large = complete_trial(intervention=InterventionFactory(), primary_identifier="NCT00000002")
    large.conditions.add(*ConditionFactory.create_batch(18))
    for _ in range(18):
        site = SiteFactory(trial=large)
        ContactFactory(trial=large)
        ContactFactory(trial=large, kind=ContactKind.SITE, site=site)
        OutcomeFactory(trial=large)
        TrialIdentifierFactory(trial=large)
        TrialInterventionFactory(trial=large)
    expected = queries_for(client, "/en/trials/NCT00000001/")

    with django_assert_num_queries(expected):
        response = client.get("/en/trials/NCT00000002/")

    assert response.status_code == 200
    assert small.pk != large.pk


def test_intervention_list_queries_do_not_grow_with_interventions(
    client, django_assert_num_queries
):
    complete_trial(intervention=InterventionFactory())
    expected = queries_for(client, "/en/")
    for _ in range(19):
        complete_trial(intervention=InterventionFactory())

    with django_assert_num_queries(expected):
        response = client.get("/en/")

    # The home page shows the most studied: a dozen, however many there are.
    assert len([h for h in read(response).headings if h.startswith("Treatment ")]) == 12


# The demo content -------------------------------------------------------------------------


def row_counts():
    models = [Intervention, Condition, Trial, TrialIntervention, Outcome, Site, Term]
    return {model.__name__: model.objects.count() for model in models} | {
        "conditions": Trial.conditions.through.objects.count(),
        "section texts": SectionText.objects.count(),
        "identifiers": TrialIdentifier.objects.count(),
    }


def test_loading_the_demo_twice_leaves_the_same_rows():
    load_demo()
    first = row_counts()

    load_demo()

    assert row_counts() == first
    assert first["Trial"] == 1
    assert first["Site"] == 4
    assert first["Outcome"] == 1
    assert first["Term"] == 10


def test_staff_can_see_the_record_fields_behind_every_sentence(client, admin_client, tmp_path):
    from trials.importers.sources import iter_source_items
    from trials.importers.writer import import_items

    fixture = Path(__file__).parents[1] / "fixtures" / "ctgov" / "NCT00711542.json"
    import_items(iter_source_items([str(fixture)]), publish=True)

    shown = admin_client.get("/en/trials/NCT00711542/?sources=1").content.decode()
    assert '<details class="sources">' in shown
    assert "protocolSection.statusModule.whyStopped" in shown
    # Readers never see them, even when they ask.
    assert "protocolSection" not in client.get("/en/trials/NCT00711542/?sources=1").content.decode()
