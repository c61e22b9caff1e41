"""RedisWithDatabaseFallback with no Redis listening: every call is answered from the table."""

import pytest
from django.db import connection

from forum.core.cache import RedisWithDatabaseFallback
from tests.scaleout.conftest import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_without_redis():
    return RedisWithDatabaseFallback(
        f"redis://127.0.0.1:{free_port()}/0",
        {"KEY_PREFIX": "fallback-test", "OPTIONS": {"FALLBACK_TABLE": "forum_cache", "SOCKET_CONNECT_TIMEOUT": 0.2}},
    )


def rows_in_the_table():
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM forum_cache WHERE cache_key LIKE 'fallback-test:%%'")
        return cursor.fetchone()[0]


def test_calls_go_to_the_table_while_redis_cannot_be_reached(cache_without_redis):
    cache_without_redis.set("greeting", "hello", 60)
    assert cache_without_redis.get("greeting") == "hello"
    assert cache_without_redis.add("slot", 1, 60) is True
    assert cache_without_redis.add("slot", 1, 60) is False  # limits keep counting
    assert cache_without_redis.get_many(["greeting", "slot"]) == {"greeting": "hello", "slot": 1}
    assert rows_in_the_table() == 2


def test_after_a_failure_redis_is_left_alone_for_a_while(cache_without_redis, monkeypatch):
    cache_without_redis.get("anything")
    tried = []
    monkeypatch.setattr(type(cache_without_redis).__mro__[1], "get", lambda *args, **kwargs: tried.append(1))
    cache_without_redis.get("anything")
    assert tried == []
