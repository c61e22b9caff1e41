"""The database cache's one-statement set, and the behaviour rate limits rely on."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


def test_set_then_get_and_overwrite():
    cache.set("k", {"a": 1}, 60)
    assert cache.get("k") == {"a": 1}
    cache.set("k", "two", 60)
    assert cache.get("k") == "two"


def test_expired_entries_are_gone():
    cache.set("gone", 1, -1)
    assert cache.get("gone") is None


def test_add_only_once_and_incr():
    assert cache.add("once", 1, 60) and not cache.add("once", 2, 60)
    assert cache.incr("once") == 2


def test_a_set_is_one_query(django_assert_num_queries, monkeypatch):
    from forum.core import cache as ours

    monkeypatch.setattr(ours, "CULL_EVERY", 1 << 30)
    with django_assert_num_queries(1):
        cache.set("one", "query", 60)


def test_none_timeout_never_expires():
    cache.set("forever", 1, None)
    assert cache.get("forever") == 1
