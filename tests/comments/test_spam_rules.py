"""The spam rules (forum/comments/spam.py) across the cast: anonymous, moderated, normal and
moderator writers. A held comment is saved waiting for approval (nothing the writer wrote is
lost), and each hold is in the moderation log with its reason."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import TrustLevel
from forum.anonymous.models import AnonymousIdentity
from forum.comments import spam
from forum.comments.models import Comment
from forum.comments.services import CommentRefused, comment_create_anonymous, comment_create_by_member
from forum.markup import render_markdown
from forum.moderation.models import ModerationAction
from forum.posts.models import Post
from forum.posts.services import PostRefused, post_create, post_edit
from tests.factories import make_post, make_user, make_visitor

pytestmark = pytest.mark.django_db

LINK = "A source: [the report](https://news.example/report)."
SIX_LINKS = " ".join(f"[{n}](https://shop{n}.example/buy)" for n in range(6))
FIVE_LINKS = " ".join(f"[{n}](https://shop{n}.example/buy)" for n in range(5))
PASTED = "Cheap watches and handbags, the best prices anywhere on the web, today only."


def writer(role):
    """A writer of each kind; `write(post, body)` sends a comment as them."""
    if role == "anonymous":
        visitor = make_visitor()
        return lambda post, body: comment_create_anonymous(post=post, visitor=visitor, body=body)
    member = make_user(staff=role == "moderator")
    if role == "moderated":
        get_user_model().objects.filter(pk=member.pk).update(trust_level=TrustLevel.MODERATED)
        member.refresh_from_db()
    if role == "new":  # trusted as normal (NEW_MEMBER_TRUST_LEVEL), but not yet established
        member = make_user(new=True)
        get_user_model().objects.filter(pk=member.pk).update(trust_level=TrustLevel.NORMAL)
        member.refresh_from_db()
    return lambda post, body: comment_create_by_member(post=post, author=member, body=body)


def held_as(comment):
    """The comment's state as stored, and the reasons of its hold rows in the log."""
    stored = Comment.objects.get(pk=comment.pk)
    log = ModerationAction.objects.filter(target_kind="comment", target_id=comment.pk)
    assert all(row.action == "hold" and row.actor is None for row in log)
    return stored.status, stored.number, [row.reason for row in log]


def backdate_all(minutes=1):
    """Past the two-second interval between one writer's comments."""
    Comment.objects.update(created_at=F("created_at") - timedelta(minutes=minutes))


# Links from anonymous, moderated and new writers wait.

LINKS_REASON = "links from an anonymous, moderated or new writer"


@pytest.mark.parametrize("role", ["anonymous", "moderated", "new"])
def test_a_link_from_an_untrusted_writer_waits_with_its_reason_logged(post, role):
    comment = writer(role)(post, LINK)
    post.refresh_from_db()
    assert held_as(comment) == (Comment.Status.PENDING, None, [LINKS_REASON])
    assert post.comment_count == 0 and comment.hold.why == "it links to another site"


@pytest.mark.parametrize("role", ["normal", "moderator"])
def test_a_link_from_a_trusted_writer_goes_up(post, role):
    comment = writer(role)(post, LINK)
    assert held_as(comment) == (Comment.Status.APPROVED, 1, []) and comment.hold is None


# Many links wait, from anyone below moderator.


@pytest.mark.parametrize("role", ["anonymous", "moderated", "new", "normal"])
def test_more_than_the_most_links_waits_for_anyone_below_moderator(post, role):
    comment = writer(role)(post, SIX_LINKS)
    assert held_as(comment) == (Comment.Status.PENDING, None, ["many links (6, more than 5)"])
    assert comment.hold.why == "it has many links"


def test_a_moderators_many_links_go_up(post):
    assert held_as(writer("moderator")(post, SIX_LINKS)) == (Comment.Status.APPROVED, 1, [])


def test_the_most_links_and_one_address_repeated_go_up_for_a_normal_member(post):
    write = writer("normal")
    first = write(post, FIVE_LINKS)
    backdate_all()
    second = write(post, " ".join(["[again](https://news.example/report)"] * 9))
    assert held_as(first)[0] == held_as(second)[0] == Comment.Status.APPROVED


def test_pictures_from_other_hosts_are_not_links(post):
    pictures = " ".join(f"![{n}](https://img{n}.example/{n}.jpg)" for n in range(8))
    assert held_as(writer("normal")(post, pictures))[0] == Comment.Status.APPROVED


