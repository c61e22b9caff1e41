"""A member under a ban in force may read, and log in, but every POST that acts on others or shows
something of theirs to others gets the ban page (403), with what they typed kept, and changes
nothing: editing and deleting comments, editing posts, votes, flags, nsfw marks, follows, the
public about (forum/bans/pages.py refuse_banned_members). Once the ban runs out, all of it works again."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Follow, User
from forum.bans.models import MemberBan
from forum.bans.services import ban_member
from forum.comments.models import Comment
from forum.flags.models import Flag, may_flag
from forum.likes.models import Like
from forum.posts.models import Post
from tests.factories import make_comment, make_post, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    admin_user = make_user("boss", superuser=True)
    banned, other = make_user("banned"), make_user("other")
    own_post = make_post(author=banned, title="My own post", body="My first words.")
    others_post = make_post(author=other, title="Someone else's post")
    own_comment = make_comment(others_post, author=banned, body="What I said.")
    others_comment = make_comment(others_post, author=other, body="What they said.")
    ban_member(banned, by=admin_user, until=timezone.now() + timedelta(days=3), reason="rude")
    return {
        "banned": banned,
        "other": other,
        "own_post": own_post,
        "others_post": others_post,
        "own_comment": own_comment,
        "others_comment": others_comment,
    }


def state():
    """Everything the refused requests could have changed."""
    return {
        "posts": list(Post.objects.order_by("pk").values("pk", "title", "body", "is_nsfw", "like_count")),
        "comments": list(Comment.objects.order_by("pk").values("pk", "body", "status", "deleted_at", "like_count")),
        "likes": Like.objects.count(),
        "flags": Flag.objects.count(),
        "follows": Follow.objects.count(),
        "users": list(User.objects.order_by("pk").values("pk", "about", "timezone", "summonable")),
    }


# (name, url for the world, the form sent, the text the page must give back)
REFUSED = [
    ("comment edit", lambda w: reverse("comments:edit", args=[w["own_comment"].pk]), {"body": "Edited words"}),
    ("comment delete", lambda w: reverse("comments:delete", args=[w["own_comment"].pk]), {}),
    (
        "post edit",
        lambda w: reverse("posts:edit", args=[w["own_post"].pk]),
        {"title": "My own post", "body": "Edited post words"},
    ),
    ("vote on a post", lambda w: reverse("likes:post", args=[w["others_post"].pk]), {"vote": "like"}),
    ("vote on a comment", lambda w: reverse("likes:comment", args=[w["others_comment"].pk]), {"vote": "dislike"}),
    ("flag", lambda w: reverse("flags:comment", args=[w["others_comment"].pk]), {"reason": "spam"}),
    ("nsfw", lambda w: reverse("posts:toggle-nsfw", args=[w["others_post"].pk]), {}),
    ("follow", lambda w: reverse("accounts:follow", args=["other"]), {}),
    ("about", lambda w: reverse("accounts:settings"), {"about": "Buy my stuff", "timezone": "", "summonable": "on"}),
]


@pytest.mark.parametrize("name, url, data", REFUSED, ids=[row[0] for row in REFUSED])
def test_a_banned_members_post_changes_nothing_and_gets_the_ban_page_with_their_text(client, world, name, url, data):
    client.force_login(world["banned"])
    before = state()
    response = client.post(url(world), data)
    assert response.status_code == 403
    assert state() == before
    page = response.content.decode()
    assert "Not while your account is banned" in page and "Your account has been banned" in page
    assert "The ban ends on" in page
    typed = data.get("body") or data.get("about")
    if typed:
        assert "What you wrote, kept here for you" in page and typed in page


GETS = [
    lambda w: reverse("comments:edit", args=[w["own_comment"].pk]),
    lambda w: reverse("comments:delete", args=[w["own_comment"].pk]),
    lambda w: reverse("posts:edit", args=[w["own_post"].pk]),
    lambda w: reverse("flags:comment", args=[w["others_comment"].pk]),
    lambda w: reverse("accounts:settings"),
    lambda w: w["others_post"].get_absolute_url(),
    lambda w: reverse("accounts:profile", args=["other"]),
]


@pytest.mark.parametrize("url", GETS)
def test_a_banned_member_still_reads_every_page(client, world, url):
    client.force_login(world["banned"])
    assert client.get(url(world)).status_code == 200


def test_a_banned_member_may_still_ignore_someone(client, world):
    """Ignoring changes only what the banned member sees: it harms nobody."""
    client.force_login(world["banned"])
    response = client.post(reverse("accounts:ignore", args=["other"]))
    assert response.status_code == 302
    assert world["banned"].ignoring_set.filter(ignored=world["other"]).exists()


def test_a_banned_member_may_not_flag(world):
    assert not may_flag(world["banned"])
    assert may_flag(world["other"])


def test_once_the_ban_runs_out_the_same_posts_go_through(client, world):
    MemberBan.objects.filter(member=world["banned"]).update(until=timezone.now() - timedelta(seconds=1))
    client.force_login(world["banned"])
    assert may_flag(world["banned"])
    client.post(reverse("comments:edit", args=[world["own_comment"].pk]), {"body": "Edited words"})
    client.post(reverse("likes:post", args=[world["others_post"].pk]), {"vote": "like"})
    client.post(reverse("accounts:follow", args=["other"]))
    client.post(reverse("accounts:settings"), {"about": "Hello again", "timezone": "", "summonable": "on"})
    client.post(reverse("posts:toggle-nsfw", args=[world["others_post"].pk]))
    assert Comment.objects.get(pk=world["own_comment"].pk).body == "Edited words"
    assert Like.objects.filter(user=world["banned"], post=world["others_post"]).exists()
    assert Follow.objects.filter(follower=world["banned"], followed=world["other"]).exists()
    assert User.objects.get(pk=world["banned"].pk).about == "Hello again"
    assert Post.objects.get(pk=world["others_post"].pk).is_nsfw


def test_a_logged_out_post_still_goes_to_log_in(client, world):
    response = client.post(reverse("likes:post", args=[world["others_post"].pk]), {"vote": "like"})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not Like.objects.exists()


@pytest.mark.parametrize("name, url, data", REFUSED, ids=[row[0] for row in REFUSED])
def test_the_pages_script_gets_the_ban_as_an_error_beside_the_control(client, world, name, url, data):
    client.force_login(world["banned"])
    before = state()
    response = client.post(url(world), data, headers={"Accept": "application/json"})
    assert response.status_code == 403
    assert state() == before
    assert "banned" in response.json()["error"]
