"""Moderating in Django admin: the waiting-for-approval filter and the approve / hold actions."""

import pytest
from django.urls import reverse

from forum.comments.models import Comment
from tests.factories import make_anonymous, make_comment, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    user = make_user("boss", superuser=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "model", ["comments/comment", "posts/post", "anonymous/anonymousidentity", "accounts/user", "watches/watch"]
)
def test_admin_lists_load(admin, post, model):
    make_comment(post, anonymous=make_anonymous())
    app, name = model.split("/")
    assert admin.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200


def test_waiting_for_approval_filter(admin, post):
    waiting = make_comment(post, anonymous=make_anonymous(), body="waiting one", status=Comment.Status.PENDING)
    make_comment(post, body="approved one")
    page = admin.get(reverse("admin:comments_comment_changelist"), {"moderation": "waiting"}).content.decode()
    assert "waiting one" in page and "approved one" not in page
    assert waiting.anonymous.name in page


def test_approve_action_shows_the_comment_and_counts_it(admin, post):
    waiting = make_comment(post, anonymous=make_anonymous(), status=Comment.Status.PENDING)
    response = admin.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "mark_approved", "_selected_action": [waiting.pk]},
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    post.refresh_from_db()
    assert waiting.is_approved and post.comment_count == 1


def test_hold_action_hides_the_comment_and_uncounts_it(admin, post):
    comment = make_comment(post)
    admin.post(
        reverse("admin:comments_comment_changelist"), {"action": "mark_pending", "_selected_action": [comment.pk]}
    )
    comment.refresh_from_db()
    post.refresh_from_db()
    assert comment.is_pending and post.comment_count == 0


def test_editing_a_comment_in_admin_renders_it_again(admin, post):
    comment = make_comment(post, body="old")
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    response = admin.post(url, {"body": "**new**"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body_html == "<p><strong>new</strong></p>"


def test_member_without_staff_cannot_reach_admin(client, member):
    client.force_login(member)
    response = client.get(reverse("admin:comments_comment_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_every_moderation_action_is_logged_with_who_and_what(admin, post):
    from django.contrib.admin.models import LogEntry

    comment = make_comment(post)
    admin.post(reverse("admin:comments_comment_changelist"), {"action": "mark_spam", "_selected_action": [comment.pk]})
    entry = LogEntry.objects.get(object_id=str(comment.pk))
    assert entry.user.username == "boss" and "spam" in entry.get_change_message()


def test_deleting_comments_in_admin_recounts_the_post(admin, post):
    first = make_comment(post)
    make_comment(post)
    assert post.comment_count == 2
    admin.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk], "post": "yes"},
    )
    post.refresh_from_db()
    assert not Comment.objects.filter(pk=first.pk).exists() and post.comment_count == 1


def test_deleting_one_comment_from_its_page_recounts_the_post(admin, post):
    comment = make_comment(post)
    admin.post(reverse("admin:comments_comment_delete", args=[comment.pk]), {"post": "yes"})
    post.refresh_from_db()
    assert post.comment_count == 0 and post.latest_activity_at == post.created_at


def test_a_comment_cannot_be_moved_to_another_post_in_admin(admin, post):
    from tests.factories import make_post

    comment = make_comment(post)
    other = make_post()
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    admin.post(url, {"post": other.pk, "body": "moved?"})
    comment.refresh_from_db()
    assert comment.post == post


def test_banning_in_admin_blocks_and_is_logged(admin):
    from django.contrib.admin.models import LogEntry

    identity = make_anonymous()
    admin.post(
        reverse("admin:anonymous_anonymousidentity_changelist"), {"action": "ban", "_selected_action": [identity.pk]}
    )
    identity.refresh_from_db()
    assert identity.is_banned and LogEntry.objects.filter(object_id=str(identity.pk)).exists()


def test_network_ban_in_admin_blocks_a_new_cookie_on_that_network(admin):
    identity = make_anonymous(address="203.0.113.9")
    admin.post(
        reverse("admin:anonymous_anonymousidentity_changelist"),
        {"action": "ban_network", "_selected_action": [identity.pk]},
    )
    from forum.anonymous.models import NetworkBan

    identity.refresh_from_db()
    ban = NetworkBan.objects.get()
    assert identity.is_banned and ban.digest == identity.network_digest and ban.banned_by.username == "boss"
    admin.post(
        reverse("admin:anonymous_anonymousidentity_changelist"), {"action": "unban", "_selected_action": [identity.pk]}
    )
    identity.refresh_from_db()
    assert not identity.is_banned and not NetworkBan.objects.exists()


def test_a_visitor_without_a_known_network_is_banned_alone(admin):
    from forum.anonymous.models import NetworkBan

    identity = make_anonymous(address="not an address")
    admin.post(
        reverse("admin:anonymous_anonymousidentity_changelist"),
        {"action": "ban_network", "_selected_action": [identity.pk]},
    )
    identity.refresh_from_db()
    assert identity.is_banned and not NetworkBan.objects.exists()
