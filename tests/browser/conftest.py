"""Browser tests: Playwright driving the system's Chromium against pytest-django's live server.

Playwright's own browser downloads are never used. Without Chromium the tests skip, except in
CI (`CI` set), where they fail: there they must run.
"""

import os
import shutil
from pathlib import Path

import pytest

from trials.demo import load_demo

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"


def _unavailable(reason):
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"{reason}: the browser tests must run in CI.", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(django_db_setup):
    """Chromium for one test module; the test database exists before Playwright starts."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("The playwright package is not installed")
    executable = shutil.which("chromium")
    if executable is None:
        _unavailable("No chromium executable on the PATH")
    # Playwright's sync API keeps an event loop in the tests' thread, which makes Django refuse
    # ORM calls there ("async context"): the tests set up and flush their data meanwhile.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def demo_site(live_server):
    """The live server with the (published) demo content."""
    load_demo()
    return live_server


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
