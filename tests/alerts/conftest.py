import re

import pytest
from django.core import mail
from django.core.cache import cache

from tests.trials.test_changes import IDENTIFIER, earlier_version
from tests.trials.test_import import edited_copy, run_import
from trials.models import Condition

SITE = "https://trials.example.org"


@pytest.fixture(autouse=True)
def alert_settings(settings):
    settings.SITE_URL = SITE
    settings.ALERTS_ADDRESS_RATE = 3
    settings.ALERTS_CLIENT_RATE = 20
    return settings


@pytest.fixture(autouse=True)
def fresh_limits():
    """The rate limits and the digests' lock live in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """The e-mails a request sends once its transaction commits, sent as it ends: the test's
    own transaction never commits."""

    def run(request, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(*args, **kwargs)

    return run


class Registry:
    """NCT02210780 (Atopic Dermatitis, dupilumab, sites across the United States) imported as
    an earlier version of its record, then as the registry gives it: the second import notes
    its changes (tests/trials/test_changes.py)."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path

    def import_earlier(self):
        path = edited_copy(self.tmp_path / "before", f"{IDENTIFIER}.json", earlier_version)
        code, out, _err = run_import(path)
        assert code == 0, out
        return Condition.objects.get(name_en="Atopic Dermatitis")

    def import_real(self):
        path = edited_copy(self.tmp_path / "after", f"{IDENTIFIER}.json", lambda record: None)
        code, out, _err = run_import(path)
        assert code == 0 and "1 updated" in out, out


@pytest.fixture
def registry(db, tmp_path):
    return Registry(tmp_path)


def link(message, kind):
    """The path of a link of this kind (confirm, unsubscribe, delete) in an e-mail."""
    found = re.search(rf"{re.escape(SITE)}(/\w\w/alerts/{kind}/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def sent_to(address):
    return [message for message in mail.outbox if message.to == [address]]
