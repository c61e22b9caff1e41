"""Counters and refusals under simultaneous writers (real transactions, real threads)."""

import threading

import pytest
from django.db import connection

from forum.comments.models import Comment
from forum.comments.services import CommentRefused, comment_create_by_member, post_recount_comments
from tests.factories import make_post, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(functions):
    barrier = threading.Barrier(len(functions))
    outcomes = []

    def run(function):
        try:
            barrier.wait()
            outcomes.append(function())
        except Exception as error:  # noqa: BLE001 - the outcome is what the test reads
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(function,)) for function in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_simultaneous_comments_and_recounts_lose_no_count():
    post = make_post()
    writers = [make_user() for _ in range(6)]
    creates = [
        lambda writer=writer: comment_create_by_member(post=post, body="at once", author=writer) for writer in writers
    ]
    recounts = [lambda: post_recount_comments(post.pk) for _ in range(3)]
    outcomes = run_together(creates + recounts)
    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    post.refresh_from_db()
    assert post.comment_count == Comment.objects.filter(post=post).count() == 6


def test_one_writer_sending_twice_at_once_gets_one_comment():
    post = make_post()
    writer = make_user()
    outcomes = run_together(
        [lambda n=n: comment_create_by_member(post=post, body=f"double {n}", author=writer) for n in range(2)]
    )
    assert sum(isinstance(outcome, CommentRefused) for outcome in outcomes) == 1
    assert Comment.objects.count() == 1
