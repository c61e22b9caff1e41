"""Sessions read through a compiled statement (accounts/sessions.py): the same rules as Django's
database sessions, one query, a member's session and the member in one query once the process
has seen it, and a logout holds whatever the caches hold."""

from datetime import timedelta

import pytest
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from accounts.sessions import SessionStore, member_read_with
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


def _page_queries(client, path="/settings"):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in queries]


def _seen_session_of(client, member):
    """The client logged in as member, after one page: this process knows whose the session is."""
    client.login(username=member.username, password=PASSWORD)
    _page_queries(client)
    return client.cookies["sessionid"].value


def test_once_seen_a_members_session_and_the_member_are_one_query(client):
    member = make_user()
    client.login(username=member.username, password=PASSWORD)
    first = _page_queries(client, "/robots.txt")  # a page that asks nothing of its own
    assert len(first) == 2 and '"django_session"' in first[0] and 'FROM "accounts_user"' in first[1]
    again = _page_queries(client, "/robots.txt")
    assert len(again) == 1 and 'FROM "accounts_user"' in again[0] and '"django_session"' in again[0]
    assert client.get("/settings").context["user"] == member


def test_the_member_read_with_the_session_is_current_every_request(client):
    member = make_user()
    _seen_session_of(client, member)
    User.objects.filter(pk=member.pk).update(is_active=False)  # deactivated (banned) since
    assert client.get("/settings").status_code == 302  # logged out: to the login page


def test_a_logout_ends_the_session_read_with_the_member(client):
    member = make_user()
    key = _seen_session_of(client, member)
    client.post("/accounts/logout/")
    client.cookies["sessionid"] = key
    assert client.get("/settings").status_code == 302
    assert SessionStore(key).load() == {}


def test_a_session_that_names_someone_else_now_is_read_as_it_says(client):
    first, second = make_user("first"), make_user("second")
    key = _seen_session_of(client, first)  # this process now takes the key for first's
    store = SessionStore(key)
    store[SESSION_KEY] = str(second.pk)
    store[HASH_SESSION_KEY] = second.get_session_auth_hash()
    store.save()
    assert client.get("/settings").context["user"] == second
    assert member_read_with(first.pk) is None


def test_a_member_read_is_handed_over_once_and_only_for_that_member(client):
    member = make_user()
    key = _seen_session_of(client, member)
    SessionStore(key).load()
    assert member_read_with(member.pk + 1) is None  # not that member: and taken
    SessionStore(key).load()
    assert member_read_with(member.pk) == member
    assert member_read_with(member.pk) is None


def test_a_session_whose_member_is_gone_is_read_alone(client):
    member = make_user()
    key = _seen_session_of(client, member)
    User.objects.filter(pk=member.pk).delete()
    assert SessionStore(key).load()[SESSION_KEY] == str(member.pk)  # read alone: no member to read it with
    assert member_read_with(member.pk) is None
    assert client.get("/settings").status_code == 302


def test_a_member_read_for_one_session_is_never_handed_over_after_another_is_read(client):
    member = make_user()
    key = _seen_session_of(client, member)
    SessionStore(key).load()  # read with the member, who is not taken yet
    anonymous = SessionStore()
    anonymous["colour"] = "green"
    anonymous.save()
    SessionStore(anonymous.session_key).load()  # the next request: someone else's session
    assert member_read_with(member.pk) is None


@pytest.mark.parametrize("cookie", ['"abcdefgh\\000ijklmnop"', "a" * 5000, "ABCDEFGHIJKLMNOP", "abc-def-ghi-jkl"])
def test_a_cookie_that_is_no_session_key_is_no_session(client, cookie):
    # A NUL (a quoted octal escape in the cookie) reached the database as a 500.
    for _ in range(2):
        response = client.get("/", HTTP_COOKIE=f"sessionid={cookie}")
        assert response.status_code == 200 and not response.context["user"].is_authenticated
    assert SessionStore("abcdefgh\x00ijklmnop").load() == {}


@pytest.mark.parametrize("named", ["99999999999999999999", "-4", "0"])
def test_a_session_naming_an_id_no_member_can_have_is_logged_out_every_time(client, named):
    store = SessionStore()
    store[SESSION_KEY] = named
    store.save()
    client.cookies["sessionid"] = store.session_key
    for _ in range(3):  # the first read alone, the next ones as a seen session would be
        response = client.get("/")
        assert response.status_code == 200 and not response.context["user"].is_authenticated


def test_a_member_id_written_otherwise_still_names_that_member(client):
    member = make_user()
    key = _seen_session_of(client, member)
    store = SessionStore(key)
    store[SESSION_KEY] = f"00{member.pk}"
    store.save()
    for _ in range(2):
        assert client.get("/settings").context["user"] == member
