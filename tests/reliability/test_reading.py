"""A burst of readers on one thread: every view counted once flushed, and no reader waiting on a
writer that holds the post's row (a comment being written, an edit, a long transaction)."""

import threading

import psycopg
import pytest
from django.db import connection, transaction

from forum.comments.models import Comment
from forum.comments.services import comment_create_by_member
from forum.posts.models import PendingView, Post
from forum.posts.viewcounts import flush_pending_views
from tests.factories import make_post, make_thread, make_user
from tests.scaleout.client import Browser
from tests.scaleout.conftest import database_url_for_tests

from .conftest import all_at_once, member_browser, read, timed

pytestmark = pytest.mark.django_db(transaction=True)

BURST = 40
PROMPT = 1.0  # seconds: what a reader may take while a writer holds the post
HOLD = 4.0  # seconds a writer holds the post at most: a reader waiting on it waits about this long


def test_a_burst_of_readers_counts_every_view_once_flushed(servers):
    server = servers.crowd
    post = make_post(title="Everybody reads this")
    make_thread(post, 3)
    url = post.get_absolute_url()

    answers = all_at_once(lambda _: read(Browser(), server, url), range(BURST), threads=8)
    assert all("Comment 3 in the thread." in answer.text for answer in answers)
    flush_pending_views()  # what the servers did not flush yet (they do at most every 10 s)

    post.refresh_from_db()
    assert post.view_count == BURST
    assert not PendingView.objects.filter(post=post).exists()
    assert "41 views" in read(Browser(), server, url).text  # shown counted, this view too


class PostRowHolder:
    """Another connection holding a lock on the post's row, as a long write transaction would,
    until released (or HOLD seconds have passed: a test that fails must not hang)."""

    def __init__(self, post, lock="FOR UPDATE"):
        self.post, self.lock = post, lock
        self.held, self.release = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._hold)

    def _hold(self):
        with psycopg.connect(database_url_for_tests()) as holder:
            with holder.transaction():
                holder.execute(f"SELECT 1 FROM {Post._meta.db_table} WHERE id = %s {self.lock}", [self.post.pk])
                self.held.set()
                self.release.wait(HOLD)

    def __enter__(self):
        self.thread.start()
        assert self.held.wait(10)
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.thread.join()


def quick_read(browser, server, path):
    answer, took = timed(read, browser, server, path)
    assert took < PROMPT, f"a reader waited {took:.1f} s on a writer\n{server.log()}"
    return answer


def test_readers_never_wait_on_a_writer_holding_the_post(servers, redis_client):
    """On one sync worker: a request that waits on the lock after its response (the view flush)
    holds the worker, and the next reader waits for it."""
    server = servers.single
    post = make_post(title="Held by a writer")
    make_thread(post, 2)
    url = post.get_absolute_url()
    # Rendered and stored once, uncounted (not a page navigation), so no reader below pays for it.
    assert Browser()._request(server, "GET", url, {"Sec-Fetch-Dest": "iframe"}).status == 200
    for key in redis_client.scan_iter("*views-flush-claim*"):
        redis_client.delete(key)  # the first view below may flush (viewcounts.flush_soon)

    with PostRowHolder(post):
        for _ in range(3):
            assert "Comment 2 in the thread." in quick_read(Browser(), server, url).text

    flush_pending_views()
    post.refresh_from_db()
    assert post.view_count == 3


def test_a_member_reading_a_thread_never_waits_on_a_comment_being_written(servers):
    """A comment takes the post's row while it is numbered; a member's first look at the thread
    writes their read mark (a row pointing at the post) and must not wait for that comment."""
    server = servers.single
    post = make_post(title="Someone is writing")
    make_thread(post, 2)
    writer, reader = make_user(), make_user()
    browser = member_browser(reader)
    written, release = threading.Event(), threading.Event()

    def write():
        try:
            with transaction.atomic():
                comment_create_by_member(post=post, author=writer, body="Slow to commit.")
                written.set()
                release.wait(HOLD)
        finally:
            connection.close()

    thread = threading.Thread(target=write)
    thread.start()
    try:
        assert written.wait(10)
        assert "Comment 2 in the thread." in quick_read(browser, server, post.get_absolute_url()).text
        assert "Comment 2 in the thread." in quick_read(Browser(), server, post.get_absolute_url()).text
    finally:
        release.set()
        thread.join()
    assert Comment.objects.filter(post=post, body="Slow to commit.", number=3).exists()
