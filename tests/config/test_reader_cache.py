"""Readers' pages and API responses come from the cache until the content changes; a 304 is
answered before anything is rendered; editors always reach the view. Every test runs on the
local-memory cache and on Redis (`TEST_REDIS_URL`, which CI sets to the machine's Redis)."""

import gzip
import os

import pytest
import redis
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.caching import bump_content_version
from tests.factories import InterventionFactory, TrialFactory, TrialInterventionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.reader_cache]

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(autouse=True, params=["locmem", "redis"])
def cache_backend(request, settings):
    if request.param == "locmem":
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        yield
        return
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("TEST_REDIS_URL"):
            raise
        pytest.skip(f"no Redis at {REDIS_URL} (set TEST_REDIS_URL to require one)")
    server.flushdb()
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    yield
    server.flushdb()


@pytest.fixture
def page():
    intervention = InterventionFactory(name_en="Cachemab", slug="cachemab")
    TrialInterventionFactory(trial=TrialFactory(), intervention=intervention)
    bump_content_version()
    return intervention


def queries(client, url, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    return response, [q for q in captured if q["sql"].startswith("SELECT")]


@pytest.mark.parametrize(
    "url", ["/en/interventions/cachemab/", "/it/", "/api/v1/trials/", "/sitemap.xml"]
)
def test_a_repeated_request_is_served_from_the_cache(client, page, url):
    first, first_queries = queries(client, url)
    again, again_queries = queries(client, url)

    assert first.status_code == again.status_code == 200
    assert first_queries and not again_queries
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"].startswith("public, max-age=")
    assert "Last-Modified" in again


def test_a_reader_holding_the_etag_gets_304_without_a_query(client, page):
    first = client.get("/en/interventions/cachemab/")

    response, read = queries(client, "/en/interventions/cachemab/", if_none_match=first["ETag"])

    assert response.status_code == 304 and not read and not response.content


def test_a_change_reaches_readers_at_once(client, page, django_capture_on_commit_callbacks):
    first = client.get("/en/interventions/cachemab/")
    page.name_en = "Cachemab renamed"
    page.save()

    again = client.get("/en/interventions/cachemab/")

    assert again["ETag"] != first["ETag"]
    assert "Cachemab renamed" in again.content.decode()
    stale = client.get("/en/interventions/cachemab/", headers={"if-none-match": first["ETag"]})
    assert stale.status_code == 200


def test_api_responses_are_kept_apart_by_language(client, page):
    english = client.get("/api/v1/interventions/", headers={"accept-language": "en"})
    italian = client.get("/api/v1/interventions/", headers={"accept-language": "it"})

    assert english["Content-Language"] == "en" and italian["Content-Language"] == "it"
    assert english["ETag"] != italian["ETag"]


def test_editors_and_previews_are_never_cached(admin_client, page):
    admin_client.get("/en/interventions/cachemab/")
    response, read = queries(admin_client, "/en/interventions/cachemab/")

    assert read
    assert "public" not in response.get("Cache-Control", "")


def test_errors_are_not_kept(client, page):
    client.get("/en/interventions/nothing-here/")
    response, read = queries(client, "/en/interventions/nothing-here/")
    assert response.status_code == 404 and read


@pytest.mark.parametrize("url", ["/en/interventions/cachemab/", "/api/v1/trials/", "/sitemap.xml"])
def test_clients_that_accept_gzip_get_the_kept_page_compressed(client, page, url):
    plain = client.get(url)
    first = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    again, again_queries = queries(client, url, **{"accept-encoding": "gzip"})

    for response in (first, again):
        assert response["Content-Encoding"] == "gzip"
        assert gzip.decompress(response.content) == plain.content
        assert int(response["Content-Length"]) == len(response.content)
        assert "Accept-Encoding" in response["Vary"]
        assert response["ETag"] != plain["ETag"]
    assert not again_queries
    assert "Content-Encoding" not in plain and "Accept-Encoding" in plain["Vary"]

    held, _ = queries(client, url, **{"accept-encoding": "gzip", "if-none-match": again["ETag"]})
    assert held.status_code == 304
    # A client that does not take gzip cannot hold the compressed copy.
    other, _ = queries(client, url, **{"if-none-match": again["ETag"]})
    assert other.status_code == 200 and other.content == plain.content


@pytest.mark.parametrize(
    ("header", "compressed"),
    [("gzip;q=0", False), ("identity", False), ("GZIP; q=0.5", True), ("br, gzip", True)],
)
def test_gzip_is_sent_only_when_the_client_takes_it(client, page, header, compressed):
    response = client.get("/en/interventions/cachemab/", headers={"accept-encoding": header})

    assert (response.get("Content-Encoding") == "gzip") is compressed
