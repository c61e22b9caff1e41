"""Searches per network: a search is the one page whose cost the reader chooses (up to the time
limit), so a script asking slow searches in a loop must not hold every worker."""

import pytest
from django.urls import reverse

from forum.search import limits, views
from forum.search.results import SearchTooSlow

pytestmark = pytest.mark.django_db

ADDRESS, NEIGHBOUR = "203.0.113.7", "198.51.100.9"


@pytest.fixture
def searches(settings, monkeypatch):
    """A limit of 3 a minute, and the searches the page really ran (their words)."""
    settings.SEARCHES_PER_NETWORK_PER_MINUTE = 3
    ran = []

    def posts(terms, user, page):
        ran.append(terms.text)
        return None

    monkeypatch.setitem(views.KINDS, "posts", posts)
    return ran


def get(client, q, address=ADDRESS):
    return client.get(reverse("search:search"), {"q": q}, REMOTE_ADDR=address)


def test_past_the_limit_a_network_gets_429_and_nothing_is_searched(client, searches):
    assert [get(client, f"word{number}").status_code for number in range(3)] == [200, 200, 200]
    refused = get(client, "one more")
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(limits.WINDOW_SECONDS)
    assert "a lot of searches in a short while" in refused.text
    assert searches == ["word0", "word1", "word2"]


def test_another_network_still_searches(client, searches):
    for number in range(4):
        get(client, f"word{number}")
    assert get(client, "mine", address=NEIGHBOUR).status_code == 200
    assert searches[-1] == "mine"


def test_the_empty_search_page_is_not_counted(client, searches):
    for _ in range(5):
        assert client.get(reverse("search:search"), REMOTE_ADDR=ADDRESS).status_code == 200
    assert get(client, "housing").status_code == 200


def test_a_search_stopped_at_the_time_limit_counts_as_many(client, settings, monkeypatch):
    settings.SEARCHES_PER_NETWORK_PER_MINUTE = limits.SLOW_SEARCH_SLOTS + 1

    def too_slow(*args):
        raise SearchTooSlow

    monkeypatch.setitem(views.KINDS, "posts", too_slow)
    assert "That search took too long" in get(client, '"slow phrase"').text
    assert get(client, "another").status_code == 200  # the last slot
    assert get(client, "and another").status_code == 429


def test_readers_whose_address_is_unknown_are_not_counted_together(client, searches):
    for number in range(5):
        assert get(client, f"word{number}", address="").status_code == 200
