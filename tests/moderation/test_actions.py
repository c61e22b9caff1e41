"""The moderation services: posts held for a reason and published again, with their threads and the
lists moved on and one log row each; one list of reasons for comments and posts."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from forum.comments.models import Comment
from forum.moderation.actions import comments_judge, posts_judge
from forum.moderation.forms import HELD_REASONS
from forum.moderation.models import ModerationAction
from forum.posts.models import Post
from tests.factories import make_comment

from .cast import make_role

pytestmark = pytest.mark.django_db


def test_comments_and_posts_are_held_for_the_same_reasons():
    assert HELD_REASONS == Post.HeldReason.choices
    assert {value for value, _ in HELD_REASONS} == set(Comment.Status.values) - {"approved", "pending"}


def test_a_held_post_shows_its_reason_to_its_author_and_staff_and_is_gone_for_others(client, login, post):
    admin = make_role("admin")
    posts_judge(Post.objects.filter(pk=post.pk), held_reason=Post.HeldReason.ANTI_FORUM, by=admin)
    post.refresh_from_db()
    assert (post.status, post.held_reason, post.held_reason_label) == ("held", "anti_forum", "anti-forum")
    assert Client().get(post.get_absolute_url()).status_code == 404
    assert login(post.author).get(post.get_absolute_url()).status_code == 200
    assert post.title not in Client().get(reverse("posts:home")).content.decode()


def test_holding_and_publishing_move_the_thread_and_the_lists_on(post):
    admin = make_role("admin")
    home = reverse("posts:home")
    assert post.title in Client().get(home).content.decode()  # stored for logged-out readers
    version = post.thread_version
    posts_judge(Post.objects.filter(pk=post.pk), held_reason="spam", by=admin)
    assert post.title not in Client().get(home).content.decode()
    posts_judge(Post.objects.filter(pk=post.pk), by=admin)
    post.refresh_from_db()
    assert post.title in Client().get(home).content.decode()
    assert post.thread_version == version + 2 and (post.status, post.held_reason) == ("published", "")
    assert list(ModerationAction.objects.order_by("id").values_list("action", "reason")) == [
        ("spam", "spam"),
        ("approve", ""),
    ]


def test_judging_a_post_as_it_is_changes_and_logs_nothing(post):
    assert posts_judge(Post.objects.filter(pk=post.pk), by=make_role("admin")) == []
    assert not ModerationAction.objects.exists()


def test_a_new_reason_for_a_held_post_is_a_change(post):
    admin = make_role("admin")
    posts_judge(Post.objects.filter(pk=post.pk), held_reason="flagged", by=admin)
    posts_judge(Post.objects.filter(pk=post.pk), held_reason="doxing", by=admin)
    last = ModerationAction.objects.order_by("-id").first()
    assert last.before == {"status": "held", "held_reason": "flagged"}
    assert last.after == {"status": "held", "held_reason": "doxing"}


def test_only_a_held_post_has_a_reason(post):
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.filter(pk=post.pk).update(held_reason="spam")


def test_a_comment_judged_by_the_site_is_logged_without_an_actor(post):
    comment = make_comment(post)
    comments_judge(Comment.objects.filter(pk=comment.pk), Comment.Status.FLAGGED, by=None)
    entry = ModerationAction.objects.get()
    assert entry.actor is None and (entry.action, entry.reason) == ("hold", "flagged")
