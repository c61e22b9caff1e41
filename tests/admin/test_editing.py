"""Adding and changing posts and comments in Django admin: rendered once on save, counters and
numbers kept true, bans written through the services and logged."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from forum.anonymous.models import AnonymousIdentity, NetworkBan
from forum.comments.models import Comment
from forum.posts.models import Post
from tests.factories import make_anonymous, make_comment, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    client.force_login(make_user("boss", superuser=True))
    return client


def post_form(author, **changes):
    now = timezone.localtime()
    return {
        "title": "A title",
        "author": author.pk,
        "body": "Some **bold** words",
        "status": Post.Status.PUBLISHED,
        "created_at_0": now.strftime("%Y-%m-%d"),
        "created_at_1": now.strftime("%H:%M:%S"),
        **changes,
    }


def test_adding_a_post_renders_its_body_title_and_excerpt(admin):
    author = make_user()
    response = admin.post(reverse("admin:posts_post_add"), post_form(author, title="  Rent is too high  "))
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.title == "Rent is too high" and post.slug == "rent-is-too-high"
    assert post.body_html == "<p>Some <strong>bold</strong> words</p>" and post.excerpt == "Some bold words"


def test_changing_a_post_renders_it_again_and_keeps_its_counters(admin, post):
    make_comment(post)
    Post.objects.filter(pk=post.pk).update(view_count=7)
    url = reverse("admin:posts_post_change", args=[post.pk])
    response = admin.post(url, post_form(post.author, title=post.title, body="Now *changed*"))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body_html == "<p>Now <em>changed</em></p>"
    assert post.comment_count == 1 and post.view_count == 7


def test_adding_a_comment_renders_it_numbers_it_and_counts_it(admin, post):
    make_comment(post)
    writer = make_user()
    response = admin.post(
        reverse("admin:comments_comment_add"),
        {"post": post.pk, "author": writer.pk, "body": "An *added* comment", "created_at": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    added = Comment.objects.get(author=writer)
    post.refresh_from_db()
    assert added.body_html == "<p>An <em>added</em> comment</p>" and added.number == 2 and post.comment_count == 2


def test_changing_a_comment_renders_it_again_and_keeps_its_number(admin, post):
    make_comment(post)
    comment = make_comment(post, body="old")
    response = admin.post(reverse("admin:comments_comment_change", args=[comment.pk]), {"body": "**new**"})
    assert response.status_code == 302
    comment.refresh_from_db()
    post.refresh_from_db()
    assert comment.body_html == "<p><strong>new</strong></p>" and comment.number == 2 and post.comment_count == 2


def test_the_comment_list_shows_text_not_markup(admin, post):
    make_comment(post, body="<script>alert(1)</script> plain words")
    page = admin.get(reverse("admin:comments_comment_changelist")).content.decode()
    assert "plain words" in page and "<script>alert(1)</script>" not in page


def test_banning_a_visitor_with_their_network_is_one_step_logged_twice(admin):
    visitor = make_anonymous(address="203.0.113.20")
    response = admin.post(
        reverse("admin:anonymous_anonymousidentity_changelist"),
        {"action": "ban_network", "_selected_action": [visitor.pk]},
    )
    assert response.status_code == 302
    visitor.refresh_from_db()
    assert visitor.is_banned and NetworkBan.objects.filter(digest=visitor.network_digest, identity=visitor).exists()
    messages = [entry.get_change_message() for entry in LogEntry.objects.filter(object_id=str(visitor.pk))]
    assert messages == ["Banned with their network."]


def test_banning_only_the_visitor_is_logged(admin):
    visitor = make_anonymous()
    admin.post(
        reverse("admin:anonymous_anonymousidentity_changelist"), {"action": "ban", "_selected_action": [visitor.pk]}
    )
    assert AnonymousIdentity.objects.get(pk=visitor.pk).is_banned and not NetworkBan.objects.exists()
    assert [entry.get_change_message() for entry in LogEntry.objects.all()] == ["Banned."]


def test_lifting_a_ban_lifts_the_network_ban_and_is_logged(admin):
    visitor = make_anonymous(network_banned=True)
    admin.post(
        reverse("admin:anonymous_anonymousidentity_changelist"), {"action": "unban", "_selected_action": [visitor.pk]}
    )
    visitor.refresh_from_db()
    assert not visitor.is_banned and not NetworkBan.objects.exists()
    assert [entry.get_change_message() for entry in LogEntry.objects.all()] == ["Bans lifted."]


def test_banning_twice_logs_once(admin):
    visitor = make_anonymous(banned=True)
    admin.post(
        reverse("admin:anonymous_anonymousidentity_changelist"), {"action": "ban", "_selected_action": [visitor.pk]}
    )
    assert not LogEntry.objects.exists()
