"""Editing and deleting a comment: its writer (member, or the anonymous visitor of the same
browser) within COMMENT_EDIT_WINDOW, moderators at any time, nobody else; the text before kept in
CommentEdit; a deleted comment a placeholder that keeps its number, its place and `?c=` links."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.anonymous.models import AnonymousIdentity
from forum.anonymous.visitor import COOKIE_NAME
from forum.comments.editing import comment_delete_by, comment_edit_by
from forum.comments.models import PER_PAGE, Comment, CommentEdit
from forum.posts.models import Post
from tests.factories import make_anonymous, make_comment, make_post, make_thread, make_user

pytestmark = pytest.mark.django_db

WRITER_TOKEN = "w" * 22
OTHER_TOKEN = "o" * 22
TEXT = "What I first wrote."


@pytest.fixture
def writer():
    return make_user("writer")


def comment_by(post, kind, writer, **fields):
    if kind == "member":
        return make_comment(post, author=writer, body=TEXT, **fields)
    return make_comment(post, anonymous=make_anonymous(WRITER_TOKEN), body=TEXT, **fields)


def as_reader(client, reader, kind, writer):
    """The test client as: the comment's writer, another visitor, another member or staff."""
    if reader == "writer":
        if kind == "member":
            client.force_login(writer)
        else:
            client.cookies[COOKIE_NAME] = WRITER_TOKEN
    elif reader == "visitor":
        client.cookies[COOKIE_NAME] = OTHER_TOKEN
    elif reader == "member":
        client.force_login(make_user("bystander"))
    elif reader == "moderator":
        client.force_login(make_user("mod", staff=True))
    return client


def edit_url(comment):
    return reverse("comments:edit", args=[comment.pk])


def delete_url(comment):
    return reverse("comments:delete", args=[comment.pk])


READERS = ["writer", "visitor", "member", "moderator"]
MAY = {"writer", "moderator"}


@pytest.fixture(params=["member", "anonymous"])
def kind(request):
    return request.param


# Who may, for each writer kind x reader


@pytest.mark.parametrize("reader", READERS)
def test_who_may_open_the_edit_and_delete_pages(client, post, writer, kind, reader):
    comment = comment_by(post, kind, writer)
    client = as_reader(client, reader, kind, writer)
    for url in (edit_url(comment), delete_url(comment)):
        response = client.get(url)
        if reader in MAY:
            assert response.status_code == 200 and TEXT in response.content.decode()
        elif reader == "visitor" and kind == "member":
            assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
        else:
            assert response.status_code == 404 and TEXT not in response.content.decode()


@pytest.mark.parametrize("reader", READERS)
def test_who_may_edit(client, post, writer, kind, reader):
    comment = comment_by(post, kind, writer)
    version = Post.objects.get(pk=post.pk).thread_version
    response = as_reader(client, reader, kind, writer).post(edit_url(comment), {"body": "Now *better*."})
    comment.refresh_from_db()
    if reader in MAY:
        assert response.status_code == 302 and response["Location"] == comment.get_absolute_url()
        assert comment.body == "Now *better*." and comment.body_html == "<p>Now <em>better</em>.</p>"
        assert comment.edited_at is not None
        edit = CommentEdit.objects.get()
        assert edit.body == TEXT and edit.action == CommentEdit.Action.EDITED
        if reader == "moderator":
            assert edit.edited_by.username == "mod"
        elif kind == "member":
            assert edit.edited_by == writer and edit.edited_by_anonymous is None
        else:
            assert edit.edited_by is None and edit.edited_by_anonymous == comment.anonymous
        assert Post.objects.get(pk=post.pk).thread_version > version
    else:
        assert response.status_code in (302, 404)
        assert comment.body == TEXT and comment.edited_at is None and not CommentEdit.objects.exists()


@pytest.mark.parametrize("reader", READERS)
def test_who_may_delete(client, post, writer, kind, reader):
    comment = comment_by(post, kind, writer)
    before = Post.objects.get(pk=post.pk)
    response = as_reader(client, reader, kind, writer).post(delete_url(comment))
    comment.refresh_from_db()
    after = Post.objects.get(pk=post.pk)
    if reader in MAY:
        assert response.status_code == 302 and response["Location"] == comment.get_absolute_url()
        assert comment.is_deleted and comment.body == "" and comment.body_html == ""
        assert comment.number == 1  # its place stays
        edit = CommentEdit.objects.get()
        assert edit.action == CommentEdit.Action.DELETED and edit.body == TEXT
        assert after.thread_version > before.thread_version
        assert after.comment_count == before.comment_count == 1  # a placeholder still counts
        assert after.latest_activity_at == before.latest_activity_at
    else:
        assert response.status_code in (302, 404)
        assert not comment.is_deleted and comment.body == TEXT and not CommentEdit.objects.exists()


