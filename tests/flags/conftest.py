import pytest
from django.core.cache import caches

from tests.jobs.queue import empty_queue  # noqa: F401


@pytest.fixture(autouse=True)
def no_flags_counted(request):
    """The daily allowance counts in the shared cache, a table the transactional tests' flush
    leaves: every test starts with no flag counted."""
    if "empty_queue" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        caches["default"].clear()
