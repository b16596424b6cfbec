"""Requests generated from the published schema: no server error, no undocumented answer."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection

from config.wsgi import application
from trials.demo import load_demo

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def demo_content(db, monkeypatch):
    """Content to find, and a throttle rate the generated requests cannot reach."""
    monkeypatch.setattr(
        "rest_framework.throttling.AnonRateThrottle.THROTTLE_RATES", {"anon": "100000/minute"}
    )
    load_demo()


@pytest.fixture
def open_test_connection():
    """Keep the test's database connection open across requests, as Django's test client does.

    The WSGI handler closes connections that are inside a transaction when a request ends;
    the test's own transaction is one, and PostgreSQL would lose it.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=60,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_as_its_schema_says(case, demo_content, open_test_connection):
    # Requests that break the schema still run every other check (no server error, documented
    # status and body), but they need not be refused: an empty filter means "no filter", as in
    # an HTML form.
    case.call_and_validate(excluded_checks=[negative_data_rejection])