def test_the_delete_page_asks_first_and_a_get_deletes_nothing(login, post, writer):
    comment = comment_by(post, "member", writer)
    page = login(writer).get(delete_url(comment)).content.decode()
    assert "Delete it" in page and f'action="{delete_url(comment)}"' in page
    comment.refresh_from_db()
    assert not comment.is_deleted


def test_only_get_and_post_are_answered(login, post, writer):
    comment = comment_by(post, "member", writer)
    assert login(writer).put(delete_url(comment)).status_code == 405


def test_a_missing_or_odd_comment_id_is_a_404(client, login, writer):
    client = login(writer)
    assert client.get("/comment/999999/edit").status_code == 404
    assert client.post("/comment/999999/delete").status_code == 404
    assert client.get("/comment/99999999999999999999/edit").status_code == 404


def test_a_logged_in_member_cannot_edit_what_they_wrote_anonymously(client, post, writer):
    comment = comment_by(post, "anonymous", writer)
    client.cookies[COOKIE_NAME] = WRITER_TOKEN
    client.force_login(writer)  # the same browser, now logged in: a member's edits are by member
    assert client.post(edit_url(comment), {"body": "Mine?"}).status_code == 404


def test_a_banned_anonymous_writer_can_no_longer_edit(client, post, writer):
    comment = comment_by(post, "anonymous", writer)
    AnonymousIdentity.objects.filter(pk=comment.anonymous_id).update(is_banned=True)
    client.cookies[COOKIE_NAME] = WRITER_TOKEN
    assert client.post(edit_url(comment), {"body": "Spam now"}).status_code == 403
    assert client.post(delete_url(comment)).status_code == 403
    comment.refresh_from_db()
    assert comment.body == TEXT and not comment.is_deleted


# The window


def test_the_writer_may_edit_within_the_window_and_not_after(client, post, writer, kind):
    comment = comment_by(post, kind, writer, created_at=timezone.now() - timedelta(days=6, hours=23))
    client = as_reader(client, "writer", kind, writer)
    assert client.post(edit_url(comment), {"body": "Still mine to fix"}).status_code == 302
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(days=7, minutes=1))
    assert client.post(edit_url(comment), {"body": "Too late"}).status_code == 404
    assert client.post(delete_url(comment)).status_code == 404
    comment.refresh_from_db()
    assert comment.body == "Still mine to fix" and not comment.is_deleted


def test_moderators_may_edit_after_the_window(client, post, writer):
    comment = comment_by(post, "member", writer, created_at=timezone.now() - timedelta(days=400))
    client = as_reader(client, "moderator", "member", writer)
    assert client.post(edit_url(comment), {"body": "Moderated"}).status_code == 302


def test_the_window_is_a_setting(settings, client, post, writer):
    settings.COMMENT_EDIT_WINDOW = timedelta(minutes=5)
    comment = comment_by(post, "member", writer, created_at=timezone.now() - timedelta(minutes=6))
    client.force_login(writer)
    assert client.post(edit_url(comment), {"body": "Late"}).status_code == 404
    settings.COMMENT_EDIT_WINDOW = 3600  # seconds work too
    assert client.post(edit_url(comment), {"body": "In time"}).status_code == 302


def test_the_predicate_and_the_lookup_agree(post, writer):
    anonymous = make_anonymous(WRITER_TOKEN)
    now = timezone.now()
    comments = [
        make_comment(post, author=writer, created_at=now - timedelta(days=1)),
        make_comment(post, author=writer, created_at=now - timedelta(days=8)),
        make_comment(post, anonymous=anonymous, created_at=now - timedelta(days=1)),
        make_comment(post, author=make_user()),
    ]
    comment_delete_by(make_comment(post, author=writer), by=writer)
    held_since = make_post(status=Post.Status.HELD)  # a thread its writers may no longer open
    make_comment(held_since, author=writer, created_at=now - timedelta(days=1))
    make_comment(held_since, anonymous=anonymous, created_at=now - timedelta(days=1))
    from django.contrib.auth.models import AnonymousUser

    for user, digest in [(writer, None), (AnonymousUser(), anonymous.digest), (AnonymousUser(), None)]:
        lookup = set(Comment.objects.editable_by(user, visitor_digest=digest, now=now).values_list("pk", flat=True))
        each = {c.pk for c in Comment.objects.for_display() if c.can_be_edited_by(user, visitor_digest=digest, now=now)}
        assert lookup == each
    assert {c.pk for c in comments[:1]} == set(
        Comment.objects.editable_by(writer, now=now).values_list("pk", flat=True)
    )


