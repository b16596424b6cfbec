"""API lists at registry scale: one search path with the site, counts that stay cheap, no
DISTINCT over wide rows, compact list rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ConditionFactory,
    InterventionFactory,
    SiteFactory,
    TrialFactory,
    TrialInterventionFactory,
)
from trials.api import pagination
from trials.models import Trial, TrialCountry

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def test_q_finds_what_the_sites_search_finds_in_the_language(client):
    TrialFactory(
        primary_identifier="NCT00000001",
        public_title_en="Healing of broken bones",
        public_title_it="Guarigione delle fratture ossee",
    )
    TrialFactory(primary_identifier="NCT00000002", public_title_en="Asthma in children")

    italian = get(client, "/api/v1/trials/?q=frattura&lang=it")
    english = get(client, "/api/v1/trials/?q=bone&lang=en")

    site = Trial.objects.published().search("frattura", "it")
    assert (
        [t["identifier"] for t in italian["results"]]
        == [t.primary_identifier for t in site]
        == ["NCT00000001"]
    )
    assert [t["identifier"] for t in english["results"]] == ["NCT00000001"]


def test_filters_match_related_rows_without_duplicates_or_distinct(client):
    asthma = ConditionFactory(slug="asthma")
    salbutamol = InterventionFactory(slug="salbutamol")
    trial = TrialFactory(primary_identifier="NCT00000001", conditions=[asthma])
    TrialInterventionFactory(trial=trial, intervention=salbutamol)
    for _ in range(3):
        SiteFactory(trial=trial, country="FR")
    TrialCountry.objects.create(trial=trial, country="FR")
    TrialFactory(primary_identifier="NCT00000002")

    with CaptureQueriesContext(connection) as queries:
        found = get(client, "/api/v1/trials/?country=FR&condition=asthma&intervention=salbutamol")

    assert [t["identifier"] for t in found["results"]] == ["NCT00000001"]
    assert found["count"] == 1
    assert not [q["sql"] for q in queries if "DISTINCT" in q["sql"].upper()]
    interventions = get(client, "/api/v1/interventions/?condition=asthma&role=experimental")
    assert [i["slug"] for i in interventions["results"]] == ["salbutamol"]


def test_counts_stop_at_the_cap_and_say_so(client, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 5)
    TrialFactory.create_batch(7)

    capped = get(client, "/api/v1/trials/?page_size=2")
    exact = get(client, "/api/v1/trials/?page_size=2&status=completed")

    assert (capped["count"], capped["count_is_capped"]) == (5, True)
    assert (exact["count"], exact["count_is_capped"]) == (0, False)
    last = get(client, "/api/v1/trials/?page_size=2&page=3")
    assert len(last["results"]) == 1 and last["next"] is None
    assert client.get("/api/v1/trials/?page_size=2&page=4").status_code == 404


def test_list_rows_are_compact_and_the_detail_complete(client):
    trial = TrialFactory(primary_identifier="NCT00000001")
    SiteFactory(trial=trial)
    TrialInterventionFactory(trial=trial, intervention=InterventionFactory(slug="x"))

    [row] = get(client, "/api/v1/trials/")["results"]
    detail = get(client, row["url"])

    assert "sites" not in row and "outcomes" not in row and "inclusion_criteria" not in row
    [link] = row["interventions"]
    assert (link["slug"], link["role"]) == ("x", "experimental")
    assert len(detail["sites"]) == 1
    # All of a row is in the detail, but its distance from a place searched near.
    assert set(row) - {"distance_km", "nearest_site"} < set(detail)
