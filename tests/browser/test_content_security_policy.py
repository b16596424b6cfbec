"""The site's CSP in Chromium: the admin with modeltranslation's tabs, the Swagger UI and a
reader's page load with no violation."""

import pytest
from django.contrib.auth import get_user_model

from trials.models import Intervention

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Recorded before any page script runs (Playwright's init scripts are not bound by the CSP).
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def watched(page):
    errors = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda m: m.type in {"error", "warning"} and errors.append(m.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def violations(page, errors):
    return page.evaluate("window.cspViolations") + [
        e for e in errors if "Content Security Policy" in e or "Permissions-Policy" in e
    ]


def test_admin_and_its_translation_tabs_run_under_the_csp(demo_site, page):
    get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-pass-1")
    intervention = Intervention.objects.first()
    errors = watched(page)

    page.goto(f"{demo_site.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-pass-1")
    page.click("input[type=submit]")
    page.wait_for_url(f"{demo_site.url}/admin/")
    page.goto(f"{demo_site.url}/admin/trials/intervention/{intervention.pk}/change/")
    # modeltranslation's tabs are built by jQuery UI: one tab per language.
    page.wait_for_selector(".ui-tabs-nav li")
    page.locator(".ui-tabs-nav li a", has_text="it").first.click()

    assert page.locator(".ui-tabs-nav").count() > 0
    assert violations(page, errors) == []


def test_swagger_ui_runs_under_the_csp(demo_site, page):
    errors = watched(page)

    page.goto(f"{demo_site.url}/api/docs/")
    page.wait_for_selector(".opblock-tag", timeout=15_000)

    assert page.locator(".opblock").count() > 0
    assert violations(page, errors) == []


def test_reader_page_runs_under_the_csp(demo_site, page):
    intervention = Intervention.objects.first()
    errors = watched(page)

    page.goto(f"{demo_site.url}{intervention.get_absolute_url()}")

    assert violations(page, errors) == []