# Refusals


def test_a_refused_edit_says_why_and_keeps_the_text(login, post, writer):
    comment = comment_by(post, "member", writer)
    response = login(writer).post(edit_url(comment), {"body": "bad \x00 byte, kept words"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "control characters" in page and "kept words" in page
    comment.refresh_from_db()
    assert comment.body == TEXT


def test_an_empty_edit_is_refused_not_a_deletion(login, post, writer):
    comment = comment_by(post, "member", writer)
    response = login(writer).post(edit_url(comment), {"body": "\u200b  "})
    assert response.status_code == 400 and "Please write something" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == TEXT and not comment.is_deleted


def test_an_anonymous_edit_cannot_add_a_link_that_would_have_waited(client, post, writer):
    comment = comment_by(post, "anonymous", writer)
    client.cookies[COOKIE_NAME] = WRITER_TOKEN
    response = client.post(edit_url(comment), {"body": "Buy now at https://spam.example/pills"})
    assert response.status_code == 400 and "wait for a moderator" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == TEXT and comment.is_approved


def test_a_new_member_cannot_add_a_link_either_but_an_established_one_can(client, post):
    newcomer = make_user("newcomer", new=True)
    comment = make_comment(post, author=newcomer, body="Plain words")
    client.force_login(newcomer)
    assert client.post(edit_url(comment), {"body": "See https://spam.example"}).status_code == 400
    regular = make_user("regular")
    theirs = make_comment(post, author=regular, body="Plain words")
    client.force_login(regular)
    assert client.post(edit_url(theirs), {"body": "See https://news.example"}).status_code == 302


def test_an_anonymous_writer_may_keep_a_link_that_was_already_there(client, post, writer):
    comment = make_comment(post, anonymous=make_anonymous(WRITER_TOKEN), body="See https://news.example/a")
    client.cookies[COOKIE_NAME] = WRITER_TOKEN
    response = client.post(edit_url(comment), {"body": "See https://news.example/a, it says so."})
    assert response.status_code == 302


def test_an_approved_link_cannot_be_swapped_for_another_on_the_same_site(client, post, writer):
    comment = make_comment(post, anonymous=make_anonymous(WRITER_TOKEN), body="See https://bit.ly/good-article")
    client.cookies[COOKIE_NAME] = WRITER_TOKEN
    for swapped in ["See https://bit.ly/malware-now", "See ![](https://bit.ly/good-article.png)"]:
        response = client.post(edit_url(comment), {"body": swapped})
        assert response.status_code == 400 and "wait for a moderator" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "See https://bit.ly/good-article"


def test_a_deleted_comment_cannot_be_edited_or_deleted_again(login, post, writer):
    comment = comment_by(post, "member", writer)
    comment_delete_by(comment, by=writer)
    moderator = make_user("mod", staff=True)
    client = login(moderator)
    assert client.get(edit_url(comment)).status_code == 404
    assert client.post(delete_url(comment)).status_code == 404
    assert comment_delete_by(comment, by=moderator) is None
    assert CommentEdit.objects.count() == 1


def test_an_unchanged_edit_writes_no_history(post, writer):
    comment = comment_by(post, "member", writer)
    assert comment_edit_by(comment, by=writer, body=TEXT, links_allowed=True) is None
    assert not CommentEdit.objects.exists()


# The placeholder in the thread


def test_a_deleted_comment_keeps_its_number_and_its_c_link(client, post, writer):
    comments = make_thread(post, PER_PAGE + 5, author=writer)
    target = comments[PER_PAGE + 1]  # number 42, on page 2
    target.refresh_from_db()
    assert target.number == PER_PAGE + 2
    comment_delete_by(target, by=writer)
    target.refresh_from_db()
    post.refresh_from_db()
    assert target.number == PER_PAGE + 2 and post.comment_count == PER_PAGE + 5
    later = Comment.objects.get(pk=comments[-1].pk)
    assert later.number == PER_PAGE + 5  # the numbers after it did not move
    response = client.get(f"/post/{post.pk}?c={target.pk}")
    assert response.status_code == 302 and response["Location"].endswith(f"?page=2#comment-{target.pk}")
    response = client.get(reverse("threads:comment", args=[target.pk]))
    assert response.status_code == 302 and response["Location"].endswith(f"?page=2#comment-{target.pk}")


def test_the_thread_page_no_longer_shows_a_deleted_comments_text(client, post, writer):
    comment = comment_by(post, "member", writer)
    assert TEXT in client.get(post.get_absolute_url()).content.decode()  # cached for everyone now
    client.force_login(writer)
    client.post(delete_url(comment))
    for reader in (None, make_user("mod", staff=True)):
        client.logout()
        if reader:
            client.force_login(reader)
        page = client.get(post.get_absolute_url()).content.decode()
        assert TEXT not in page and f'id="comment-{comment.pk}"' in page


def test_a_deleted_comment_cannot_be_quoted(client, post, writer):
    comment = comment_by(post, "member", writer)
    comment_delete_by(comment, by=writer)
    assert client.post(reverse("threads:comment-quote", args=[comment.pk])).status_code == 404
    client.force_login(make_user("mod", staff=True))
    assert client.post(reverse("threads:comment-quote", args=[comment.pk])).status_code == 404


def test_a_comment_deleted_while_waiting_leaves_the_thread(client, post):
    anonymous = make_anonymous(WRITER_TOKEN)
    comment = make_comment(post, anonymous=anonymous, body="See https://x.example", status=Comment.Status.PENDING)
    client.cookies[COOKIE_NAME] = WRITER_TOKEN
    assert "https://x.example" in client.get(post.get_absolute_url()).content.decode()
    assert client.post(delete_url(comment)).status_code == 302
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'id="comment-{comment.pk}"' not in page and "waiting for approval" not in page
    assert Comment.objects.filter(pk=comment.pk, deleted_at__isnull=False).exists()


def test_an_edit_shows_on_the_cached_thread_page_at_once(client, post, writer):
    comment = comment_by(post, "member", writer)
    assert TEXT in client.get(post.get_absolute_url()).content.decode()
    client.force_login(writer)
    client.post(edit_url(comment), {"body": "Fresh words"})
    client.logout()
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Fresh words" in page and TEXT not in page


# The admin


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("root", superuser=True))
    return client


def test_staff_see_the_history_and_the_deleted_text_in_the_admin(admin_client, post, writer):
    comment = comment_by(post, "member", writer)
    comment_edit_by(comment, by=writer, body="Second words", links_allowed=True)
    comment_delete_by(comment, by=writer)
    page = admin_client.get(reverse("admin:comments_comment_change", args=[comment.pk])).content.decode()
    assert "edit history" in page.lower() and TEXT in page and "Second words" in page and "deleted" in page


def test_an_edit_in_the_admin_is_history_too(admin_client, post, writer):
    comment = comment_by(post, "member", writer)
    response = admin_client.post(
        reverse("admin:comments_comment_change", args=[comment.pk]),
        {"body": "Admin words"},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    edit = CommentEdit.objects.get()
    assert comment.body == "Admin words" and edit.body == TEXT and edit.edited_by.username == "root"


def test_the_admin_action_deletes_leaving_placeholders(admin_client, post, writer):
    comments = [comment_by(post, "member", writer) for _ in range(2)]
    response = admin_client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "delete_leaving_placeholder", "_selected_action": [c.pk for c in comments]},
    )
    assert response.status_code == 302
    assert Comment.objects.filter(deleted_at__isnull=False, number__isnull=False).count() == 2
    assert CommentEdit.objects.filter(action=CommentEdit.Action.DELETED, edited_by__username="root").count() == 2


def test_edits_of_one_comment_need_a_pause_between_them(login, post, writer):
    comment = comment_by(post, "member", writer)
    client = login(writer)
    assert client.post(edit_url(comment), {"body": "First change"}).status_code == 302
    response = client.post(edit_url(comment), {"body": "Second change, kept"})
    assert response.status_code == 400 and "a moment ago" in response.content.decode()
    assert "Second change, kept" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "First change" and comment.edits.count() == 1
    moderator = make_user("mod", staff=True)
    assert login(moderator).post(edit_url(comment), {"body": "A moderator's change"}).status_code == 302


def test_a_comment_is_edited_at_most_so_often(login, post, writer):
    from forum.comments.editing import EDITS_MAX
    from forum.comments.models import CommentEdit

    comment = comment_by(post, "member", writer)
    old = timezone.now() - timedelta(hours=1)
    CommentEdit.objects.bulk_create(
        [CommentEdit(comment=comment, edited_by=writer, edited_at=old, body="before") for _ in range(EDITS_MAX)]
    )
    response = login(writer).post(edit_url(comment), {"body": "One more"})
    assert response.status_code == 400 and "as often as a comment may be" in response.content.decode()
