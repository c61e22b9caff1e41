from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from forum.anonymous.models import AnonymousIdentity
from forum.comments.models import Comment
from forum.comments.services import (
    CommentRefused,
    comment_create_anonymous,
    comment_create_by_member,
    comments_delete,
    comments_set_status,
    post_recount_comments,
)
from forum.posts.models import Post
from tests.factories import make_anonymous, make_comment, make_post, make_visitor

pytestmark = pytest.mark.django_db


def test_comment_count_and_activity_change_with_the_comment(post, member):
    comment = comment_create_by_member(post=post, body="hello", author=member)
    post.refresh_from_db()
    assert post.comment_count == 1 and post.latest_activity_at == comment.created_at


def test_a_failure_after_the_insert_rolls_back_comment_and_counters(post):
    # The visitor's last_seen_at is written after the comment and the post's counters.
    with mock.patch.object(AnonymousIdentity.objects, "filter", side_effect=RuntimeError("database went away")):
        with pytest.raises(RuntimeError):
            comment_create_anonymous(post=post, body="hello", visitor=make_visitor())
    assert Comment.objects.count() == 0 and AnonymousIdentity.objects.count() == 0
    post.refresh_from_db()
    assert post.comment_count == 0


def test_waiting_comment_is_not_counted_or_numbered(post):
    comment = comment_create_anonymous(post=post, body="https://spam.example", visitor=make_visitor())
    post.refresh_from_db()
    assert comment.is_pending and comment.number is None
    assert post.comment_count == 0 and post.latest_activity_at == post.created_at


def test_too_fast_applies_across_threads(post, member):
    comment_create_by_member(post=post, body="here", author=member)
    with pytest.raises(CommentRefused, match="too fast"):
        comment_create_by_member(post=make_post(), body="there", author=member)


def test_repeat_check_is_per_thread(post, member):
    first = comment_create_by_member(post=post, body="same", author=member)
    Comment.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(minutes=1))
    assert comment_create_by_member(post=make_post(), body="same", author=member).pk


def test_repeat_ignores_surrounding_whitespace(post, member):
    first = comment_create_by_member(post=post, body="same", author=member)
    Comment.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(CommentRefused, match="already said"):
        comment_create_by_member(post=post, body="  same\n", author=member)


# Status transitions: approved -> held -> approved, and pending -> approved, with counters following.
# A held comment keeps its place (shown as its reason); one waiting for approval has none.


def test_holding_an_approved_comment_keeps_its_place_but_not_its_activity(post):
    comment = make_comment(post)
    assert post.comment_count == 1
    comments_set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.SPAM)
    post.refresh_from_db()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM and comment.number == 1 and post.comment_count == 1
    assert post.latest_activity_at == post.created_at


def test_sending_a_comment_back_to_waiting_unnumbers_it_and_closes_the_gap(post):
    first, second, third = (make_comment(post) for _ in range(3))
    comments_set_status(Comment.objects.filter(pk=second.pk), Comment.Status.PENDING)
    post.refresh_from_db()
    numbers = dict(Comment.objects.values_list("pk", "number"))
    assert numbers == {first.pk: 1, second.pk: None, third.pk: 2} and post.comment_count == 2


def test_approving_a_waiting_comment_numbers_it_in_order_of_writing(post):
    visitor = make_anonymous()
    first = make_comment(post, created_at=timezone.now() - timedelta(minutes=3))
    waiting = make_comment(
        post, anonymous=visitor, status=Comment.Status.PENDING, created_at=timezone.now() - timedelta(minutes=2)
    )
    last = make_comment(post, created_at=timezone.now() - timedelta(minutes=1))
    comments_set_status(Comment.objects.filter(pk=waiting.pk), Comment.Status.APPROVED)
    numbers = dict(Comment.objects.values_list("pk", "number"))
    assert numbers == {first.pk: 1, waiting.pk: 2, last.pk: 3}


def test_new_comments_take_the_next_number(post, member, other_member):
    first = comment_create_by_member(post=post, body="one", author=member)
    second = comment_create_by_member(post=post, body="two", author=other_member)
    assert (first.number, second.number) == (1, 2)


def test_deleting_a_comment_renumbers_the_thread(post):
    first, second, third = (make_comment(post) for _ in range(3))
    comments_delete(Comment.objects.filter(pk=first.pk))
    post.refresh_from_db()
    assert dict(Comment.objects.values_list("pk", "number")) == {second.pk: 1, third.pk: 2}
    assert post.comment_count == 2


def test_approving_a_pending_comment_counts_it_and_bumps_activity(post):
    comment = make_comment(post, anonymous=make_anonymous(), status=Comment.Status.PENDING)
    assert post.comment_count == 0
    comments_set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    post.refresh_from_db()
    assert post.comment_count == 1 and post.latest_activity_at == comment.created_at


def test_setting_the_same_status_changes_nothing(post):
    comment = make_comment(post)
    assert comments_set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED) == []


def test_recount_heals_wrong_counters(post):
    make_comment(post)
    latest = make_comment(post, created_at=timezone.now() + timedelta(minutes=5))
    Post.objects.filter(pk=post.pk).update(comment_count=99, latest_activity_at=post.created_at)
    post_recount_comments(post.pk)
    post.refresh_from_db()
    assert post.comment_count == 2 and post.latest_activity_at == latest.created_at


# Anonymous visitors: refusals leave nothing behind; a script without cookies is still throttled.


def test_refused_anonymous_comment_leaves_no_identity_behind(post):
    visitor = make_visitor(address="203.0.113.50")
    comment_create_anonymous(post=post, body="first", visitor=visitor)
    with pytest.raises(CommentRefused):
        comment_create_anonymous(post=post, body="second", visitor=make_visitor(address="203.0.113.50"))
    assert AnonymousIdentity.objects.count() == 1


def test_dropping_the_visitor_cookie_does_not_escape_too_fast(post):
    comment_create_anonymous(post=post, body="one", visitor=make_visitor(address="203.0.113.50"))
    with pytest.raises(CommentRefused, match="too fast"):
        comment_create_anonymous(post=post, body="one", visitor=make_visitor(address="203.0.113.50"))
    assert Comment.objects.count() == 1


def test_visitors_on_other_networks_are_not_slowed(post):
    comment_create_anonymous(post=post, body="one", visitor=make_visitor(address="203.0.113.50"))
    assert comment_create_anonymous(post=post, body="two", visitor=make_visitor(address="198.51.100.50")).pk


def test_network_ban_refuses_a_fresh_visitor_on_that_network(post):
    make_anonymous(address="203.0.113.60", network_banned=True)
    with pytest.raises(CommentRefused, match="blocked"):
        comment_create_anonymous(post=post, body="hello", visitor=make_visitor(address="203.0.113.60"))


def test_visitors_whose_address_is_unknown_do_not_slow_each_other(post):
    comment_create_anonymous(post=post, body="one", visitor=make_visitor(address=""))
    assert comment_create_anonymous(post=post, body="two", visitor=make_visitor(address="")).pk


def test_an_anonymous_comment_records_when_its_writer_was_last_seen(post):
    comment = comment_create_anonymous(post=post, body="hello", visitor=make_visitor())
    assert AnonymousIdentity.objects.get().last_seen_at == comment.created_at


def test_a_new_comment_never_moves_latest_activity_backwards(post, member):
    later = timezone.now() + timedelta(hours=1)  # another writer's commit, or an admin's date
    Post.objects.filter(pk=post.pk).update(latest_activity_at=later)
    comment_create_by_member(post=post, body="hello", author=member)
    post.refresh_from_db()
    assert post.latest_activity_at == later and post.comment_count == 1
