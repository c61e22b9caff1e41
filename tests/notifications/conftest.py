import pytest
from django.core.cache import caches

from tests.jobs.queue import empty_queue  # noqa: F401


@pytest.fixture(autouse=True)
def empty_cache(request):
    """The mention limits (forum/notifications/limits.py) count in the shared cache, a table the
    test flush leaves: every test that runs the worker starts with none counted."""
    if "empty_queue" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        caches["default"].clear()
