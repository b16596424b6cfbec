"""“View on site” in the admin opens the page in the language of the translation tab being
edited (static/editorial/view_on_site.js), in Chromium."""

import pytest
from django.contrib.auth import get_user_model

from trials.models import Intervention

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, site):
    get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-pass-1")
    page.goto(f"{site.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-pass-1")
    page.click("input[type=submit]")
    page.wait_for_url(f"{site.url}/admin/")


def test_switching_to_the_italian_tab_makes_view_on_site_open_the_italian_page(demo_site, page):
    intervention = Intervention.objects.first()
    log_in(page, demo_site)
    page.goto(f"{demo_site.url}/admin/trials/intervention/{intervention.pk}/change/")
    page.wait_for_selector(".ui-tabs-nav li")
    link = page.locator("a.viewsitelink")

    page.locator(".ui-tabs-nav li a", has_text="it").first.click()

    assert link.get_attribute("href") == f"/it/interventions/{intervention.slug}/"
    assert link.get_attribute("hreflang") == "it"
    link.click()
    page.wait_for_url(f"{demo_site.url}/it/interventions/{intervention.slug}/")
    assert page.locator("html").get_attribute("lang") == "it"


def test_switching_back_to_english_makes_view_on_site_open_the_english_page(demo_site, page):
    intervention = Intervention.objects.first()
    log_in(page, demo_site)
    page.goto(f"{demo_site.url}/admin/trials/intervention/{intervention.pk}/change/")
    page.wait_for_selector(".ui-tabs-nav li")
    link = page.locator("a.viewsitelink")

    page.locator(".ui-tabs-nav li a", has_text="it").first.click()
    page.locator(".ui-tabs-nav li a", has_text="en").first.click()

    assert link.get_attribute("href") == f"/en/interventions/{intervention.slug}/"
    link.click()
    page.wait_for_url(f"{demo_site.url}/en/interventions/{intervention.slug}/")
    assert page.locator("html").get_attribute("lang") == "en"
