"""What a reader does in a real browser: search, read a summary, switch language, look up terms,
and every page type passes axe-core's serious and critical checks."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.conftest import AXE, SCREENSHOTS
from trials.demo import CONDITION, INTERVENTION_SLUG, TRIAL_IDENTIFIER
from trials.importers.sources import iter_source_items
from trials.importers.writer import import_items

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "it"]
WIDTHS = [360, 1280]


def page_paths(language):
    with translation.override(language):
        return {
            "home": reverse("intervention_list"),
            "search": f"{reverse('search')}?q=mesenchymal",
            "intervention": reverse("intervention_detail", kwargs={"slug": INTERVENTION_SLUG}),
            "trial": reverse("trial_detail", kwargs={"identifier": TRIAL_IDENTIFIER}),
            "condition": reverse("condition_detail", kwargs={"slug": CONDITION["slug"]}),
            "glossary": reverse("glossary"),
            "glossary-term": reverse("glossary_term", kwargs={"slug": "non-union"}),
            "404": f"/{language}/no-such-page/",
        }


def test_reader_searches_reads_a_summary_and_switches_to_italian(demo_site, page):
    page.goto(f"{demo_site.url}/en/")
    page.get_by_role("search").get_by_role("searchbox").fill("mesenchymal")
    page.get_by_role("search").get_by_role("button").click()
    page.wait_for_url("**/en/search/?q=mesenchymal")
    page.get_by_role("link", name=re.compile("mesenchymal stromal cells", re.I)).first.click()

    assert page.url.endswith(f"/en/interventions/{INTERVENTION_SLUG}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Allogeneic bone marrow")

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Italiano").click()

    assert page.url.endswith(f"/it/interventions/{INTERVENTION_SLUG}/")
    assert page.locator("html").get_attribute("lang") == "it"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Cellule stromali")
    # The choice is remembered: the bare address now opens the Italian site.
    page.goto(f"{demo_site.url}/")
    assert page.url == f"{demo_site.url}/it/"


def test_language_switcher_is_usable_from_the_keyboard(demo_site, page):
    page.goto(f"{demo_site.url}/en/trials/{TRIAL_IDENTIFIER}/")
    italian = page.locator('nav.languages a[hreflang="it"]')
    assert italian.get_attribute("lang") == "it"

    for _press in range(40):
        page.keyboard.press("Tab")
        if italian.evaluate("link => link === document.activeElement"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/it/trials/{TRIAL_IDENTIFIER}/")

    current = page.locator("nav.languages a[aria-current]")
    assert current.get_attribute("hreflang") == "it"


@pytest.mark.parametrize("language", LANGUAGES)
def test_glossary_definition_opens_by_keyboard_and_closes_with_escape(demo_site, page, language):
    page.goto(f"{demo_site.url}/{language}/interventions/{INTERVENTION_SLUG}/")
    links = page.locator("a.term-link")
    assert links.count() >= 3
    first = links.first
    tooltip = page.locator(f"#{first.get_attribute('aria-describedby')}")
    assert tooltip.get_attribute("role") == "tooltip"
    assert not tooltip.is_visible()

    for _press in range(80):
        page.keyboard.press("Tab")
        if first.evaluate("link => link === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the first glossary term")

    assert tooltip.is_visible()
    assert tooltip.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"glossary-tooltip-{language}-1280.png")
    page.keyboard.press("Escape")
    assert not tooltip.is_visible()
    first.hover()
    assert tooltip.is_visible()

    first.click()
    assert re.search(rf"/{language}/glossary/[\w-]+/$", page.url)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_type_passes_axe_and_is_photographed(demo_site, page, language):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    for name, path in page_paths(language).items():
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(f"{demo_site.url}{path}")
            assert response.status == (404 if name == "404" else 200), path
            assert page.locator("html").get_attribute("lang") == language, path
            page.screenshot(path=SCREENSHOTS / f"{name}-{language}-{width}.png", full_page=True)
            violations = serious_violations(page)
            if violations:
                problems[f"{path} at {width}px"] = violations

    assert problems == {}


def serious_violations(page):
    # Evaluated rather than added as a <script>: the site's CSP blocks inline scripts.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    return page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations
                .filter(v => ["serious", "critical"].includes(v.impact))
                .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`);
        }"""
    )


# Real records: a finished trial with results, recruiting trials with contacts and sites.
REAL_TRIALS = {"results": "NCT02210780", "taking-part": "NCT05816382", "contacts": "NCT06751901"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_results_and_taking_part_sections_pass_axe_and_are_photographed(
    live_server, page, language
):
    fixtures = Path(__file__).parents[1] / "fixtures" / "ctgov"
    report = import_items(
        iter_source_items([str(fixtures / f"{number}.json") for number in REAL_TRIALS.values()]),
        publish=True,
    )
    assert report.failed == 0, report.failures
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    for name, number in REAL_TRIALS.items():
        with translation.override(language):
            path = reverse("trial_detail", kwargs={"identifier": number})
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            assert page.goto(f"{live_server.url}{path}").status == 200
            section = page.locator("#results" if name == "results" else "#taking_part")
            assert section.count() == 1, (path, name)
            section.screenshot(path=SCREENSHOTS / f"section-{name}-{language}-{width}.png")
            if name == "results":
                assert page.locator("#results figure.chart svg[role=img]").count() == 2
                assert page.locator("#results table.chart-data").count() == 2
            violations = serious_violations(page)
            if violations:
                problems[f"{path} at {width}px"] = violations

    assert problems == {}
