"""Readers' requests read from the replica when there is one; everything else from the primary."""

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from config.replicas import REPLICA, ReaderRequestMiddleware, ReplicaRouter
from trials.models import Trial


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setitem(settings.DATABASES, REPLICA, dict(settings.DATABASES["default"]))


def read_database(request):
    chosen = []

    def view(request):
        chosen.append(ReplicaRouter().db_for_read(Trial))
        return HttpResponse()

    ReaderRequestMiddleware(view)(request)
    return chosen[0]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda rf: rf.get("/en/"), REPLICA),
        (lambda rf: rf.head("/en/search/?q=x"), REPLICA),
        (lambda rf: rf.post("/admin/login/"), None),
        (lambda rf: rf.get("/admin/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc"), None),
    ],
)
def test_readers_read_from_the_replica_and_editors_from_the_primary(with_replica, make, expected):
    assert read_database(make(RequestFactory())) == expected


def test_without_a_replica_everything_uses_the_primary():
    assert REPLICA not in settings.DATABASES
    assert read_database(RequestFactory().get("/en/")) is None


def test_writes_and_migrations_go_to_the_primary(with_replica):
    router = ReplicaRouter()
    assert router.db_for_write(Trial) == "default"
    assert router.allow_migrate("default", "trials") and not router.allow_migrate(REPLICA, "trials")
    assert router.db_for_read(Trial) is None  # outside a reader's request
