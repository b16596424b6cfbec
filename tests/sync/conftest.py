import pytest
from django.core.cache import cache

from .registry_server import RegistryServer


@pytest.fixture
def registry(settings):
    """A local registry server; both registries' base addresses point at it."""
    server = RegistryServer().start()
    settings.CTGOV_API_URL = f"{server.url}/ctgov"
    settings.CTIS_API_URL = f"{server.url}/ctis"
    settings.REGISTRY_RETRIES = 3
    settings.REGISTRY_CONTACT = "editors@example.org"
    yield server
    server.stop()


@pytest.fixture
def no_waiting(monkeypatch):
    """The clients' waits between retries, recorded instead of slept."""
    waits = []
    monkeypatch.setattr("trials.importers.clients.pause", waits.append)
    return waits


@pytest.fixture(autouse=True)
def no_locks_left():
    """Locks live in the cache, which outlives a test's database."""
    cache.clear()
    yield
    cache.clear()
