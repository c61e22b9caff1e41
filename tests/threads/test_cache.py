"""Cached pages of comments are never stale: every change to what a thread shows moves its key
on, in the same transaction. Each test reads the page first (so it is cached), changes the
thread the way the site does, and reads again."""

import pytest
from django.urls import reverse

from forum.comments.editing import comment_edit_by
from forum.comments.models import Comment
from forum.comments.services import comment_create_by_member, comments_delete, comments_set_status
from forum.posts.models import Post
from tests.factories import make_anonymous, make_comment, make_user

pytestmark = pytest.mark.django_db


def page(client, post, **query):
    post.refresh_from_db()
    return client.get(post.get_absolute_url(), query).content.decode()


def test_a_second_read_is_served_from_the_cache(client, post):
    make_comment(post, body="Cached words")
    page(client, post)
    Comment.objects.update(body_html="<p>changed behind the site's back</p>")  # no service, no new key
    assert "Cached words" in page(client, post)


def test_a_new_comment_shows_at_once(client, post, member):
    make_comment(post, body="First words")
    assert "First words" in page(client, post)
    comment_create_by_member(post=post, author=member, body="Second words")
    assert "Second words" in page(client, post)


@pytest.mark.parametrize("status", [Comment.Status.SPAM, Comment.Status.PERSONAL_ATTACK])
def test_holding_a_comment_shows_its_reason_at_once(client, post, status):
    comment = make_comment(post, body="Rude words")
    assert "Rude words" in page(client, post)
    comments_set_status(Comment.objects.filter(pk=comment.pk), status)
    shown = page(client, post)
    assert "Rude words" not in shown and f"This comment is held: {Comment.Status(status).label}." in shown


def test_approving_a_waiting_comment_shows_it_to_everyone_at_once(client, post):
    make_comment(post, body="Visible words")
    waiting = make_comment(post, anonymous=make_anonymous(), body="Waiting words", status=Comment.Status.PENDING)
    assert "Waiting words" not in page(client, post)
    comments_set_status(Comment.objects.filter(pk=waiting.pk), Comment.Status.APPROVED)
    assert "Waiting words" in page(client, post)


def test_an_edit_shows_at_once(client, post):
    comment = make_comment(post, body="Old words")
    assert "Old words" in page(client, post)
    comment_edit_by(comment, by=comment.author, body="New words", links_allowed=True)
    shown = page(client, post)
    assert "New words" in shown and "Old words" not in shown


def test_a_deleted_comment_disappears_at_once(client, post):
    comment = make_comment(post, body="Doomed words")
    assert "Doomed words" in page(client, post)
    comments_delete(Comment.objects.filter(pk=comment.pk))
    assert "Doomed words" not in page(client, post)


def test_a_renamed_member_shows_under_the_new_name_at_once(client, post):
    writer = make_user("oldname")
    make_comment(post, author=writer)
    assert "oldname" in page(client, post)
    writer.username = "newname"
    writer.save()
    shown = page(client, post)
    assert "newname" in shown and "oldname" not in shown


def test_a_retitled_post_moves_its_comment_links_to_the_new_slug(client, post):
    make_comment(post)
    page(client, post)
    admin = client
    admin.force_login(make_user("boss", superuser=True))
    form = {"title": "A brand new title", "author": post.author_id, "body": post.body, "status": post.status}
    form.update({"created_at_0": post.created_at.strftime("%Y-%m-%d"), "created_at_1": "12:00:00"})
    assert admin.post(reverse("admin:posts_post_change", args=[post.pk]), form).status_code == 302
    admin.logout()
    assert "/a-brand-new-title?page=1&amp;quote=" in page(client, post)


def test_staff_and_readers_get_their_own_copy(client, post, moderator):
    comment = make_comment(post, body="Held words")
    comments_set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.SPAM)
    assert "Held words" not in page(client, post)
    client.force_login(moderator)
    assert "Held words" in page(client, post)
    client.logout()
    assert "Held words" not in page(client, post)


def test_each_timezone_gets_its_own_copy(client, post):
    make_comment(post)
    client.cookies["tz"] = "Asia/Tokyo"
    tokyo = page(client, post)
    client.cookies["tz"] = "America/New_York"
    new_york = page(client, post)
    assert tokyo.count("<time") == new_york.count("<time") and tokyo != new_york


def test_the_view_count_is_not_cached(client, post):
    Post.objects.filter(pk=post.pk).update(view_count=41)
    assert "42 views" in page(client, post)
    assert "43 views" in page(client, post)
