"""The visitor cookie, as a browser meets it."""

import pytest
from django.urls import reverse

from forum.anonymous.visitor import COOKIE_NAME

pytestmark = pytest.mark.django_db


def test_post_page_gives_a_new_visitor_a_lasting_httponly_cookie(client, post):
    cookie = client.get(post.get_absolute_url()).cookies[COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and int(cookie["max-age"]) > 365 * 24 * 3600


def test_the_cookie_is_set_once(client, post):
    client.get(post.get_absolute_url())
    assert COOKIE_NAME not in client.get(post.get_absolute_url()).cookies


def test_pages_without_a_comment_box_set_no_visitor_cookie(client, post):
    assert COOKIE_NAME not in client.get(reverse("posts:home")).cookies


def test_members_get_no_visitor_cookie(login, member, post):
    assert COOKIE_NAME not in login(member).get(post.get_absolute_url()).cookies


def test_reading_the_visitor_sets_no_cookie_by_itself(client, post):
    # The random post redirect never names the reader, so it never needs their token.
    assert COOKIE_NAME not in client.get(reverse("posts:random")).cookies
