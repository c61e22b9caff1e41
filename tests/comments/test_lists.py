"""Lists of comments across threads: /comments, /comments?a=NAME, /best and /best/all; and the
thread's own pager, which shares their page numbers."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Ignore
from forum.comments.models import Comment
from forum.posts.models import Post
from tests.factories import make_anonymous, make_comment, make_post, make_thread, make_user

pytestmark = pytest.mark.django_db

LATEST = reverse("comments:list")
BEST = reverse("comments:best")
BEST_ALL = reverse("comments:best-all")


def bodies_in(response):
    assert response.status_code == 200
    return re.findall(r'<div class="comment-body"><p>([^<]+)</p></div>', response.content.decode())


def comment(post, body, *, ago=timedelta(0), likes=0, dislikes=0, **fields):
    made = make_comment(post, body=body, created_at=timezone.now() - ago, **fields)
    Comment.objects.filter(pk=made.pk).update(like_count=likes, dislike_count=dislikes)
    return made


# /comments


def test_latest_comments_come_newest_first_with_their_post_and_permalink(client, post):
    older = comment(post, "Older words", ago=timedelta(hours=1))
    newer = comment(make_post(title="Another thread"), "Newer words")
    body = client.get(LATEST).content.decode()
    assert bodies_in(client.get(LATEST)) == ["Newer words", "Older words"]
    assert f'href="{post.get_absolute_url()}">{post.title}</a>' in body
    assert f'href="{older.get_absolute_url()}"' in body and f'href="{newer.get_absolute_url()}"' in body
    assert f'href="{reverse("accounts:profile", args=[newer.author.username])}"' in body


def test_lists_show_no_held_waiting_or_deleted_comment(client, post):
    comment(post, "Shown words")
    comment(post, "Spam words", status=Comment.Status.SPAM)
    comment(post, "Waiting words", status=Comment.Status.PENDING)
    gone = comment(post, "Deleted words", likes=5)
    Comment.objects.filter(pk=gone.pk).update(deleted_at=timezone.now())
    Comment.objects.filter(body="Spam words").update(like_count=9)
    assert bodies_in(client.get(LATEST)) == ["Shown words"]
    assert bodies_in(client.get(BEST_ALL)) == []


def test_lists_leave_out_threads_the_reader_may_not_list(client, login, member):
    comment(make_post(status=Post.Status.HELD), "In a held post", likes=1)
    comment(make_post(is_nsfw=True), "In an nsfw post", likes=1)
    assert bodies_in(client.get(LATEST)) == [] and bodies_in(client.get(BEST)) == []
    assert bodies_in(login(member).get(LATEST)) == ["In an nsfw post"]
    assert bodies_in(login(member).get(BEST)) == ["In an nsfw post"]


def test_lists_leave_out_ignored_members_comments_and_threads_for_whoever_ignores_them(login, member):
    ignored = make_user("ignored_writer")
    Ignore.objects.create(ignorer=member, ignored=ignored)
    comment(make_post(), "By the ignored member", author=ignored, likes=1)
    comment(make_post(author=ignored), "In the ignored member's thread", likes=1)
    comment(make_post(), "Anonymous words", anonymous=make_anonymous(), likes=1)
    everyone = {"By the ignored member", "In the ignored member's thread", "Anonymous words"}
    assert set(bodies_in(Client().get(LATEST))) == everyone
    assert bodies_in(login(member).get(LATEST)) == ["Anonymous words"]
    assert bodies_in(login(member).get(BEST)) == ["Anonymous words"]


def test_one_members_comments_by_name_in_any_case(client, post):
    writer = make_user("Writer_One")
    comment(post, "Theirs", author=writer)
    comment(post, "Someone else's")
    response = client.get(LATEST, {"a": "writer_one"})
    assert bodies_in(response) == ["Theirs"] and "Comments by Writer_One" in response.content.decode()


def test_an_anonymous_visitors_comments_by_their_name(client, post):
    visitor = make_anonymous()
    comment(post, "Anonymous words", anonymous=visitor)
    comment(post, "A member's words")
    assert bodies_in(client.get(LATEST, {"a": visitor.name})) == ["Anonymous words"]


@pytest.mark.parametrize("name", ["nobody_here", "", "anon_zzzzz", "x" * 500])
def test_an_unknown_name_is_not_found(client, name):
    make_user("inactive_one", active=False)
    assert client.get(LATEST, {"a": name}).status_code == 404
    assert client.get(LATEST, {"a": "inactive_one"}).status_code == 404


def test_a_nul_byte_in_a_name_is_refused_not_a_crash(client):
    assert client.get(LATEST + "?a=bob%00").status_code in (400, 404)


def test_latest_comments_pages_without_an_empty_page_past_the_end(client, post):
    make_thread(post, 41)
    first = client.get(LATEST).content.decode()
    assert first.count('class="comment"') == 20 and 'href="?page=3"' in first and 'href="?page=4"' not in first
    assert client.get(LATEST, {"page": 3}).content.decode().count('class="comment"') == 1
    assert client.get(LATEST, {"page": 4}).status_code == 404


def test_a_long_list_numbers_only_the_pages_looked_ahead_to(client, post):
    make_thread(post, 20 * 6)
    body = client.get(LATEST).content.decode()
    assert re.findall(r'<a href="\?page=(\d+)">\d+</a>', body) == ["2", "3"] and 'class="gap"' in body


def test_a_members_pages_keep_the_name(client, post):
    writer = make_user("pager")
    make_thread(post, 21, author=writer)
    body = client.get(LATEST, {"a": "pager"}).content.decode()
    assert 'href="?a=pager&amp;page=2"' in body
    assert client.get(LATEST, {"a": "pager", "page": 2}).content.decode().count('class="comment"') == 1


# /best


def test_best_lists_this_weeks_most_liked_comments_first(client, post):
    comment(post, "Liked", likes=3)
    comment(post, "Loved", likes=9, dislikes=1)
    comment(post, "Disputed", likes=5, dislikes=5)
    comment(post, "Old favourite", likes=50, ago=timedelta(days=8))
    assert bodies_in(client.get(BEST)) == ["Loved", "Liked"]
    assert bodies_in(client.get(BEST_ALL)) == ["Old favourite", "Loved", "Liked"]


def test_best_shares_its_page_among_visitors_and_moves_on_with_new_comments(post, django_assert_max_num_queries):
    comment(post, "Liked", likes=3)
    Client().get(BEST)
    with django_assert_max_num_queries(1):
        assert bodies_in(Client().get(BEST)) == ["Liked"]
    comment(post, "Loved", likes=9)  # a comment moves the lists on (its likes are set after: see SHARED_LIST_SECONDS)
    assert bodies_in(Client().get(BEST)) == ["Loved", "Liked"]


# Query budgets


@pytest.fixture
def busy_comments():
    writers = [make_user() for _ in range(5)]
    visitors = [make_anonymous() for _ in range(3)]
    for index in range(45):
        post = make_post()
        who = {"anonymous": visitors[index % 3]} if index % 2 else {"author": writers[index % 5]}
        comment(post, f"Words {index}", likes=index % 7 + 1, **who)
    return writers


@pytest.mark.parametrize("url", [LATEST, BEST, BEST_ALL])
def test_every_comment_list_keeps_to_its_query_budget(busy_comments, login, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):  # page cache missed; rows; how far the pages go; stored
        assert len(bodies_in(Client().get(url, {"page": 2}))) == 20
    with django_assert_max_num_queries(1):
        assert len(bodies_in(Client().get(url, {"page": 2}))) == 20
    member = busy_comments[0]
    Ignore.objects.create(ignorer=member, ignored=busy_comments[1])
    reader = login(member)
    with django_assert_max_num_queries(4):  # session, user, rows, how far the pages go
        assert len(bodies_in(reader.get(url, {"page": 2}))) == 20


def test_one_writers_list_keeps_to_its_query_budget(busy_comments, client, django_assert_max_num_queries):
    writer = busy_comments[0]
    make_thread(make_post(), 40, author=writer)
    with django_assert_max_num_queries(3):  # the writer, rows, how far the pages go
        assert len(bodies_in(client.get(LATEST, {"a": writer.username}))) == 20


# The thread's pager


def test_a_thread_pager_numbers_its_pages(client, post):
    make_thread(post, 40 * 7 + 1)
    body = client.get(post.get_absolute_url(), {"page": 4}).content.decode()
    url = post.get_absolute_url()
    numbers = re.findall(rf'<a href="{re.escape(url)}\?page=(\d+)#comments-heading">\d+</a>', body)
    assert numbers[:6] == ["1", "2", "3", "5", "6", "8"] and '<span aria-current="page">4</span>' in body
    assert "Comments 121-160 of 281" in body and "« First" in body and "Last »" in body


def test_a_thread_on_one_page_shows_no_page_numbers(client, post):
    make_thread(post, 3)
    body = client.get(post.get_absolute_url()).content.decode()
    assert "Comments 1-3 of 3" in body and "aria-current" not in body and "Next »" not in body
