import re
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from trials.api.urls import urlpatterns

DOCUMENTED_STATUS_CODES = {"200", "304", "400", "404", "429"}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def openapi_path(pattern):
    """`trials/<path:identifier>/` as OpenAPI writes it: `/api/v1/trials/{identifier}/`."""
    return "/api/v1/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))


def test_schema_generates_and_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    validate_schema(yaml.safe_load(target.read_text()))


def test_schema_documents_every_route_of_the_api(schema):
    assert sorted(schema["paths"]) == sorted(openapi_path(p) for p in urlpatterns)
    assert len(schema["paths"]) == 11


def test_schema_documents_only_reading(schema):
    methods = {method for operations in schema["paths"].values() for method in operations}

    assert methods == {"get"}


@pytest.mark.parametrize("status_code", sorted(DOCUMENTED_STATUS_CODES))
def test_schema_documents_every_answer_of_every_endpoint(schema, status_code):
    undocumented = [
        path
        for path, operations in schema["paths"].items()
        if status_code not in operations["get"]["responses"]
    ]

    assert undocumented == []


def test_schema_documents_the_language_of_every_endpoint(schema):
    for path, operations in schema["paths"].items():
        parameters = {(p["in"], p["name"]): p for p in operations["get"]["parameters"]}
        assert parameters[("query", "lang")]["schema"]["enum"] == ["de", "en", "es", "fr", "it"]
        assert ("header", "Accept-Language") in parameters, path


def test_schema_documents_the_list_filters(schema):
    parameters = {p["name"] for p in schema["paths"]["/api/v1/trials/"]["get"]["parameters"]}

    assert {
        "q",
        "phase",
        "status",
        "country",
        "condition",
        "intervention",
        "updated_since",
        "page",
        "page_size",
    } <= parameters


def test_schema_names_translated_fields_once(schema):
    properties = {
        name
        for component in schema["components"]["schemas"].values()
        for name in component.get("properties", {})
    }

    assert "public_title" in properties
    assert [name for name in properties if re.search(r"_(en|it|fr|de|es)$", name)] == []


def test_schema_is_served(client):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    assert b"/api/v1/trials/{identifier}/summary/" in response.content


def test_schema_is_served_as_json_on_request(client):
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    assert "/api/v1/trials/" in response.json()["paths"]


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in {"src", "href"} and value]


def test_api_docs_page_uses_only_local_assets(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = _Assets()
    assets.feed(html)

    remote = {urlparse(url).netloc for url in re.findall(r"https?://[^\s\"'<>)]+", html)}
    assert remote - {"testserver"} == set()
    assert assets.urls
    # The page's start-up script is its own response (the CSP allows no inline script).
    assert "/api/docs/?script=" in assets.urls
    for url in set(assets.urls) - {"/api/docs/?script="}:
        path = urlparse(url).path
        assert path.startswith(("/static/drf_spectacular_sidecar/", "/static/api/")), url
        assert finders.find(path.removeprefix("/static/")), f"{url} is not a static file"
    assert '"/api/schema/"' in client.get("/api/docs/?script=").content.decode()


def test_schema_documents_the_sources_of_every_sentence(schema):
    sentence = schema["components"]["schemas"]["Sentence"]["properties"]
    assert sentence["sources"]["items"]["$ref"].endswith("/Source")
    source = schema["components"]["schemas"]["Source"]["properties"]
    assert set(source) == {"field", "record", "registry_paths", "absent"}
    assert "overallStatus" in source["registry_paths"]["description"]


def test_schema_documents_the_trials_arms_and_the_role_of_each_intervention(schema):
    trial = schema["components"]["schemas"]["Trial"]["properties"]
    assert {"arms", "why_stopped", "start_date_type", "age_groups", "enrollment_eea"} <= set(trial)
    link = schema["components"]["schemas"]["TrialIntervention"]["properties"]
    assert {"role", "role_label", "kind", "route", "max_daily_dose"} <= set(link)
