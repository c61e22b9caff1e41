"""The header on real pages: readers counted as they browse, machines not, the counts fresh on
shared pages as on members' own, and no query added once warm."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.presence import tracking
from forum.presence.header import SLOT
from forum.presence.tracking import REFRESH_SECONDS, STEP_SECONDS, TOTALS_SECONDS
from tests.factories import make_comment, make_user

from .quiet import QuietTracker

pytestmark = pytest.mark.django_db

HEADER = re.compile(r"([\d,]+) comments? by ([\d,]+) users? · ([\d,]+) members? online now, ([\d,]+) lurkers?")


def header(response):
    page = response.content.decode()
    assert SLOT not in page and "slot-" not in page
    found = HEADER.search(page)
    assert found, "no header in the page"
    return tuple(int(number.replace(",", "")) for number in found.groups())


def online(response):
    return header(response)[2:]


def reader(address):
    return Client(REMOTE_ADDR=address)


def test_a_member_browsing_is_one_member_online(login, member, post):
    client = login(member)
    for _ in range(3):
        client.get(reverse("posts:home"))
    assert online(client.get(post.get_absolute_url())) == (1, 0)


def test_each_logged_out_reader_is_one_lurker_whatever_their_requests(post):
    first, second = reader("203.0.113.1"), reader("203.0.113.2")
    for _ in range(3):
        first.get(reverse("posts:home"))
    assert online(second.get(post.get_absolute_url())) == (0, 2)
    assert online(first.get(reverse("posts:home"))) == (0, 2)


def test_two_browsers_behind_one_address_are_two_lurkers():
    firefox = Client(REMOTE_ADDR="203.0.113.1", HTTP_USER_AGENT="Firefox")
    chrome = Client(REMOTE_ADDR="203.0.113.1", HTTP_USER_AGENT="Chrome")
    firefox.get("/")
    assert online(chrome.get("/")) == (0, 2)


@pytest.mark.parametrize("page", ["home", "post"])
def test_a_shared_page_shows_the_counts_of_now(login, member, post, clock, page):
    path = "/" if page == "home" else post.get_absolute_url()
    reader("203.0.113.1").get(path)  # renders and stores the shared page
    login(member).get(path)
    clock.advance(REFRESH_SECONDS)
    assert online(reader("203.0.113.2").get(path)) == (1, 2)  # the stored page, filled in
    clock.advance(2 * STEP_SECONDS)  # everyone else has gone
    assert online(reader("203.0.113.2").get(path)) == (0, 1)


def test_the_header_counts_comments_and_members(client, post):
    make_comment(post)
    make_comment(post)
    make_user(active=False)
    assert header(client.get(post.get_absolute_url()))[:2] == (2, 3)  # the post's author and the writers


def test_a_new_comment_shows_in_the_totals_after_the_interval(client, post, clock):
    make_comment(post)
    assert header(client.get("/"))[0] == 1
    make_comment(post)
    clock.advance(TOTALS_SECONDS)
    assert header(client.get("/"))[0] == 2


def test_the_header_is_on_error_pages_too(client):
    response = client.get("/post/999999/nothing")
    assert response.status_code == 404
    assert online(response) == (0, 1)


@pytest.mark.urls("tests.presence.urls")
@pytest.mark.parametrize(
    "path", ["/feed", "/feed/atom", "/sitemap.xml", "/robots.txt", "/healthz", "/posts/rss/", "/nowhere"]
)
def test_machines_addresses_count_nobody(client, tracker, path):
    client.get(path)
    assert (tracker.presence().members_online, tracker.presence().lurkers) == (0, 0)


@pytest.mark.urls("tests.presence.urls")
@pytest.mark.parametrize("path", ["/page/", "/user/a.b"])
def test_pages_count_their_reader(client, tracker, path):
    client.get(path)
    assert tracker.presence().lurkers == 1


def test_static_files_count_nobody(client, tracker, settings):
    settings.WHITENOISE_USE_FINDERS = True  # served as in production, where nothing is collected
    assert client.get("/static/css/forum.css").status_code == 200
    assert tracker.presence().lurkers == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_DEST": "image", "HTTP_SEC_FETCH_MODE": "no-cors"},  # <img src> pointing at a page
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_ACCEPT": "application/rss+xml"},
    ],
)
def test_requests_no_reader_made_count_nobody(client, tracker, headers):
    client.get("/", **headers)
    assert tracker.presence().lurkers == 0


def test_a_head_or_post_counts_nobody(client, tracker, post):
    client.head("/")
    client.post(reverse("threads:comment-create", args=[post.pk]), {"body": ""})
    assert tracker.presence().lurkers == 0


def queries_of(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, [query["sql"] for query in queries.captured_queries]


def test_a_warm_member_page_adds_no_query(login, member, post, monkeypatch):
    client = login(member)
    client.get("/")
    page, with_header = queries_of(client, "/")
    assert online(page) == (1, 0)
    assert not any("forum_cache" in sql or "SUM(" in sql for sql in with_header)
    monkeypatch.setattr(tracking, "tracker", QuietTracker())
    _, without = queries_of(client, "/")
    assert len(with_header) == len(without)


def test_a_warm_shared_page_adds_no_query(django_assert_max_num_queries):
    reader("203.0.113.1").get("/")
    again = reader("203.0.113.1")
    again.get("/")
    with django_assert_max_num_queries(1):  # the stored page, from the page cache
        assert online(again.get("/")) == (0, 1)


def test_a_failing_cache_costs_the_header_not_the_page(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(tracking.tracker, "record", broken)
    monkeypatch.setattr(tracking.tracker, "presence", broken)
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "slot-" not in page and not HEADER.search(page)
