"""Security headers with production settings (DEBUG off, HTTPS): the Mozilla HTTP Observatory's
score (tests/config/observatory.py, whose docstring lists its rules) of every kind of page,
and each header the Observatory found missing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from alerts.models import Subscription
from alerts.tokens import CONFIRM, UNSUBSCRIBE, make_token
from results.models import ResultGroup, ResultModule
from sync.models import FollowedSearch
from tests.config import observatory
from trials.models import Condition

BASE_DIR = Path(__file__).resolve().parents[2]
HOST = "testserver"


@pytest.fixture
def production(settings):
    """Production settings as config/settings.py derives them with DJANGO_DEBUG=0, plus the
    HTTPS redirection a deployment turns on (DJANGO_SECURE_SSL_REDIRECT=1) and WhiteNoise
    serving the static files without `collectstatic`."""
    assert settings.DEBUG is False
    settings.SECURE_SSL_REDIRECT = True
    settings.WHITENOISE_USE_FINDERS = True
    return settings


def page_addresses():
    intervention = load_demo_once()
    trial = intervention.trials.first()
    condition = Condition.objects.first()
    subscription = Subscription.objects.create(
        email="reader@example.org", language="en", kind="intervention", intervention=intervention
    )
    return {
        "home": "/en/",
        "intervention": intervention.get_absolute_url(),
        "trial": trial.get_absolute_url(),
        "condition": condition.get_absolute_url(),
        "search": "/en/search/?q=trial",
        "glossary": "/en/glossary/",
        "feed": "/en/feeds/trials/",
        "alerts": f"/en/alerts/?intervention={intervention.slug}",
        "alerts sent": "/en/alerts/sent/",
        "alerts confirmation": f"/en/alerts/confirm/{make_token(subscription, CONFIRM)}/",
        "alerts unsubscription": (
            f"/en/alerts/unsubscribe/{make_token(subscription, UNSUBSCRIBE)}/"
        ),
        "sitemap": "/sitemap.xml",
        "robots.txt": "/robots.txt",
        "API list": "/api/v1/trials/",
        "API detail": f"/api/v1/interventions/{intervention.slug}/",
        "API schema": "/api/schema/",
        "API docs": "/api/docs/",
        "admin login": "/admin/login/",
        "static file": "/static/css/site.css",
    }


def load_demo_once():
    from trials.demo import load_demo

    return load_demo().intervention


def observe(address, log_in=None):
    """What the Observatory fetches for one address, each with a client of its own (logged in
    by `log_in(client)` for the admin's pages)."""
    browser = Client()
    if log_in:
        log_in(browser)
    response = browser.get(address, secure=True, follow=True)
    assert response.status_code == 200, address
    assert not (log_in and response.redirect_chain), address  # the page, not the login form
    cookies = list(browser.cookies.values())
    other_origin = Client()
    if log_in:
        log_in(other_origin)
    cors = other_origin.get(
        address, secure=True, follow=True, headers={"origin": observatory.OBSERVATORY_ORIGIN}
    )
    locations, plain = [], Client().get(address)
    while plain.status_code in {301, 302, 307, 308} and len(locations) < 10:
        location = plain["Location"]
        if location.startswith("/"):
            location = f"{'https' if locations and locations[-1].startswith('https') else 'http'}://{HOST}{location}"
        locations.append(location)
        plain = Client().get(location, secure=location.startswith("https"))
    return observatory.findings(
        response=response,
        cookies=cookies,
        cors_response=cors,
        redirect_locations=locations,
        host=HOST,
    )


@pytest.mark.django_db
def test_every_kind_of_page_scores_a_plus_on_the_observatory(production):
    scores = {}
    for kind, address in page_addresses().items():
        found = observe(address)
        penalties = [f for f in found if f.modifier < 0]
        scores[kind] = (observatory.score(found), penalties)

    assert {k: v for k, v in scores.items() if v[0] < 100 or v[1]} == {}


def admin_addresses():
    """An address of every kind of admin page: lists, forms and pages of every app, the
    trial's rows, the results and syncing with the registries included."""
    trial = load_demo_once().trials.first()
    site = trial.sites.first()
    outcome = trial.outcomes.first()
    group = ResultGroup.objects.create(trial=trial, module=ResultModule.BASELINE, title_en="All")
    search = FollowedSearch.objects.create(registry="ctgov", kind="condition", value="fracture")
    addresses = {
        "admin index": "/admin/",
        "trial list": "/admin/trials/trial/",
        "trial form": f"/admin/trials/trial/{trial.pk}/change/",
        "trial history": f"/admin/trials/trial/{trial.pk}/history/",
        "site list of a trial": f"/admin/trials/site/?trial__id__exact={trial.pk}",
        "site form": f"/admin/trials/site/{site.pk}/change/",
        "outcome form": f"/admin/trials/outcome/{outcome.pk}/change/",
        "translation coverage": "/admin/translations/",
        "followed searches": "/admin/sync/followedsearch/",
        "followed search form": f"/admin/sync/followedsearch/{search.pk}/change/",
        "new followed search": "/admin/sync/followedsearch/add/",
        "add from registry": "/admin/sync/followedsearch/add-from-registry/",
        "result group form": f"/admin/results/resultgroup/{group.pk}/change/",
    }
    for model in ("trialresults", "resultgroup", "outcomeresult", "resultdocument"):
        addresses[f"{model} list"] = f"/admin/results/{model}/"
    return addresses


def logged_in_as(user, password):
    def log_in(client):
        client.get("/admin/login/", secure=True)
        response = client.post(
            "/admin/login/",
            {"username": user.username, "password": password},
            secure=True,
            headers={"X-CSRFToken": client.cookies["csrftoken"].value},
        )
        assert response.status_code == 302

    return log_in


@pytest.mark.django_db
def test_every_kind_of_admin_page_scores_a_plus_on_the_observatory(production, django_user_model):
    password = "a long enough password"
    user = django_user_model.objects.create_superuser("observer", "", password)
    log_in = logged_in_as(user, password)
    scores = {}
    for kind, address in admin_addresses().items():
        found = observe(address, log_in)
        penalties = [f for f in found if f.modifier < 0]
        scores[kind] = (observatory.score(found), penalties)

    assert {k: v for k, v in scores.items() if v[0] < 100 or v[1]} == {}


def test_observatory_scores_the_headers_the_tester_found_missing_at_55():
    """The scorer reproduces the tester's hand count: no CSP, no HSTS, the rest in place."""

    class Response:
        headers = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"}
        content = b"<html></html>"

    response = Response()
    response.headers = {
        **response.headers,
        "Content-Type": "text/html",
        "Referrer-Policy": "same-origin",
    }
    found = observatory.findings(
        response=response,
        cookies=[],
        cors_response=Response(),
        redirect_locations=[f"https://{HOST}/"],
        host=HOST,
    )

    assert observatory.score(found) == 55


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/en/", "/api/docs/", "/admin/login/", "/api/v1/trials/"])
def test_csp_is_strict_everywhere(client, address):
    load_demo_once()
    policy = observatory.parse_csp(client.get(address, secure=True)["Content-Security-Policy"])

    assert policy["default-src"] == {"'self'"}
    assert policy["script-src"] == {"'self'"}
    assert policy["style-src"] == {"'self'"}
    assert policy["img-src"] <= {"'self'", "data:"}
    assert policy["object-src"] == {"'none'"}
    assert policy["base-uri"] == {"'none'"}
    assert policy["frame-ancestors"] == {"'none'"}
    assert policy["form-action"] == {"'self'"}


def inline_scripts(content):
    parser = observatory._Scripts()
    parser.feed(content.decode())
    return [s for s in parser.scripts if "src" not in s and s.get("type") != "application/ld+json"]


@pytest.mark.django_db
def test_api_docs_run_no_inline_script_and_keep_the_sites_opener_policy(client):
    response = client.get("/api/docs/", secure=True)
    script = client.get("/api/docs/?script=", secure=True)

    assert [s for s in inline_scripts(response.content) if "nonce" not in s] == []
    assert b"<style" not in response.content
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle(" in script.content


@pytest.mark.django_db
def test_pages_keep_their_opener_resource_and_permissions_policies(client):
    load_demo_once()
    for address in ("/en/", "/api/docs/", "/api/v1/trials/", "/admin/login/"):
        response = client.get(address, secure=True)
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", address
        assert response["Cross-Origin-Resource-Policy"] == "same-origin", address
        assert "camera=()" in response["Permissions-Policy"], address
        assert "geolocation=(self)" in response["Permissions-Policy"], address


@pytest.mark.django_db
def test_https_responses_ask_browsers_for_https_for_a_year(production, client):
    response = client.get("/en/", secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert client.get("/en/")["Location"] == "https://testserver/en/"


@pytest.mark.django_db
def test_cookies_are_secure_httponly_and_same_site_lax(client, admin_user):
    client.get("/admin/login/", secure=True)
    client.post(
        "/admin/login/",
        {"username": "admin", "password": "password"},
        secure=True,
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )
    response = client.get("/language/it/?next=/en/", secure=True)

    cookies = {name: client.cookies[name] for name in ("csrftoken", "sessionid", "django_language")}
    assert response.cookies["django_language"].value == "it"
    for name, cookie in cookies.items():
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name


def test_deploy_check_with_production_environment_prints_no_warning(tmp_path):
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "a-production-secret-key-of-more-than-fifty-characters-0123456789",
        "DJANGO_ALLOWED_HOSTS": "trials.example.org",
        "DJANGO_SECURE_SSL_REDIRECT": "1",
        "DJANGO_HSTS_PRELOAD": "1",
        # Alert e-mails link to the site over https (alerts.W001).
        "SITE_URL": "https://trials.example.org",
        # Production runs several workers, which share one cache (config.W001).
        "CACHE_URL": "redis://127.0.0.1:6379/0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "WARNING" not in result.stderr + result.stdout