def test_the_most_links_is_a_setting(post, settings):
    settings.SPAM_MAX_LINKS = 1
    two = "[a](https://a.example/) and [b](https://b.example/)"
    assert held_as(writer("normal")(post, two)) == (Comment.Status.PENDING, None, ["many links (2, more than 1)"])


# The same text in several threads waits.

REPEAT_REASON = "same text in another thread"


@pytest.mark.parametrize("role", ["anonymous", "moderated", "new", "normal"])
def test_the_same_text_in_another_thread_within_a_day_waits(post, role):
    write = writer(role)
    first = write(make_post(), PASTED)
    backdate_all(minutes=60 * 23)
    again = write(post, "  " + PASTED.upper().replace(" ", " \n\t ") + "\n")
    assert held_as(again) == (Comment.Status.PENDING, None, [REPEAT_REASON])
    assert again.hold.why == "you wrote the same in another thread today"
    if role in ("anonymous", "new", "normal"):
        assert held_as(first) == (Comment.Status.APPROVED, 1, [])


def test_a_moderator_may_post_the_same_notice_in_several_threads(post):
    write = writer("moderator")
    write(make_post(), PASTED)
    backdate_all()
    assert held_as(write(post, PASTED)) == (Comment.Status.APPROVED, 1, [])


def test_the_same_text_a_day_later_goes_up(post):
    write = writer("normal")
    write(make_post(), PASTED)
    backdate_all(minutes=60 * 24 + 1)
    assert held_as(write(post, PASTED))[0] == Comment.Status.APPROVED


def test_a_short_reply_in_several_threads_goes_up(post):
    write = writer("normal")
    write(make_post(), "Thanks, great post!")
    backdate_all()
    assert held_as(write(post, "thanks, great post!"))[0] == Comment.Status.APPROVED


def test_another_writers_same_text_goes_up(post):
    writer("normal")(make_post(), PASTED)
    backdate_all()
    assert held_as(writer("normal")(post, PASTED))[0] == Comment.Status.APPROVED
    backdate_all()
    assert held_as(writer("anonymous")(make_post(), PASTED))[0] == Comment.Status.APPROVED


def test_different_text_in_another_thread_goes_up(post):
    write = writer("normal")
    write(make_post(), PASTED)
    backdate_all()
    assert held_as(write(post, PASTED + " And more."))[0] == Comment.Status.APPROVED


def test_the_same_text_again_later_in_the_same_thread_is_not_cross_posting(post):
    write = writer("normal")
    write(post, PASTED)
    backdate_all()
    write(post, "Something else in between, long enough to count.")
    backdate_all()
    assert held_as(write(post, PASTED))[0] == Comment.Status.APPROVED


def test_the_same_text_in_the_same_thread_is_still_refused(post):
    write = writer("normal")
    write(post, PASTED)
    backdate_all()
    with pytest.raises(CommentRefused, match="already said"):
        write(post, PASTED)
    assert not ModerationAction.objects.exists()


# The rules keep what the writer wrote, and the log row is in the comment's transaction.


def test_a_held_anonymous_comment_is_seen_by_its_writer_only(client, post):
    response = client.post(reverse("threads:comment-create", args=[post.pk]), {"body": SIX_LINKS}, follow=True)
    comment = Comment.objects.get()
    assert response.status_code == 200 and comment.is_pending and "waits for a moderator" in response.content.decode()
    assert "shop5.example" in response.content.decode()
    client.cookies.clear()
    assert "shop5.example" not in client.get(post.get_absolute_url()).content.decode()


def test_a_failure_after_the_hold_leaves_no_log_row(post):
    with mock.patch.object(AnonymousIdentity.objects, "filter", side_effect=RuntimeError("database went away")):
        with pytest.raises(RuntimeError):
            comment_create_anonymous(post=post, body=LINK, visitor=make_visitor())
    assert not Comment.objects.exists() and not ModerationAction.objects.exists()


# Posts: the link rules of comments.


def post_as(role):
    member = make_user(staff=role == "moderator")
    if role == "moderated":
        get_user_model().objects.filter(pk=member.pk).update(trust_level=TrustLevel.MODERATED)
        member.refresh_from_db()
    return member


def post_holds(post):
    log = ModerationAction.objects.filter(target_kind="post", target_id=post.pk)
    assert all(row.action == "hold" and row.actor is None for row in log)
    return Post.objects.get(pk=post.pk).status, [row.reason for row in log]


@pytest.fixture
def no_posting_gate(settings):
    settings.POST_MIN_APPROVED_COMMENTS = 0


def test_a_moderated_members_post_with_a_link_is_held_and_logged(no_posting_gate):
    post = post_create(author=post_as("moderated"), title="A link", body=LINK)
    assert post_holds(post) == (Post.Status.HELD, [LINKS_REASON]) and post.hold.why


