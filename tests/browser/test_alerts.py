"""A reader subscribes to a treatment's alerts in Chromium with JavaScript off, under the
site's CSP, and confirms by the e-mail's link; the alert pages pass axe."""

import re

import pytest
from django.core import mail

from alerts.models import Subscription
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_content_security_policy import RECORD_VIOLATIONS
from tests.browser.test_reader import serious_violations
from trials.models import Intervention

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page_without_javascript(browser):
    context = browser.new_context(viewport={"width": 360, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_reader_subscribes_and_confirms_without_javascript(
    demo_site, page_without_javascript, page, settings
):
    settings.SITE_URL = demo_site.url
    intervention = Intervention.objects.first()
    reader = page_without_javascript

    reader.goto(f"{demo_site.url}{intervention.get_absolute_url()}")
    reader.get_by_role("button", name="Subscribe to e-mail alerts").click()
    reader.get_by_label("Your e-mail address").fill("reader@example.org")
    reader.get_by_role("button", name="Subscribe", exact=True).click()

    assert reader.get_by_role("heading", name="Check your inbox").is_visible()
    (message,) = mail.outbox
    confirm_url = re.search(r"http://\S+/alerts/confirm/\S+/", message.body).group(0)
    reader.goto(confirm_url)
    reader.get_by_role("button", name="Confirm and start the alerts").click()
    assert reader.get_by_role("heading", name="Your alerts have started").is_visible()
    assert Subscription.objects.get().confirmed_at is not None


def test_the_alert_pages_pass_axe_and_run_under_the_csp(demo_site, page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    intervention = Intervention.objects.first()
    page.add_init_script(RECORD_VIOLATIONS)
    problems = {}
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in {
            "alerts-offer": intervention.get_absolute_url(),
            "alerts-subscribe": f"/en/alerts/?intervention={intervention.slug}",
            "alerts-sent": "/en/alerts/sent/",
        }.items():
            response = page.goto(f"{demo_site.url}{path}")
            assert response.status == 200, path
            page.screenshot(path=SCREENSHOTS / f"{name}-en-{width}.png", full_page=True)
            if violations := serious_violations(page):
                problems[f"{path} at {width}px"] = violations
            assert page.evaluate("window.cspViolations") == [], path
    # The honeypot is there for robots only.
    page.goto(f"{demo_site.url}/en/alerts/?intervention={intervention.slug}")
    assert not page.locator("#id_website").is_visible()

    assert problems == {}
