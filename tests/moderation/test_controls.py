"""A moderator's approve and hold controls beside each comment on the post page, and the POST
endpoints behind them: moderators only, CSRF, the state and the log row after each."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from forum.comments.models import Comment
from forum.core.pagecache import Slots
from forum.moderation.forms import HELD_REASONS
from forum.moderation.models import ModerationAction
from tests.factories import PASSWORD, make_anonymous, make_comment

from .cast import JUDGES_COMMENTS, ROLES, as_role, make_role

pytestmark = pytest.mark.django_db


def approve_url(comment):
    return reverse("moderation:comment-approve", args=[comment.pk])


def hold_url(comment):
    return reverse("moderation:comment-hold", args=[comment.pk])


# The controls on the page


@pytest.mark.parametrize("role", ROLES)
def test_the_controls_are_on_the_page_for_moderators_only(client, post, role):
    approved = make_comment(post, body="an approved comment")
    held = make_comment(post, body="a held comment", status=Comment.Status.SPAM)
    waiting = make_comment(post, anonymous=make_anonymous(), body="a waiting one", status=Comment.Status.PENDING)
    as_role(client, role)
    page = client.get(post.get_absolute_url()).content.decode()
    judges = role in JUDGES_COMMENTS
    assert (f'action="{hold_url(approved)}"' in page) == judges
    assert (f'action="{approve_url(held)}"' in page) == judges
    assert (f'action="{approve_url(waiting)}"' in page) == judges
    assert f'action="{approve_url(approved)}"' not in page  # approved already: only hold is offered
    assert Slots.CSRF_TOKEN not in page and "<!--controls" not in page


def test_the_controls_offer_every_reason(client, post):
    make_comment(post)
    as_role(client, "moderator")
    page = client.get(post.get_absolute_url()).content.decode()
    for value, label in HELD_REASONS:
        assert f'<option value="{value}">{label}</option>' in page


def test_a_deleted_comment_has_no_controls(client, post):
    comment = make_comment(post)
    Comment.objects.filter(pk=comment.pk).update(deleted_at=comment.created_at)
    Comment.objects.filter(pk=comment.pk).update(body="", body_html="")
    post.__class__.objects.filter(pk=post.pk).mark_threads_changed()
    as_role(client, "moderator")
    assert hold_url(comment) not in client.get(post.get_absolute_url()).content.decode()


def test_a_moderator_uses_the_form_from_the_page_with_csrf_enforced(post):
    comment = make_comment(post, body="words to judge")
    moderator = make_role("moderator")
    browser = Client(enforce_csrf_checks=True)
    assert browser.login(username=moderator.username, password=PASSWORD)
    page = browser.get(post.get_absolute_url()).content.decode()
    form = re.search(
        rf'action="{hold_url(comment)}"><input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"', page
    )
    assert browser.post(hold_url(comment), {"reason": "spam"}).status_code == 403  # no token: refused
    comment.refresh_from_db()
    assert comment.is_approved and not ModerationAction.objects.exists()
    response = browser.post(hold_url(comment), {"reason": "spam", "csrfmiddlewaretoken": form[1]})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM


# The endpoints, for every role


@pytest.mark.parametrize("role", ROLES)
def test_approve_for_every_role(client, post, role):
    comment = make_comment(post, status=Comment.Status.PERSONAL_ATTACK)
    actor = as_role(client, role)
    response = client.post(approve_url(comment))
    comment.refresh_from_db()
    post.refresh_from_db()
    if role in JUDGES_COMMENTS:
        assert response.status_code == 302 and response["Location"] == comment.get_absolute_url()
        assert comment.is_approved
        entry = ModerationAction.objects.get()
        assert (entry.actor, entry.action, entry.target_kind, entry.target_id) == (
            actor,
            "approve",
            "comment",
            comment.pk,
        )
        assert entry.before == {"status": "personal_attack"} and entry.after == {"status": "approved"}
    else:
        assert response.status_code == 403
        assert comment.status == Comment.Status.PERSONAL_ATTACK and not ModerationAction.objects.exists()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("reason", ["flagged", "spam", "personal_attack", "anti_forum", "doxing"])
def test_hold_for_every_role_and_reason(client, post, role, reason):
    comment = make_comment(post)
    actor = as_role(client, role)
    response = client.post(hold_url(comment), {"reason": reason})
    comment.refresh_from_db()
    post.refresh_from_db()
    if role in JUDGES_COMMENTS:
        assert response.status_code == 302 and comment.status == reason
        assert post.comment_count == 1  # a held comment keeps its place and number
        entry = ModerationAction.objects.get()
        assert (entry.actor, entry.action, entry.reason) == (actor, "spam" if reason == "spam" else "hold", reason)
        assert entry.before == {"status": "approved"} and entry.after == {"status": reason}
    else:
        assert response.status_code == 403
        assert comment.is_approved and not ModerationAction.objects.exists()


def test_after_a_hold_every_reader_sees_the_reason(client, post):
    comment = make_comment(post, body="the words in question")
    assert "the words in question" in Client().get(post.get_absolute_url()).content.decode()  # now cached
    as_role(client, "moderator")
    client.post(hold_url(comment), {"reason": "doxing"})
    page = Client().get(post.get_absolute_url()).content.decode()
    assert "the words in question" not in page and "This comment is held: doxing." in page


@pytest.mark.parametrize("url", [approve_url, hold_url])
def test_get_is_refused(client, post, url):
    comment = make_comment(post, status=Comment.Status.SPAM)
    as_role(client, "moderator")
    assert client.get(url(comment)).status_code == 405
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM


@pytest.mark.parametrize("reason", ["", "approved", "pending", "nonsense", "spam\x00", "x" * 10_000])
def test_an_odd_reason_changes_nothing_and_says_why(client, post, reason):
    comment = make_comment(post)
    as_role(client, "moderator")
    response = client.post(hold_url(comment), {"reason": reason}, follow=True)
    assert response.status_code == 200 and "choose what to hold the comment for" in response.content.decode()
    comment.refresh_from_db()
    assert comment.is_approved and not ModerationAction.objects.exists()


def test_no_reason_at_all_changes_nothing(client, post):
    comment = make_comment(post)
    as_role(client, "moderator")
    assert client.post(hold_url(comment)).status_code == 302
    comment.refresh_from_db()
    assert comment.is_approved


@pytest.mark.parametrize("path", ["/comment/999999/approve", "/comment/99999999999999999999/hold"])
def test_a_missing_comment_is_not_found(client, path):
    as_role(client, "moderator")
    assert client.post(path, {"reason": "spam"}).status_code == 404


def test_a_deleted_comment_is_not_judged(client, post):
    comment = make_comment(post)
    Comment.objects.filter(pk=comment.pk).update(deleted_at=comment.created_at)
    as_role(client, "moderator")
    assert client.post(hold_url(comment), {"reason": "spam"}).status_code == 404
    assert not ModerationAction.objects.exists()


def test_a_non_moderator_learns_nothing_of_missing_comments(client):
    as_role(client, "normal")
    assert client.post("/comment/999999/approve").status_code == 403


def test_judging_twice_logs_once(client, post):
    comment = make_comment(post)
    as_role(client, "moderator")
    client.post(hold_url(comment), {"reason": "spam"})
    response = client.post(hold_url(comment), {"reason": "spam"}, follow=True)
    assert "held already" in response.content.decode()
    assert ModerationAction.objects.count() == 1


@pytest.mark.parametrize(
    "next_url, expected",
    [("/post/1/x?page=2", "/post/1/x?page=2"), ("https://evil.example/", None), ("//evil.example", None)],
)
def test_back_to_the_page_or_the_comment_never_elsewhere(client, post, next_url, expected):
    comment = make_comment(post, status=Comment.Status.SPAM)
    as_role(client, "moderator")
    response = client.post(approve_url(comment), {"next": next_url})
    assert response["Location"] == (expected or comment.get_absolute_url())


def test_approving_a_waiting_comment_numbers_it(client, post):
    make_comment(post)
    waiting = make_comment(post, anonymous=make_anonymous(), status=Comment.Status.PENDING)
    as_role(client, "admin")
    client.post(approve_url(waiting))
    waiting.refresh_from_db()
    post.refresh_from_db()
    assert waiting.number == 2 and post.comment_count == 2
