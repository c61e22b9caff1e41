"""The post page members share (forum/threads/member_page.py): filled in for one member, it is
exactly the page rendered for them alone, whatever they follow, watch, voted, wrote or ignore;
and the members it must not be shared with get their own."""

import re
from datetime import timedelta

import pytest
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Follow, Ignore, TrustLevel
from forum.comments.models import PER_PAGE, Comment
from forum.likes.models import Like
from forum.threads import member_page, views
from forum.unread.models import Read
from forum.watches.models import Watch
from tests.factories import make_comment, make_post, make_user

pytestmark = pytest.mark.django_db

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
_VIEWS = re.compile(r"[0-9]+ views?\b")


def _normal(html):
    """The page without what differs between any two requests: the CSRF token's mask, the views."""
    return _VIEWS.sub("N views", _TOKEN.sub("csrf", html))


def _both_ways(client, member, url, monkeypatch):
    """(shared, rendered alone): the member's page both ways, each as their first visit."""
    shared_calls = []
    original = member_page.member_post_page

    def spy(*args, **kwargs):
        answer = original(*args, **kwargs)
        shared_calls.append(answer[0] is not None)
        return answer

    monkeypatch.setattr(views, "member_post_page", spy)
    Read.objects.filter(user=member).delete()
    shared = client.get(url)
    assert shared.status_code == 200
    Read.objects.filter(user=member).delete()
    with monkeypatch.context() as alone:
        alone.setattr(views, "may_share_member_post_page", lambda request, post: False)
        rendered = client.get(url)
    return shared.content.decode(), rendered.content.decode(), shared_calls


@pytest.fixture
def thread(post, other_member):
    comments = [make_comment(post, author=other_member if n % 3 == 0 else None, body=f"Comment {n}") for n in range(5)]
    return post, comments


def test_a_member_with_nothing_of_their_own_gets_the_shared_page_as_rendered_for_them(
    client, member, thread, monkeypatch
):
    post, _ = thread
    client.force_login(member)
    shared, alone, calls = _both_ways(client, member, post.get_absolute_url(), monkeypatch)
    assert calls == [True]
    assert _normal(shared) == _normal(alone)
    assert "Comment as reader" in shared and 'href="/user/reader"' in shared
    assert "slot-" not in shared


def test_following_watching_votes_own_comments_and_ignores_fill_in_exactly(
    client, member, other_member, thread, monkeypatch
):
    post, comments = thread
    mine = make_comment(post, author=member, body="My own words")
    Follow.objects.create(follower=member, followed=post.author)
    Watch.objects.create(user=member, post=post)
    Like.objects.create(user=member, post=post, vote=Like.Vote.LIKE)
    Like.objects.create(user=member, comment=comments[1], vote=Like.Vote.DISLIKE)
    Ignore.objects.create(ignorer=member, ignored=other_member)
    Read.record(member, post, 2)
    client.force_login(member)
    shared, alone, calls = _both_ways(client, member, post.get_absolute_url(), monkeypatch)
    assert calls == [True]
    assert _normal(shared) == _normal(alone)
    assert "Comment 0" not in shared and "Comment 1" in shared  # other_member's are left out
    assert f'href="{reverse("comments:edit", args=[mine.pk])}"' in shared
    assert f'aria-pressed="true" data-vote="post{post.pk}:like"' in shared
    assert f'aria-pressed="true" data-vote="comment{comments[1].pk}:dislike"' in shared
    assert f'disabled data-vote="comment{mine.pk}:like"' in shared
    assert ">unwatch<" in shared and "following" in shared


def test_the_seen_mark_is_the_members_own(client, member, thread):
    post, _ = thread
    Read.record(member, post, 2)
    client.force_login(member)
    assert 'data-seen="2"' in client.get(post.get_absolute_url()).content.decode()
    other = make_user()
    client.force_login(other)
    assert 'data-seen="0"' in client.get(post.get_absolute_url()).content.decode()
    client.force_login(member)
    assert f'data-seen="{post.comment_count}"' in client.get(post.get_absolute_url()).content.decode()


def test_a_moderated_member_gets_the_variant_without_the_nsfw_mark(client, thread, monkeypatch):
    post, _ = thread
    newcomer = make_user()
    newcomer.trust_level = TrustLevel.MODERATED
    newcomer.save()
    client.force_login(newcomer)
    shared, alone, calls = _both_ways(client, newcomer, post.get_absolute_url(), monkeypatch)
    assert calls == [True]
    assert _normal(shared) == _normal(alone)
    assert reverse("posts:toggle-nsfw", args=[post.pk]) not in shared
    client.force_login(make_user())
    assert reverse("posts:toggle-nsfw", args=[post.pk]) in client.get(post.get_absolute_url()).content.decode()


