import os
import sqlite3
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import override_settings
from django.utils import translation

from trials.demo import load_demo


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Hashed static names need `collectstatic`; tests serve files as they are."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def reader_cache(request, settings):
    """Pages are rendered for every request, so that tests see what views do; the tests of the
    readers' cache (marked `reader_cache`) keep it."""
    if not request.node.get_closest_marker("reader_cache"):
        settings.READER_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Admin tests log users in; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language():
    """A request to /it/... leaves Italian active in the thread: each test starts in English."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues(tmp_path_factory):
    """Compile the project's .po files as they are now, into a directory outside the tree.

    The .mo files are build products, not committed: tests compile the current catalogues
    themselves (with Babel, as `make install` does) rather than trust a stale compile.
    """
    source_root = Path(django_settings.LOCALE_PATHS[0])
    target_root = tmp_path_factory.mktemp("locale")
    for source in source_root.glob("*/LC_MESSAGES/*.po"):
        target = (target_root / source.relative_to(source_root)).with_suffix(".mo")
        target.parent.mkdir(parents=True, exist_ok=True)
        with source.open("rb") as po:
            catalog = read_po(po, locale=source.parents[1].name)
        with target.open("wb") as mo:
            write_mo(mo, catalog)
    with override_settings(LOCALE_PATHS=[target_root]):
        yield target_root


@pytest.fixture
def demo_intervention(db):
    return load_demo().intervention


@pytest.fixture
def database_url(transactional_db, tmp_path):
    """A DATABASE_URL other processes (a server, an import) can open, holding the test
    database as it is now: the test database itself on PostgreSQL (commit first: the test
    is transactional); on SQLite, whose test database lives in memory, a copy in a file, taken
    when the fixture is set up."""
    if connection.vendor == "postgresql":
        params = connection.settings_dict
        return (
            f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
            f"/{params['NAME']}"
        )
    path = tmp_path / "served.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    copy.close()
    return f"sqlite:///{path}"


@pytest.fixture
def subprocess_env(database_url):
    """The environment of a process of the project, on the test database."""
    return {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings"}
