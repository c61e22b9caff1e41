"""Sessions read through a compiled statement (forum/core/sessions.py): the same rules as Django's
database sessions, one query, and a logout holds whatever the caches hold."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.core.sessions import SessionStore
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_a_stored_session_is_read_back_and_an_unknown_or_expired_one_is_forgotten():
    store = SessionStore()
    store["colour"] = "green"
    store.save()
    key = store.session_key
    assert SessionStore(key)["colour"] == "green"
    unknown = SessionStore("x" * 32)
    assert unknown.load() == {} and unknown.session_key is None
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = SessionStore(key)
    assert expired.load() == {} and expired.session_key is None


def test_a_members_session_is_one_query(client):
    member = make_user()
    client.login(username=member.username, password=PASSWORD)
    store = SessionStore(client.cookies["sessionid"].value)
    with CaptureQueriesContext(connection) as queries:
        assert store.load()["_auth_user_id"] == str(member.pk)
    assert len(queries) == 1 and '"django_session"' in queries[0]["sql"]


def test_a_logout_holds_whatever_any_cache_still_has(client):
    member = make_user()
    client.login(username=member.username, password=PASSWORD)
    key = client.cookies["sessionid"].value
    assert client.get("/settings").status_code == 200
    for alias in ("default", "pages"):  # a copy left behind anywhere (a Redis that was away) is never read
        caches[alias].set(f"django.contrib.sessions.cached_db{key}", {"_auth_user_id": str(member.pk)})
    client.post("/accounts/logout/")
    client.cookies["sessionid"] = key
    assert client.get("/settings").status_code == 302  # to the login page