def test_a_moderated_members_post_without_links_goes_up(no_posting_gate):
    post = post_create(author=post_as("moderated"), title="No link", body="Plain words about housing.")
    assert post_holds(post) == (Post.Status.PUBLISHED, []) and post.hold is None


@pytest.mark.parametrize("role", ["normal", "moderated"])
def test_a_post_with_many_links_is_held_below_moderator(no_posting_gate, role):
    post = post_create(author=post_as(role), title="Shops", body=SIX_LINKS)
    assert post_holds(post) == (Post.Status.HELD, ["many links (6, more than 5)"])


@pytest.mark.parametrize("body", [LINK, SIX_LINKS])
def test_a_moderators_post_with_links_goes_up(no_posting_gate, body):
    assert post_holds(post_create(author=post_as("moderator"), title="Sources", body=body)) == (
        Post.Status.PUBLISHED,
        [],
    )


def test_a_normal_members_post_with_a_link_goes_up(no_posting_gate):
    assert post_holds(post_create(author=post_as("normal"), title="A source", body=LINK)) == (Post.Status.PUBLISHED, [])


def test_a_moderated_member_cannot_add_a_link_by_editing(no_posting_gate):
    author = post_as("moderated")
    post = post_create(author=author, title="No link", body="Plain words about housing.")
    with pytest.raises(PostRefused, match="wait for a moderator"):
        post_edit(post, by=author, title="No link", body=LINK)
    assert Post.objects.get(pk=post.pk).body == "Plain words about housing."


# Links are read one attribute at a time: an href inside another attribute's value hides nothing.

DISGUISES = [
    '<a title="xhref=" href="https://s{n}.example/">{n}</a>',
    '<a title="x href=" href="https://s{n}.example/">{n}</a>',
]


@pytest.mark.parametrize("disguise", DISGUISES)
def test_links_behind_an_href_in_their_title_still_count_as_many(post, disguise):
    body = " ".join(disguise.format(n=n) for n in range(6))
    comment = writer("normal")(post, body)
    assert held_as(comment) == (Comment.Status.PENDING, None, ["many links (6, more than 5)"])


@pytest.mark.parametrize("disguise", DISGUISES)
def test_a_link_behind_an_href_in_its_title_from_an_anonymous_writer_waits(post, disguise):
    comment = writer("anonymous")(post, "Read " + disguise.format(n=1))
    assert held_as(comment) == (Comment.Status.PENDING, None, [LINKS_REASON])


@pytest.mark.parametrize("disguise", DISGUISES)
def test_a_post_with_disguised_links_is_held_too(no_posting_gate, disguise):
    body = " ".join(disguise.format(n=n) for n in range(6))
    post = post_create(author=post_as("normal"), title="Shops", body=body)
    assert post_holds(post) == (Post.Status.HELD, ["many links (6, more than 5)"])


def test_a_title_that_merely_mentions_an_href_is_not_a_link(post):
    body = " ".join(f'<a title="x href=" href="/p/{n}">{n}</a>' for n in range(8))
    assert held_as(writer("anonymous")(post, body)) == (Comment.Status.APPROVED, 1, [])


# The same-text rule compares with the writer's latest REPEAT_COMPARED comments of the day only.


def test_the_same_text_is_compared_with_the_latest_comments_only(post):
    author = make_user("prolific")
    write = writer_as(author)
    others = [make_post(title=f"Thread {n}") for n in range(spam.REPEAT_COMPARED + 1)]
    write(others[0], PASTED)  # the oldest of the day, behind REPEAT_COMPARED newer ones
    for n, other in enumerate(others[1:]):
        backdate_all()
        write(other, f"Comment {n} on another thread, long enough to be compared.")
    backdate_all()
    assert held_as(write(post, PASTED))[0] == Comment.Status.APPROVED
    backdate_all()
    # Among the latest: held.
    assert held_as(write(make_post(title="Yet another"), PASTED))[0] == Comment.Status.PENDING


def test_the_same_text_query_is_bounded(post):
    author = make_user("prolific")
    with CaptureQueriesContext(connection) as queries:
        spam.comment_hold(
            post=post, writer={"author": author}, body=PASTED, rendered=render_markdown(PASTED), established=True
        )
    (compared,) = [q["sql"] for q in queries if "regexp_replace" in q["sql"]]
    assert f"LIMIT {spam.REPEAT_COMPARED}" in compared


def writer_as(member):
    return lambda post, body: comment_create_by_member(post=post, author=member, body=body)
