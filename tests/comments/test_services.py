from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from forum.comments.models import Comment
from forum.comments.services import CommentRefused, comment_create, comments_set_status, post_recount_comments
from forum.posts.models import Post
from tests.factories import make_anonymous, make_comment, make_post, make_user, make_visitor

pytestmark = pytest.mark.django_db


def test_comment_count_and_activity_change_with_the_comment(post, member):
    comment = comment_create(post=post, body="hello", author=member)
    post.refresh_from_db()
    assert post.comment_count == 1 and post.latest_activity_at == comment.created_at


def test_a_failure_after_the_insert_rolls_back_comment_and_counters(post, member):
    with mock.patch.object(Post.objects, "filter", side_effect=RuntimeError("database went away")):
        with pytest.raises(RuntimeError):
            comment_create(post=post, body="hello", author=member)
    assert Comment.objects.count() == 0
    post.refresh_from_db()
    assert post.comment_count == 0


def test_held_comment_is_not_counted(post):
    comment_create(post=post, body="https://spam.example", visitor=make_visitor())
    post.refresh_from_db()
    assert post.comment_count == 0 and post.latest_activity_at == post.created_at


def test_too_fast_applies_across_threads(post, member):
    comment_create(post=post, body="here", author=member)
    with pytest.raises(CommentRefused, match="too fast"):
        comment_create(post=make_post(), body="there", author=member)


def test_repeat_check_is_per_thread(post, member):
    first = comment_create(post=post, body="same", author=member)
    Comment.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(minutes=1))
    assert comment_create(post=make_post(), body="same", author=member).pk


def test_repeat_ignores_surrounding_whitespace(post, member):
    first = comment_create(post=post, body="same", author=member)
    Comment.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(CommentRefused, match="already said"):
        comment_create(post=post, body="  same\n", author=member)


# Status transitions: approved -> held -> approved, and pending -> approved, with counters following.


def test_holding_an_approved_comment_uncounts_it(post):
    comment = make_comment(post)
    assert post.comment_count == 1
    comments_set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.SPAM)
    post.refresh_from_db()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM and post.comment_count == 0
    assert post.latest_activity_at == post.created_at


def test_approving_a_pending_comment_counts_it_and_bumps_activity(post):
    comment = make_comment(post, anonymous=make_anonymous(), status=Comment.Status.PENDING)
    assert post.comment_count == 0
    comments_set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    post.refresh_from_db()
    assert post.comment_count == 1 and post.latest_activity_at == comment.created_at


def test_setting_the_same_status_changes_nothing(post):
    comment = make_comment(post)
    assert comments_set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED) == 0


def test_recount_heals_wrong_counters(post):
    make_comment(post)
    latest = make_comment(post, created_at=timezone.now() + timedelta(minutes=5))
    Post.objects.filter(pk=post.pk).update(comment_count=99, latest_activity_at=post.created_at)
    post_recount_comments(post.pk)
    post.refresh_from_db()
    assert post.comment_count == 2 and post.latest_activity_at == latest.created_at


def test_comment_needs_exactly_one_writer(post):
    with pytest.raises(AssertionError):
        comment_create(post=post, body="x", author=make_user(), visitor=make_visitor())


# Anonymous visitors: refusals leave nothing behind; a script without cookies is still throttled.


def test_refused_anonymous_comment_leaves_no_identity_behind(post):
    from forum.anonymous.models import AnonymousIdentity

    visitor = make_visitor(address="203.0.113.50")
    comment_create(post=post, body="first", visitor=visitor)
    with pytest.raises(CommentRefused):
        comment_create(post=post, body="second", visitor=make_visitor(address="203.0.113.50"))
    assert AnonymousIdentity.objects.count() == 1


def test_dropping_the_visitor_cookie_does_not_escape_too_fast(post):
    comment_create(post=post, body="one", visitor=make_visitor(address="203.0.113.50"))
    with pytest.raises(CommentRefused, match="too fast"):
        comment_create(post=post, body="one", visitor=make_visitor(address="203.0.113.50"))
    assert Comment.objects.count() == 1


def test_visitors_on_other_networks_are_not_slowed(post):
    comment_create(post=post, body="one", visitor=make_visitor(address="203.0.113.50"))
    assert comment_create(post=post, body="two", visitor=make_visitor(address="198.51.100.50")).pk


def test_network_ban_refuses_a_fresh_visitor_on_that_network(post):
    make_anonymous(address="203.0.113.60", network_banned=True)
    with pytest.raises(CommentRefused, match="blocked"):
        comment_create(post=post, body="hello", visitor=make_visitor(address="203.0.113.60"))


def test_visitors_whose_address_is_unknown_do_not_slow_each_other(post):
    comment_create(post=post, body="one", visitor=make_visitor(address=""))
    assert comment_create(post=post, body="two", visitor=make_visitor(address="")).pk
