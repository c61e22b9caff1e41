"""The public moderation log (/moderation): what was done, by whom, to what, as anyone may read it,
and nothing private: no emails, networks, visitor digests, before/after values or private rows."""

import pytest
from django.test import Client
from django.urls import reverse

from forum.comments.models import Comment
from forum.moderation.log import record
from forum.posts.models import Post
from tests.factories import make_anonymous, make_comment, make_post, make_user

from .cast import make_role

pytestmark = pytest.mark.django_db

LOG = reverse("moderation:log")


def public_page(**query):
    response = Client().get(LOG, query)
    assert response.status_code == 200
    return response.content.decode()


def test_what_was_done_by_whom_to_what(post):
    moderator = make_role("moderator", "mod_alice")
    shown = make_comment(post, body="shown to everyone")
    record(moderator, "approve", "comment", shown.pk)
    record(None, "hold", "post", post.pk, reason="spam")
    page = public_page()
    assert f'href="{moderator.get_absolute_url()}">mod_alice</a>' in page
    assert f'<a href="{shown.get_absolute_url()}">comment #1</a> in “A post to read”' in page
    assert "approved" in page and "the site's rules" in page and "(spam)" in page


def test_targets_not_public_are_named_by_kind_only(post):
    moderator = make_role("moderator")
    held = make_comment(post, status=Comment.Status.DOXING, body="an address")
    waiting = make_comment(post, anonymous=make_anonymous(), status=Comment.Status.PENDING)
    hidden_post = make_post(title="A held title", status=Post.Status.HELD, held_reason="doxing")
    nsfw_post = make_post(title="A title for members only", is_nsfw=True)
    on_nsfw = make_comment(nsfw_post)
    for kind, pk in [
        ("comment", held.pk),
        ("comment", waiting.pk),
        ("comment", 999_999),
        ("post", hidden_post.pk),
        ("post", nsfw_post.pk),
        ("comment", on_nsfw.pk),
        ("visitor", waiting.anonymous_id),
        ("network", 5),
    ]:
        record(moderator, "hold", kind, pk, reason="doxing")
    page = public_page()
    for absent in [held, waiting]:
        assert absent.get_absolute_url() not in page
    assert "A held title" not in page and hidden_post.get_absolute_url() not in page
    assert "A title for members only" not in page and nsfw_post.get_absolute_url() not in page
    assert f'href="{on_nsfw.get_absolute_url()}"' in page  # the comment is public; its post's title is not
    assert page.count("held a comment") == 3 and "held a post" in page
    assert "an anonymous visitor" in page and "a network" in page
    assert waiting.anonymous.name not in page


def test_private_rows_and_private_details_never_show():
    moderator = make_role("moderator")
    member = make_user("banned_one", email="secret-address@example.com")
    visitor = make_anonymous()
    record(moderator, "flag", "comment", 1, reason="a private flag", public=False)
    record(
        moderator,
        "ban",
        "member",
        member.pk,
        reason="secret-address@example.com",
        before={"email": "secret-address@example.com", "digest": visitor.digest},
        after={"network": visitor.network_digest},
    )
    record(moderator, "ban", "network", 7, reason=f"network {visitor.network_digest[:12]}")
    record(moderator, "ban", "visitor", visitor.pk, reason="203.0.113.7")
    page = public_page()
    assert "a private flag" not in page
    assert "secret-address" not in page and "example.com" not in page
    assert visitor.digest not in page and visitor.network_digest[:12] not in page and "203.0.113" not in page
    assert "banned" in page and f'href="{member.get_absolute_url()}">banned_one</a>' in page


def test_reasons_show_in_words():
    moderator = make_role("moderator")
    record(moderator, "hold", "comment", 1, reason="personal_attack")
    record(moderator, "promote", "member", moderator.pk, reason="moderator")
    record(moderator, "hold", "comment", 2, reason="same text in another thread")
    page = public_page()
    assert "(personal attack)" in page and "(moderator)" in page and "(same text in another thread)" in page


def test_a_deleted_member_is_not_linked():
    moderator = make_role("moderator")
    gone = make_user("gone_member")
    gone.deleted_at = gone.date_joined
    gone.save()
    record(moderator, "demote", "member", gone.pk, reason="moderated")
    page = public_page()
    assert "gone_member" not in page and "demoted a member" in page


def test_the_log_is_paged_newest_first(django_assert_max_num_queries):
    moderator = make_role("moderator")
    record(moderator, "hold", "comment", 1, reason="the oldest")
    for number in range(49):
        record(moderator, "hold", "comment", number + 2, reason="in between")
    record(moderator, "hold", "comment", 99, reason="the newest")
    first = public_page()
    assert first.count("<li>") == 50 and 'href="?page=2"' in first and 'rel="prev"' not in first
    assert "the newest" in first and "the oldest" not in first
    second = public_page(page=2)
    assert second.count("<li>") == 1 and "the oldest" in second
    assert 'href="?page=1"' in second and 'rel="next"' not in second
    assert "Nothing here this far back" in public_page(page=3)
    with django_assert_max_num_queries(4):  # the rows with their actors, and one query per kind of target
        Client().get(LOG)


@pytest.mark.parametrize("page", ["0", "-1", "x", "\N{SUPERSCRIPT TWO}", "1e3"])
def test_odd_page_numbers_read_as_the_first(page):
    record(None, "hold", "comment", 1)
    assert "held a comment" in public_page(page=page)


def test_a_page_deeper_than_any_list_is_not_found():
    assert Client().get(LOG, {"page": "99999999999999"}).status_code == 404


def test_the_log_refuses_to_be_posted_to():
    assert Client().post(LOG).status_code == 405
