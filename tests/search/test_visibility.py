"""Search shows each reader what their lists show them: nothing held, deleted or waiting, no
NSFW post for a logged-out reader, nothing by a member they ignore."""

import pytest
from django.utils import timezone

from accounts.models import Ignore
from forum.comments.models import Comment
from forum.posts.models import Post
from tests.factories import make_anonymous, make_comment, make_post, make_user

from .conftest import titles_in

pytestmark = pytest.mark.django_db


def test_nsfw_posts_and_their_comments_only_for_members(search, login, member):
    post = make_post(title="Beach photos", body="Sunscreen advice.", is_nsfw=True)
    comment = make_comment(post, body="Sunscreen is cheaper in bulk.")
    assert titles_in(search("sunscreen")) == []
    assert comment.get_absolute_url() not in search("sunscreen", **{"in": "comments"}).content.decode()
    reader = login(member)
    assert titles_in(search("sunscreen", reader)) == ["Beach photos"]
    assert comment.get_absolute_url() in search("sunscreen", reader, **{"in": "comments"}).content.decode()


@pytest.mark.parametrize("status", [Post.Status.HELD, Post.Status.REMOVED])
def test_held_and_removed_posts_and_their_comments_are_found_by_nobody(search, login, status):
    author = make_user()
    post = make_post(author=author, title="Crypto scheme", body="Guaranteed returns.", status=status)
    comment = make_comment(post, body="Guaranteed by whom?")
    for log_in in (lambda: None, lambda: login(author)):
        reader = log_in()
        assert titles_in(search("guaranteed", reader)) == []
        assert comment.get_absolute_url() not in search("guaranteed", reader, **{"in": "comments"}).content.decode()


@pytest.mark.parametrize(
    "status", [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.FLAGGED, Comment.Status.DOXING]
)
def test_comments_not_approved_are_not_found(search, status):
    post = make_post(title="Zoning")
    shown = make_comment(post, body="The zoning board meets Tuesday.")
    hidden = make_comment(post, body="The zoning board is corrupt.", status=status)
    page = search("zoning", **{"in": "comments"}).content.decode()
    assert shown.get_absolute_url() in page and hidden.get_absolute_url() not in page


def test_deleted_comments_are_not_found(search):
    post = make_post(title="Zoning")
    comment = make_comment(post, body="The zoning board meets Tuesday.")
    Comment.objects.filter(pk=comment.pk).update(deleted_at=timezone.now())  # its text kept, as if restored later
    assert comment.get_absolute_url() not in search("zoning", **{"in": "comments"}).content.decode()


def test_anonymous_comments_are_found_with_their_name(search):
    anonymous = make_anonymous()
    comment = make_comment(make_post(title="Commute"), anonymous=anonymous, body="The train is faster.")
    page = search("trains", **{"in": "comments"}).content.decode()
    assert comment.get_absolute_url() in page and anonymous.name in page


def test_an_ignored_members_posts_and_comments_are_left_out_for_the_ignorer_only(search, login, member, other_member):
    pest = make_user("pest")
    make_post(author=pest, title="Tiny homes are the answer", body="Tiny homes everywhere.")
    their_comment = make_comment(make_post(title="Housing"), author=pest, body="Tiny homes again.")
    Ignore.objects.create(ignorer=member, ignored=pest)
    mine = login(member)
    assert titles_in(search("tiny homes", mine)) == []
    assert their_comment.get_absolute_url() not in search("tiny", mine, **{"in": "comments"}).content.decode()
    others = login(other_member)
    assert titles_in(search("tiny homes", others)) == ["Tiny homes are the answer"]
    assert their_comment.get_absolute_url() in search("tiny", others, **{"in": "comments"}).content.decode()
