"""Flagging a comment: who may, on which comments, once each; the page that asks why; the
threshold that holds the comment, and the log rows of every step."""

import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import TrustLevel
from forum.comments.models import Comment
from forum.flags.models import Flag
from forum.flags.services import DELETED, NOT_ALLOWED, OWN, WAITING, comment_flag
from forum.moderation.models import ModerationAction
from forum.posts.models import Post
from tests.factories import PASSWORD, make_anonymous, make_comment, make_post, make_user

from .helpers import flag_url, flags_on, log_of, send_flag

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer():
    return make_user("writer")


@pytest.fixture
def comment(post, writer):
    return make_comment(post, author=writer, body="You are all *idiots*.")


def demoted(user):
    user.trust_level = TrustLevel.MODERATED
    user.save(update_fields=["trust_level"])
    return user


def reader(name, writer):
    """Each reader of the matrix: None (logged out) or a member."""
    return {
        "logged_out": None,
        "writer": writer,
        "member": make_user("bystander"),
        "moderated": demoted(make_user("demoted")),
        "new_member": make_user("newcomer", new=True),
        "moderator": make_user("mod", staff=True),
        "admin": make_user("boss", superuser=True),
    }[name]


# (what GET shows, POST's status, whether POST records a flag)
MATRIX = {
    "logged_out": ("login", 302, False),
    "writer": (OWN, 403, False),
    "member": ("form", 302, True),
    "moderated": (NOT_ALLOWED, 403, False),
    "new_member": (NOT_ALLOWED, 403, False),
    "moderator": ("form", 302, True),
    "admin": ("form", 302, True),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_who_may_flag_an_approved_comment(client, comment, writer, who):
    shows, post_status, records = MATRIX[who]
    user = reader(who, writer)
    if user:
        client.force_login(user)
    page = client.get(flag_url(comment))
    if shows == "login":
        assert page.status_code == 302
        assert page["Location"] == f"{reverse('account_login')}?next={flag_url(comment)}"
    else:
        assert page.status_code == 200
        html = page.content.decode()
        assert "You are all <em>idiots</em>." in html  # the comment, quoted
        if shows == "form":
            assert f'action="{flag_url(comment)}"' in html and 'value="personal_attack"' in html
        else:
            assert shows.replace("'", "&#x27;") in html and '<form class="flag-form"' not in html
    response = send_flag(client, comment, "personal_attack")
    assert response.status_code == post_status
    assert Flag.objects.count() == (1 if records else 0)
    if who == "logged_out":
        # Logs in, then back to the flag page, never to a POST-only address.
        assert response["Location"] == f"{reverse('account_login')}?next={flag_url(comment)}"
    elif records:
        assert response["Location"] == comment.get_absolute_url()
        assert flags_on(comment) == [(user.username, "personal_attack", "")]
        assert log_of(comment) == [(user.username, "flag", "personal attack", {}, {}, False)]
    else:
        assert shows.replace("'", "&#x27;") in response.content.decode()
        assert log_of(comment) == []


def test_a_flag_is_kept_with_who_when_and_why(client, comment):
    member = make_user("bystander")
    client.force_login(member)
    before = timezone.now()
    response = send_flag(client, comment, "other", "Posts the same link in every thread")
    assert response.status_code == 302
    flag = Flag.objects.get()
    assert (flag.comment, flag.flagger, flag.reason, flag.note) == (
        comment,
        member,
        "other",
        "Posts the same link in every thread",
    )
    assert before <= flag.created_at <= timezone.now()
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Thank you: the moderators can see your flag."]
    assert log_of(comment) == [("bystander", "flag", "other: Posts the same link in every thread", {}, {}, False)]
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED  # one flag holds nothing


def test_other_needs_a_few_words_and_the_note_only_goes_with_other(client, comment):
    client.force_login(make_user("bystander"))
    response = send_flag(client, comment, "other", " \u200b ")
    assert response.status_code == 400
    assert "Please say in a few words why" in response.content.decode()
    assert Flag.objects.count() == 0
    assert send_flag(client, comment, "spam", "typed, then spam chosen").status_code == 302
    assert flags_on(comment) == [("bystander", "spam", "")]


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Please choose a reason."),
        ({"reason": "delete_everything"}, "Please choose one of the reasons."),
        ({"reason": "other", "note": "bad \x00 byte"}, "invisible control characters"),
        ({"reason": "other", "note": "x" * (Flag.NOTE_MAX + 1)}, "Please keep the reason to 180 characters"),
    ],
)
def test_a_refused_form_comes_back_with_its_text_and_a_message(client, comment, data, message):
    client.force_login(make_user("bystander"))
    response = client.post(flag_url(comment), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Flag.objects.count() == 0 and ModerationAction.objects.count() == 0
    if data.get("note", "").startswith("x"):
        assert data["note"] in response.content.decode()  # the text is kept


def test_one_flag_per_member_per_comment(client, comment):
    member = make_user("bystander")
    client.force_login(member)
    assert send_flag(client, comment, "spam").status_code == 302
    again = send_flag(client, comment, "doxing")
    assert again.status_code == 403
    assert "You flagged this comment already (spam)." in again.content.decode()
    assert "You flagged this comment already" in client.get(flag_url(comment)).content.decode()
    assert flags_on(comment) == [("bystander", "spam", "")]
    assert [row[1] for row in log_of(comment)] == ["flag"]
    # And the database says so too, whatever the code above it does.
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.create(comment=comment, flagger=member, reason="doxing")


def test_the_database_refuses_an_other_without_words_and_unknown_reasons(comment):
    member = make_user("bystander")
    for fields in ({"reason": "other", "note": ""}, {"reason": "because"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Flag.objects.create(comment=comment, flagger=member, **fields)


@pytest.mark.parametrize(
    "status",
    [s for s in Comment.Status if s not in (Comment.Status.APPROVED, Comment.Status.PENDING)],
)
def test_a_held_comment_cannot_be_flagged_again(client, post, status):
    comment = make_comment(post, status=status)
    client.force_login(make_user("bystander"))
    page = client.get(flag_url(comment)).content.decode()
    assert f"This comment is held already ({comment.get_status_display()})" in page
    assert "flag-form" not in page
    assert send_flag(client, comment).status_code == 403
    assert Flag.objects.count() == 0


def test_a_waiting_comment_is_not_found_by_members_and_refused_to_moderators(client, post):
    comment = make_comment(post, anonymous=make_anonymous(), status=Comment.Status.PENDING)
    client.force_login(make_user("bystander"))
    assert client.get(flag_url(comment)).status_code == 404
    assert send_flag(client, comment).status_code == 404
    client.force_login(make_user("mod", staff=True))
    response = send_flag(client, comment)
    assert response.status_code == 403 and WAITING in response.content.decode()
    assert Flag.objects.count() == 0


def test_a_deleted_comment_cannot_be_flagged(client, post):
    comment = make_comment(post)
    Comment.objects.filter(pk=comment.pk).update(deleted_at=timezone.now())
    client.force_login(make_user("bystander"))
    response = send_flag(client, comment)
    assert response.status_code == 403 and DELETED in response.content.decode()
    assert Flag.objects.count() == 0


@pytest.mark.parametrize("post_status", [Post.Status.HELD, Post.Status.REMOVED])
def test_only_comments_the_member_may_see(client, post_status):
    post = make_post(status=post_status)
    comment = make_comment(post)
    client.force_login(make_user("bystander"))
    assert client.get(flag_url(comment)).status_code == 404
    assert send_flag(client, comment).status_code == 404
    assert Flag.objects.count() == 0


def test_the_flag_link_is_the_same_for_every_reader(client, post, comment, writer):
    held = make_comment(post, status=Comment.Status.SPAM)
    link = f'href="{flag_url(comment)}"'
    pages = []
    for user in (None, writer, make_user("bystander"), make_user("mod", staff=True)):
        if user:
            client.force_login(user)
        pages.append(client.get(post.get_absolute_url()).content.decode())
    for page in pages:
        assert page.count(link) == 1
        assert f'href="{flag_url(held)}"' not in page  # held already: nothing to flag


def test_a_logged_out_reader_logs_in_and_comes_back_to_the_flag_page(comment):
    make_user("bystander")
    client = Client()
    login_page = client.get(flag_url(comment))["Location"]
    response = client.post(login_page, {"login": "bystander", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == flag_url(comment)
    assert "flag-form" in client.get(flag_url(comment)).content.decode()


def test_get_never_changes_anything(client, post):
    comments = [make_comment(post) for _ in range(3)]
    for index in range(3):
        client.force_login(make_user(f"flagger{index}"))
        for comment in comments:
            assert client.get(flag_url(comment), {"reason": "spam", "note": "x"}).status_code == 200
    assert Flag.objects.count() == 0 and ModerationAction.objects.count() == 0
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.APPROVED}


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused(client, comment, method):
    client.force_login(make_user("bystander"))
    assert getattr(client, method)(flag_url(comment)).status_code == 405
    assert Flag.objects.count() == 0


def test_csrf_is_required(comment):
    member = make_user("bystander")
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert send_flag(client, comment).status_code == 403
    assert Flag.objects.count() == 0
    page = client.get(flag_url(comment))
    token = page.context["csrf_token"]
    assert send_flag(client, comment, csrfmiddlewaretoken=str(token)).status_code == 302
    assert flags_on(comment) == [("bystander", "spam", "")]


@pytest.mark.parametrize(
    "path",
    [
        "/comment/%00/flag",
        "/comment/1%00/flag",
        "/comment/99999999999999999999999/flag",
        "/comment/9223372036854775808/flag",
        "/comment/abc/flag",
        "/comment/-1/flag",
        "/comment/0/flag",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_odd_ids_are_never_a_server_error(client, comment, path, method):
    client.force_login(make_user("bystander"))
    response = getattr(client, method)(path, {"reason": "spam"})
    assert response.status_code in (400, 404)
    assert Flag.objects.count() == 0


def test_a_flag_the_service_refuses_records_nothing(post, writer):
    comment = make_comment(post, author=writer)
    with pytest.raises(Exception, match="your own comment"):
        comment_flag(comment=comment, member=writer, reason="spam")
    assert Flag.objects.count() == 0 and ModerationAction.objects.count() == 0