def test_an_earlier_page_of_a_long_thread(client, member, post, monkeypatch):
    for n in range(PER_PAGE + 3):
        make_comment(post, body=f"Comment number {n}")
    client.force_login(member)
    shared, alone, calls = _both_ways(client, member, f"{post.get_absolute_url()}?page=1", monkeypatch)
    assert calls == [True]
    assert _normal(shared) == _normal(alone)
    assert "Comment number 0" in shared and f"Comment number {PER_PAGE}" not in shared


def test_a_member_ignoring_the_next_posts_author_gets_a_page_of_their_own(client, member, post, monkeypatch):
    shunned = make_user()
    later = make_post(author=shunned, title="A later post", created_at=post.created_at + timedelta(hours=1))
    Ignore.objects.create(ignorer=member, ignored=shunned)
    client.force_login(member)
    shared, alone, calls = _both_ways(client, member, post.get_absolute_url(), monkeypatch)
    assert calls == [False]  # the shared page links to `later`: this member's is rendered for them
    assert later.get_absolute_url() not in shared
    assert _normal(shared) == _normal(alone)
    client.force_login(make_user())
    assert later.get_absolute_url() in client.get(post.get_absolute_url()).content.decode()


@pytest.mark.parametrize("who", ["staff", "author", "waiting", "quote"])
def test_readers_whose_page_is_theirs_alone_never_get_the_shared_one(client, member, thread, who, monkeypatch):
    post, comments = thread
    url = post.get_absolute_url()
    reader = {"staff": make_user(staff=True), "author": post.author}.get(who, member)
    if who == "waiting":
        make_comment(post, author=member, body="Waiting for a moderator", status=Comment.Status.PENDING)
    if who == "quote":
        url += f"?quote={comments[1].pk}"
    calls = []
    monkeypatch.setattr(views, "member_post_page", lambda *args, **kwargs: calls.append(1))
    client.force_login(reader)
    html = client.get(url).content.decode()
    assert calls == [] and "slot-" not in html
    if who == "waiting":
        assert "Waiting for a moderator" in html


def test_the_shared_page_moves_on_with_the_thread(client, member, thread):
    post, _ = thread
    client.force_login(member)
    client.get(post.get_absolute_url())
    make_comment(post, body="Written just now")
    assert "Written just now" in client.get(post.get_absolute_url()).content.decode()
    post.author.username = "renamed_author"
    post.author.save()
    from forum.core.pagecache import sitewide_changed

    sitewide_changed()  # as the rename service does
    assert "renamed_author" in client.get(post.get_absolute_url()).content.decode()


def test_a_members_page_from_the_shared_one_costs_few_queries(client, member, thread):
    post, _ = thread
    client.force_login(member)
    client.get(post.get_absolute_url())
    from django.db import connection

    with CaptureQueriesContext(connection) as queries:
        client.get(post.get_absolute_url())
    statements = [query["sql"] for query in queries]
    # In tests the caches are tables: the sitewide counters (the page is in this process's memory).
    cache_reads = [sql for sql in statements if "_cache" in sql.split("WHERE", 1)[0]]
    others = [sql for sql in statements if sql not in cache_reads]
    assert len(cache_reads) == 1, cache_reads
    # The member with their session, the post with the view, the member's state with their
    # reading: no query for the page's comments or the neighbouring posts, which the shared page
    # holds.
    assert len(others) == 3, [sql[:80] for sql in others]
    assert 'FROM "accounts_user"' in others[0] and '"django_session"' in others[0]
    assert 'FROM "posts_post"' in others[1] and "unread_record" in others[2]


def test_a_comment_past_the_edit_window_loses_its_links_on_the_shared_page(client, member, post, settings):
    old = make_comment(post, author=member, created_at=timezone.now() - timedelta(days=8))
    client.force_login(member)
    edit = f'href="{reverse("comments:edit", args=[old.pk])}"'
    assert edit not in client.get(post.get_absolute_url()).content.decode()
    settings.COMMENT_EDIT_WINDOW = timedelta(days=30)
    assert edit in client.get(post.get_absolute_url()).content.decode()


@pytest.mark.parametrize("logged_in", [False, True])
def test_a_post_id_written_otherwise_leads_to_the_one_address_and_stores_nothing(client, member, post, logged_in):
    if logged_in:
        client.force_login(member)
    for written in ("0" + str(post.pk), "000" + str(post.pk), "0" * 300 + str(post.pk)):
        answer = client.get(f"/post/{written}/{post.slug}?page=1")
        assert answer.status_code == 301 and answer["Location"] == f"{post.get_absolute_url()}?page=1"


def test_an_id_past_any_post_is_a_404_without_a_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(f"/post/{2**63}/some-slug").status_code == 404
    assert client.get(f"/post/{'9' * 40}/some-slug").status_code == 404
