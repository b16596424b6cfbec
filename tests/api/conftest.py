import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_throttle():
    """The anonymous throttle counts requests in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()
