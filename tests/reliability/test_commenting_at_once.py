"""Fifty clients commenting on one thread at the same moment through the HTTP server, while
logged-out readers keep reading it: every comment stored once, numbered without a gap, the
thread's count and latest activity exact, and every page served afterwards current."""

import re
import threading

import pytest

from forum.comments.models import PER_PAGE, Comment
from tests.factories import make_post, make_user
from tests.scaleout.client import Browser, comment_id_from

from .conftest import AddressedBrowser, all_at_once, member_browser, read

pytestmark = pytest.mark.django_db(transaction=True)

MEMBERS = ANONYMOUS = 25
READERS = 3  # logged-out readers reading the thread all the while


def test_fifty_clients_commenting_at_once_are_all_counted_and_shown(servers):
    server = servers.crowd
    post = make_post(title="Fifty people at once")
    url = post.get_absolute_url()
    clients = [member_browser(make_user(), f"198.51.100.{n}") for n in range(1, MEMBERS + 1)]
    # Anonymous visitors on networks of their own: one network may comment once in 2 s.
    clients += [AddressedBrowser(f"203.0.113.{n}") for n in range(1, ANONYMOUS + 1)]
    texts = [f"Words from client {n:02d}, at the same moment as the others." for n in range(len(clients))]
    assert "0 comments" in read(Browser(), server, url).text  # stored in the shared cache now

    pages = all_at_once(lambda client: read(client, server, url), clients, threads=8)
    start = threading.Barrier(len(clients) + READERS)
    writing = threading.Event()

    def write(n):
        start.wait()
        return clients[n].submit(server, pages[n], f"/post/{post.pk}/comments/new", body=texts[n])

    def keep_reading(_):
        start.wait()
        while writing.is_set():
            read(Browser(), server, url)

    writing.set()
    readers = threading.Thread(target=all_at_once, args=(keep_reading, range(READERS)))
    readers.start()
    try:
        answers = all_at_once(write, range(len(clients)))
    finally:
        writing.clear()
        readers.join()

    refused = [(n, a.status, a.text[:300]) for n, a in enumerate(answers) if a.status != 302]
    assert not refused, f"{refused}\n{server.log()}"
    ids = {comment_id_from(answer.location) for answer in answers}
    comments = list(Comment.objects.filter(post=post).order_by("created_at", "id"))
    assert len(comments) == len(ids) == 50
    assert {c.pk for c in comments} == ids
    assert sorted(c.body for c in comments) == sorted(texts)  # each stored once
    assert all(c.status == Comment.Status.APPROVED for c in comments)
    # Numbered 1..50 in the order they were written, without a gap or a repeat.
    assert [c.number for c in comments] == list(range(1, 51))
    post.refresh_from_db()
    assert post.comment_count == 50
    assert post.latest_activity_at == comments[-1].created_at

    # Whichever worker and thread answers, the logged-out pages are the ones of 50 comments.
    by_page = {1: [c.body for c in comments[:PER_PAGE]], 2: [c.body for c in comments[PER_PAGE:]]}
    for _ in range(3):
        last = read(Browser(), server, url).text
        first = read(Browser(), server, f"{url}?page=1").text
        for page, text in ((1, first), (2, last)):
            missing = [body for body in by_page[page] if body not in text]
            assert not missing, f"page {page} served without {len(missing)} of its comments"
        assert "50 comments" in last
        row = re.search(rf'href="{re.escape(url)}".*?(\d+) comments?', read(Browser(), server, "/").text, re.S)
        assert row and row.group(1) == "50", "the home page shows a stale count for the thread"
