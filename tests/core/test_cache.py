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


def test_add_takes_an_expired_key_and_keeps_a_live_one():
    cache.set("slot", "old", -1)
    assert cache.add("slot", "new", 60) and cache.get("slot") == "new"
    assert not cache.add("slot", "newer", 60) and cache.get("slot") == "new"


def test_an_add_is_one_query_however_full_the_table(django_assert_num_queries, monkeypatch):
    """Rate limits and who-is-online `add` a key per newcomer: the stock backend counted the whole
    table first, so a flood of made-up readers made every add slower, and every page with it."""
    from forum.core import cache as ours

    monkeypatch.setattr(ours, "CULL_EVERY", 1 << 30)
    cache.set_many({f"filler:{number}": 1 for number in range(50)}, 60)
    with django_assert_num_queries(1):
        assert cache.add("newcomer", 1, 60)
    with django_assert_num_queries(1):
        assert not cache.add("newcomer", 2, 60)
