"""Counting readers in the shared cache: once each per window, whatever the requests or processes;
gone once the window has passed; no write for a reader already counted."""

import pytest
from django.core.cache import caches

from forum.comments.models import Comment
from forum.posts.models import Post
from forum.presence import tracking
from forum.presence.totals import site_totals
from forum.presence.tracking import (
    LURKER,
    MEMBER,
    PRESENCE_CACHE,
    REFRESH_SECONDS,
    STEP_SECONDS,
    TOTALS_SECONDS,
    Tracker,
)
from tests.factories import make_comment, make_post, make_thread, make_user

from .conftest import CacheSpy

pytestmark = pytest.mark.django_db


def online(tracker):
    presence = tracker.presence()
    return presence.members_online, presence.lurkers


def test_a_member_is_counted_once_whatever_their_requests(tracker):
    for _ in range(5):
        tracker.record(MEMBER, "7")
    tracker.record(MEMBER, "8")
    assert online(tracker) == (2, 0)


def test_lurkers_are_counted_apart_from_members(tracker):
    for reader in ("a", "b", "a", "c", "b"):
        tracker.record(LURKER, reader)
    tracker.record(MEMBER, "a")  # a member's id is no lurker's digest
    assert online(tracker) == (1, 3)


def test_processes_share_the_count_and_count_a_reader_once(clock):
    first, second = Tracker(clock=clock), Tracker(clock=clock)
    first.record(MEMBER, "7")
    second.record(MEMBER, "7")
    second.record(MEMBER, "8")
    first.record(LURKER, "x")
    assert online(first) == online(second) == (2, 1)


def test_a_burst_from_one_reader_writes_once_then_nothing(clock):
    spy = CacheSpy(caches[PRESENCE_CACHE])
    tracker = Tracker(clock=clock, cache=spy)
    tracker.record(LURKER, "x")
    assert spy.writes  # put in the two open windows and counted there
    spy.calls.clear()
    for _ in range(50):
        tracker.record(LURKER, "x")
        clock.advance(1)
    assert spy.calls == []


def test_a_reader_already_counted_by_another_process_costs_one_add_a_window(clock):
    Tracker(clock=clock).record(MEMBER, "7")
    spy = CacheSpy(caches[PRESENCE_CACHE])
    tracker = Tracker(clock=clock, cache=spy)
    for _ in range(10):
        tracker.record(MEMBER, "7")
    assert spy.calls == ["add", "add"]  # the two open windows, each refused: already counted
    assert online(Tracker(clock=clock)) == (1, 0)


def test_the_next_window_costs_one_add(clock):
    spy = CacheSpy(caches[PRESENCE_CACHE])
    tracker = Tracker(clock=clock, cache=spy)
    tracker.record(MEMBER, "7")
    spy.calls.clear()
    clock.advance(STEP_SECONDS)
    tracker.record(MEMBER, "7")
    tracker.record(MEMBER, "7")
    assert spy.writes.count("add") == 2  # the new window, and its count's next number
    assert spy.writes.count("set") == 1  # the count


def test_a_reader_stays_online_for_the_window_then_is_gone(clock, tracker):
    tracker.record(MEMBER, "7")
    clock.advance(STEP_SECONDS)  # the next step: still in the window shown
    assert online(tracker) == (1, 0)
    clock.advance(STEP_SECONDS - 2)  # 2 seconds short of 5 minutes after they were here
    assert online(tracker) == (1, 0)
    clock.advance(1)
    assert online(tracker) == (0, 0)


def test_a_reader_who_comes_back_is_online_again(clock, tracker):
    tracker.record(MEMBER, "7")
    clock.advance(3 * STEP_SECONDS)
    assert online(tracker) == (0, 0)
    tracker.record(MEMBER, "7")
    assert online(tracker) == (1, 0)


def test_a_reader_counted_at_the_end_of_a_step_stays_over_the_next(clock, tracker):
    clock.advance(STEP_SECONDS - 2)
    tracker.record(LURKER, "x")
    clock.advance(STEP_SECONDS)  # 2½ minutes later
    assert online(tracker) == (0, 1)


def test_counts_are_read_from_the_cache_at_most_every_refresh(clock):
    spy = CacheSpy(caches[PRESENCE_CACHE])
    reader = Tracker(clock=clock, cache=spy)
    reader.presence()
    Tracker(clock=clock).record(MEMBER, "7")  # another process
    spy.calls.clear()
    clock.advance(REFRESH_SECONDS - 1)
    assert online(reader) == (0, 0) and spy.calls == []
    clock.advance(1)
    assert online(reader) == (1, 0) and spy.calls == ["get_many"]


def test_own_newcomers_show_at_once_in_this_process(clock, tracker):
    tracker.presence()
    tracker.record(MEMBER, "7")
    assert online(tracker) == (1, 0)


def test_a_count_written_out_of_order_never_counts_a_newcomer_twice(clock, tracker):
    for reader in ("a", "b", "c"):
        tracker.record(LURKER, reader)
    window = int(clock() // STEP_SECONDS) - 1
    # Another process's late write set the count back; the numbers taken still hold.
    caches[PRESENCE_CACHE].set(f"presence:{LURKER}:{window}:count", 1)
    tracker.record(LURKER, "d")
    assert caches[PRESENCE_CACHE].get(f"presence:{LURKER}:{window}:count") == 4


def test_a_process_that_forgets_still_counts_each_reader_once(clock, monkeypatch):
    monkeypatch.setattr(tracking, "REMEMBER_MAX", 3)
    tracker = Tracker(clock=clock)
    for _ in range(3):
        for reader in ("a", "b", "c", "d"):
            tracker.record(LURKER, reader)
    assert len(tracker._recorded) <= 3 + 2
    assert online(tracker) == (0, 4)


# The totals: "N comments by M users"


def test_totals_are_the_threads_counts_and_the_members(django_assert_num_queries):
    author = make_user()
    make_thread(make_post(author=author), 3)
    make_comment(make_post(author=author), author=author)
    held = make_post(author=author, status=Post.Status.HELD)
    make_comment(held, author=author)
    make_comment(make_post(author=author), author=author, status=Comment.Status.PENDING)  # not yet in the thread
    make_user(active=False)
    with django_assert_num_queries(1):
        comments, members = site_totals()
    assert comments == 4
    assert members == 2  # the author and the thread's writer; not the deactivated account


def test_totals_on_an_empty_site():
    assert site_totals() == (0, 0)


def test_totals_are_counted_again_after_the_interval_only(clock, tracker, django_assert_num_queries):
    post = make_post()
    make_comment(post)
    assert tracker.presence().comments == 1
    make_comment(post)
    clock.advance(TOTALS_SECONDS - 1)  # counts read again, totals still fresh
    with django_assert_num_queries(1):  # the cache's get_many only
        assert tracker.presence().comments == 1
    clock.advance(REFRESH_SECONDS)  # the totals are old: counted again
    assert tracker.presence().comments == 2


def test_one_process_counts_the_totals_for_all(clock, tracker, django_assert_num_queries):
    make_comment(make_post())
    tracker.presence()
    with django_assert_num_queries(1):  # another process: the cache's get_many, no count
        assert Tracker(clock=clock).presence().comments == 1
