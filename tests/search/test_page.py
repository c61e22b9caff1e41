"""The search page itself: the query shown back safely, hostile input, query counts, time limit."""

import pytest
from django.db.models.expressions import RawSQL
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from forum.posts.models import Post
from forum.search import results, views
from forum.search.results import SearchTooSlow
from tests.factories import make_comment, make_post

from .conftest import text_of, titles_in

pytestmark = pytest.mark.django_db


def test_an_empty_search_shows_the_form_only(search):
    page = search("")
    assert page.status_code == 200 and 'role="search"' in page.content.decode()
    assert "No posts found" not in text_of(page)


def test_search_is_read_only(client, db):
    assert client.post(reverse("search:search"), {"q": "housing"}).status_code == 405


def test_the_query_is_shown_back_escaped(search):
    page = search('"><script>alert(1)</script>').content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_snippets_escape_the_text_they_quote(search):
    make_post(title="Markup", body='Raw <script>alert("housing")</script> and <img src=x onerror=alert(1)> housing.')
    page = search("housing").content.decode()
    assert "<script>" not in page and "<img src=x" not in page
    assert "alert(1)&gt; <mark>housing</mark>" in page


def test_a_snippet_is_escaped_whole_and_only_the_markers_become_marks():
    start, stop = results._START, results._STOP
    assert (
        results.highlighted(f"<b>{start}rent{stop}</b> & <mark>")
        == "&lt;b&gt;<mark>rent</mark>&lt;/b&gt; &amp; &lt;mark&gt;"
    )


def test_the_page_is_not_for_search_engines(search):
    assert '<meta name="robots" content="noindex">' in search("housing").content.decode()


def test_a_long_query_is_searched_by_its_start_and_says_so(search):
    make_post(title="Tulips", body="Tulip mania.")
    page = search("tulips " * 2_000)
    assert page.status_code == 200 and "Tulips" in titles_in(page)
    assert "only its start was searched for" in text_of(page)


def test_links_keep_the_query_and_the_tab(search):
    for number in range(21):
        make_post(title=f"Tulips {number}", body="Tulip mania.")
    page = search("tulips &", **{"in": "comments"}).content.decode()
    assert 'href="/search?q=tulips+%26&amp;in=posts&amp;page=1"' in page
    page = search("tulips &").content.decode()
    assert 'href="/search?q=tulips+%26&amp;in=posts&amp;page=2" rel="next"' in page


def test_a_search_that_takes_too_long_asks_for_narrower_words(search, monkeypatch):
    def too_slow(*args):
        raise SearchTooSlow

    monkeypatch.setitem(views.KINDS, "posts", too_slow)
    page = search("housing")
    assert page.status_code == 200 and "That search took too long" in text_of(page)


def test_the_time_limit_stops_the_query(monkeypatch, db):
    monkeypatch.setattr(results, "TIME_LIMIT_MS", 20)
    make_post()
    with pytest.raises(SearchTooSlow):
        results._limited(Post.objects.annotate(nap=RawSQL("pg_sleep(1)", [])))
    assert Post.objects.count() == 1  # the connection is still usable after the cancelled query


def test_a_logged_out_search_is_one_query_whatever_the_rows(search, django_assert_max_num_queries):
    for number in range(25):
        make_comment(make_post(title=f"Housing report {number}", body="Housing is up."), body="Housing is down.")
    # The page, the time limit set in its transaction (here a savepoint and its release), and the
    # network's count of searches (limits.py: two statements in the database cache, none in Redis).
    with django_assert_max_num_queries(6):
        assert len(titles_in(search("housing"))) == 20
    with django_assert_max_num_queries(6):
        assert search("housing", **{"in": "comments"}).content.decode().count('class="post-row search-result"') == 20


def test_a_members_search_adds_only_who_they_are(search, login, member, django_assert_max_num_queries):
    for number in range(25):
        make_comment(make_post(title=f"Housing report {number}", body="Housing is up."), body="Housing is down.")
    reader = login(member)
    with django_assert_max_num_queries(8):  # the session and the member, then as logged out
        assert len(titles_in(search("housing", reader))) == 20
    with django_assert_max_num_queries(8):
        assert (
            search("housing", reader, **{"in": "comments"}).content.decode().count('class="post-row search-result"')
            == 20
        )


# Hostile input: any text, any parameter, never a server error.

OPERATORS = st.text(alphabet=list(":*&|!()<->\\\"'- ORANDornot0123\x00\t"), max_size=60)


@pytest.fixture
def some_text(db):
    post = make_post(title="Bidding war at the open house", body='Prices "only" go up: (until) they <-> don\'t!')
    make_comment(post, body="A bidding war, again & again | or not.")


@hypothesis_settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.one_of(st.text(max_size=300), OPERATORS), kind=st.sampled_from(["posts", "comments", "x"]))
def test_any_text_is_searched_without_a_server_error(client, some_text, settings, query, kind):
    settings.SEARCHES_PER_NETWORK_PER_MINUTE = 1000  # every example from one address (test_limits.py)
    response = client.get(reverse("search:search"), {"q": query, "in": kind})
    assert response.status_code == (400 if "\x00" in query else 200)  # NUL: the middleware's 400


@pytest.mark.parametrize(
    "query",
    [
        "\x00", "bidding\x00war", '"', '"bidding', "-", "--war", "OR", "OR OR", "bidding OR", "!", "!!war",
        "war:*", "war:A", "(bidding", "bidding <-> war", "<->", "&|!()", "\\", "\\'", "'", "''", "%", "_",
        "bidding & war | !open", "a" * 10_000, "war " * 3_000, "é" * 5_000, "\ufffd", "😀 war",
    ],
)  # fmt: skip
@pytest.mark.parametrize("kind", ["posts", "comments"])
def test_tsquery_syntax_and_huge_input_are_safe(search, some_text, query, kind):
    assert search(query, **{"in": kind}).status_code == (400 if "\x00" in query else 200)


@pytest.mark.parametrize(
    "query_string",
    ["q=%00", "q=%ff%fe", "q=%ED%A0%80", "q=war&q=%00&in=comments", "q=war&page=0", "q=war&page=-1",
     "q=war&page=abc", "q=war&page=99999999999999999999", "q=war&page=%00", "in=%00", "q[]=war"],
)  # fmt: skip
def test_odd_query_strings_are_safe(client, some_text, query_string):
    expected = 400 if "%00" in query_string else 200  # NUL: forum/core/middleware.py refuses the address
    assert client.get(f"{reverse('search:search')}?{query_string}").status_code == expected
