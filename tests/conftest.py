import pytest


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Hashed static names need `collectstatic`; tests serve files as they are."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
