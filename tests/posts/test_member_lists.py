"""The lists members share (forum/posts/member_lists.py): the home tabs and profiles, filled in for
one member, are exactly the pages rendered for them alone, whatever they voted, wrote, read or
hide; members who ignore someone, staff, and a member's own profile get pages of their own."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from accounts import views as account_views
from accounts.models import Follow, Ignore, TrustLevel
from forum.likes.models import Like
from forum.posts import member_lists
from forum.posts import views as post_views
from forum.unread.models import Read
from tests.factories import make_comment, make_post, make_user

pytestmark = pytest.mark.django_db

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _normal(html):
    return _TOKEN.sub("csrf", html)


def _both_ways(client, url, monkeypatch, module):
    """(shared, rendered alone, whether the shared list served): the page both ways."""
    served = []
    original = member_lists.for_member

    def spy(*args, **kwargs):
        served.append(True)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, "for_member", spy)
    shared = client.get(url)
    assert shared.status_code == 200
    with monkeypatch.context() as alone:
        alone.setattr(module, "may_share_member_page", lambda request, last_page: False)
        rendered = client.get(url)
    return shared.content.decode(), rendered.content.decode(), served


@pytest.fixture
def forum(member):
    author = make_user("prolific")
    posts = [
        make_post(author=author if n % 2 else None, title=f"Post {n}", body=f"![pic](/media/p{n}.png) Words {n}.")
        for n in range(6)
    ]
    mine = make_post(author=member, title="My own post")
    for post in posts[:3]:
        make_comment(post, body="First")
        make_comment(post, body="Second")
    return author, posts, mine


def _give_member_state(member, posts):
    Like.objects.create(user=member, post=posts[0], vote=Like.Vote.LIKE)
    Like.objects.create(user=member, post=posts[1], vote=Like.Vote.DISLIKE)
    Read.record(member, posts[0], 1)  # one of two comments seen: "1 new"
    Read.record(member, posts[1], 2)  # all seen: no mark


@pytest.mark.parametrize("url", ["/", "/tab/new", "/tab/comments", "/tab/likes"])
def test_a_home_tab_from_the_shared_list_is_the_list_rendered_for_the_member(client, member, forum, url, monkeypatch):
    _, posts, mine = forum
    _give_member_state(member, posts)
    client.force_login(member)
    shared, alone, served = _both_ways(client, url, monkeypatch, post_views)
    assert served == [True]
    assert _normal(shared) == _normal(alone)
    assert "slot-" not in shared and "<!--unread" not in shared
    assert "1 new</a>" in shared and shared.count(" new</a>") == 1
    assert f'aria-pressed="true" data-vote="post{posts[0].pk}:like"' in shared
    assert f'aria-pressed="true" data-vote="post{posts[1].pk}:dislike"' in shared
    assert f'disabled data-vote="post{mine.pk}:like"' in shared


def test_members_who_hide_images_or_may_not_mark_nsfw_get_their_own_variant(client, member, forum, monkeypatch):
    member.hide_images_in_lists = True
    member.trust_level = TrustLevel.MODERATED
    member.save()
    client.force_login(member)
    shared, alone, served = _both_ways(client, "/", monkeypatch, post_views)
    assert served == [True] and _normal(shared) == _normal(alone)
    assert 'class="thumb' not in shared
    client.force_login(make_user())
    assert 'class="thumb' in client.get("/").content.decode()


def test_a_member_who_ignores_anyone_gets_a_list_of_their_own(client, member, forum, monkeypatch):
    author, _, _ = forum
    Ignore.objects.create(ignorer=member, ignored=author)
    client.force_login(member)
    shared, alone, served = _both_ways(client, "/", monkeypatch, post_views)
    assert served == [] and _normal(shared) == _normal(alone)
    assert "Post 1" not in shared and "Post 0" in shared


def test_staff_never_get_the_shared_list(client, forum, monkeypatch):
    client.force_login(make_user(staff=True))
    _, _, served = _both_ways(client, "/", monkeypatch, post_views)
    assert served == []


def test_the_shared_list_moves_on_with_the_forum(client, member, forum):
    _, posts, _ = forum
    client.force_login(member)
    client.get("/tab/new")
    make_post(title="Just posted")
    assert "Just posted" in client.get("/tab/new").content.decode()
    Read.record(member, posts[2], 2)
    make_comment(posts[2], body="Third")
    html = client.get("/").content.decode()
    assert f'href="{reverse("threads:comment", args=[posts[2].comments.get(number=3).pk])}">1 new</a>' in html


def test_a_profile_from_the_shared_one_is_the_profile_rendered_for_the_member(client, member, forum, monkeypatch):
    author, posts, _ = forum
    _give_member_state(member, posts)
    url = reverse("accounts:profile", args=[author.username])
    client.force_login(member)
    shared, alone, served = _both_ways(client, url, monkeypatch, account_views)
    assert served == [True] and _normal(shared) == _normal(alone)
    assert 'aria-pressed="false">follow</button>' in shared
    Follow.objects.create(follower=member, followed=author)
    shared, alone, served = _both_ways(client, url, monkeypatch, account_views)
    assert served == [True] and _normal(shared) == _normal(alone)
    assert 'aria-pressed="true">unfollow</button>' in shared
    assert f'aria-pressed="true" data-vote="post{posts[1].pk}:dislike"' in shared


@pytest.mark.parametrize("who", ["ignoring", "own", "staff"])
def test_profiles_that_are_the_readers_alone(client, member, forum, who, monkeypatch):
    author, _, _ = forum
    reader = make_user(staff=True) if who == "staff" else member
    profile = member if who == "own" else author
    if who == "ignoring":
        Ignore.objects.create(ignorer=member, ignored=author)
    client.force_login(reader)
    shared, alone, served = _both_ways(
        client, reverse("accounts:profile", args=[profile.username]), monkeypatch, account_views
    )
    assert served == [] and _normal(shared) == _normal(alone)
    if who == "ignoring":
        assert "You are ignoring prolific" in shared
    if who == "own":
        assert "edit your profile and settings" in shared


def test_a_member_list_from_the_shared_one_costs_few_queries(client, member, forum):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(member)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    statements = [query["sql"] for query in queries]
    cache_reads = [sql for sql in statements if "_cache" in sql.split("WHERE", 1)[0]]
    others = [sql for sql in statements if sql not in cache_reads]
    # The member with their session, and one query for their votes, marks and the counts: the rows
    # come rendered.
    assert len(others) == 2, [sql[:80] for sql in others]
    assert '"django_session"' in others[0] and 'FROM "accounts_user"' in others[0]
    assert len(cache_reads) == 1  # the sitewide counters (a table in tests); the list is in memory


def test_old_posts_with_unread_marks_keep_them_in_lists_rendered_alone(client, member):
    post = make_post(created_at=make_post().created_at - timedelta(days=400))
    make_comment(post)
    Read.record(member, post, 0)
    make_comment(post)
    client.force_login(member)
    assert "new</a>" in client.get("/old?years_ago=1").content.decode()


def test_a_vote_is_counted_at_once_on_the_list_members_share(client, member, forum):
    _, posts, _ = forum
    client.force_login(member)
    client.get("/")  # the list is stored
    client.post(reverse("likes:post", args=[posts[3].pk]), {"vote": "like"})
    html = client.get("/").content.decode()
    assert f'aria-pressed="true" data-vote="post{posts[3].pk}:like">like (1)</button>' in html
    client.force_login(make_user())
    assert f'data-vote="post{posts[3].pk}:like">like (1)</button>' in client.get("/").content.decode()
