"""Duplicate titles and the daily cap under simultaneous writers (real transactions, threads)."""

import pytest

from forum.posts.models import Post
from forum.posts.services import PostRefused, post_create
from tests.comments.test_concurrency import run_together
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_members_posting_one_title_at_once_get_one_post(settings):
    settings.POST_MIN_APPROVED_COMMENTS = 0
    writers = [make_user() for _ in range(4)]
    outcomes = run_together(
        [lambda writer=writer: post_create(author=writer, title="Same Title", body="words") for writer in writers]
    )
    assert sum(isinstance(outcome, Post) for outcome in outcomes) == 1
    assert sum(isinstance(outcome, PostRefused) for outcome in outcomes) == 3
    assert Post.objects.filter(title="Same Title").count() == 1


def test_one_member_sending_many_posts_at_once_stays_within_the_cap(settings):
    settings.POST_MIN_APPROVED_COMMENTS = 0
    settings.POSTS_PER_MEMBER_PER_DAY = 2
    writer = make_user()
    outcomes = run_together(
        [lambda index=index: post_create(author=writer, title=f"Post {index}", body="words") for index in range(5)]
    )
    assert sum(isinstance(outcome, Post) for outcome in outcomes) == 2
    assert Post.objects.filter(author=writer).count() == 2
