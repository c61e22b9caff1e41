"""The lists of posts: the home page's tabs, /old?years_ago=N, their rows, filters and page numbers."""

import re
from datetime import datetime, timedelta
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Ignore
from forum.likes.models import Like
from forum.posts.models import Post
from tests.factories import make_comment, make_post, make_posts, make_thread, make_user

pytestmark = pytest.mark.django_db


def tab_url(tab):
    return reverse("posts:home") if tab == "active" else reverse("posts:tab", args=[tab])


def titles_in(response):
    return [
        unescape(title)
        for title in re.findall(r'class="post-title" href="[^"]+">([^<]+)</a>', response.content.decode())
    ]


# The orders


def test_comments_tab_lists_the_most_commented_first(client):
    quiet, busy, middling = make_posts(3)
    make_thread(busy, 5)
    make_thread(middling, 2)
    assert titles_in(client.get(tab_url("comments"))) == [busy.title, middling.title, quiet.title]


def test_likes_tab_lists_by_likes_minus_dislikes(client):
    loved, disliked, liked_and_disliked = make_posts(3)
    Post.objects.filter(pk=loved.pk).update(like_count=3)
    Post.objects.filter(pk=disliked.pk).update(dislike_count=2)
    Post.objects.filter(pk=liked_and_disliked.pk).update(like_count=5, dislike_count=4)
    assert titles_in(client.get(tab_url("likes"))) == [loved.title, liked_and_disliked.title, disliked.title]


def test_new_tab_lists_the_newest_first_whatever_their_activity(client):
    older, newer = make_posts(2)
    make_comment(older)
    assert titles_in(client.get(tab_url("new"))) == [newer.title, older.title]
    assert titles_in(client.get(tab_url("active"))) == [older.title, newer.title]


def test_every_tab_links_to_every_other_and_marks_its_own(client):
    body = client.get(tab_url("likes")).content.decode()
    for tab in Post.TABS:
        assert f'href="{tab_url(tab)}"' in body
    assert f'href="{tab_url("likes")}" aria-current="page"' in body


@pytest.mark.parametrize(("query", "location"), [("?tab=new", "/tab/new"), ("?tab=likes&page=2", "/tab/likes?page=2")])
def test_a_tab_written_as_a_query_leads_to_its_own_address(client, query, location):
    response = client.get(reverse("posts:home") + query)
    assert response.status_code == 301 and response["Location"] == location


def test_the_active_tab_is_the_home_page(client):
    assert client.get(reverse("posts:tab", args=["active"]))["Location"] == reverse("posts:home")
    assert client.get(reverse("posts:home"), {"tab": "active"})["Location"] == reverse("posts:home")


@pytest.mark.parametrize("tab", ["hot", "NEW", "new-"])
def test_an_unknown_tab_is_not_found(client, tab):
    assert client.get(reverse("posts:tab", args=[tab])).status_code == 404
    assert client.get(reverse("posts:home"), {"tab": tab}).status_code == 404


# Who sees what, on every tab


@pytest.mark.parametrize("tab", list(Post.TABS))
def test_every_tab_leaves_out_held_posts_nsfw_ones_for_visitors_and_ignored_members(client, login, member, tab):
    ignored = make_user("ignored_writer")
    Ignore.objects.create(ignorer=member, ignored=ignored)
    shown = make_post(title="Shown post")
    make_post(title="Held post", status=Post.Status.HELD)
    make_post(title="Spicy post", is_nsfw=True)
    make_post(title="Ignored writer's post", author=ignored)
    assert titles_in(client.get(tab_url(tab))) == ["Ignored writer's post", shown.title]
    assert titles_in(login(member).get(tab_url(tab))) == ["Spicy post", shown.title]


def test_the_page_numbers_count_only_what_the_reader_sees(client, login, member):
    ignored = make_user("ignored_writer")
    Ignore.objects.create(ignorer=member, ignored=ignored)
    make_posts(20)
    make_post(author=ignored)  # the 21st post: a second page for everyone but the member
    assert 'href="?page=2"' in client.get(tab_url("new")).content.decode()
    reader = login(member)
    assert 'href="?page=2"' not in reader.get(tab_url("new")).content.decode()
    assert reader.get(tab_url("new"), {"page": 2}).status_code == 404


# Page numbers


def test_page_numbers_show_the_first_the_last_and_those_near(client):
    make_posts(20 * 9)
    body = client.get(tab_url("new"), {"page": 5}).content.decode()
    links = re.findall(r'<a href="\?page=(\d+)">\d+</a>', body)
    assert links == ["1", "3", "4", "6", "7", "9"] and '<span aria-current="page">5</span>' in body
    assert body.count('class="gap"') == 2
    assert client.get(tab_url("new"), {"page": 10}).status_code == 404


def test_a_new_post_adds_a_page_at_once(client):
    make_posts(20)
    assert client.get(tab_url("new"), {"page": 2}).status_code == 404
    make_post()  # moves the lists on, and the count with them
    assert client.get(tab_url("new"), {"page": 2}).status_code == 200
    assert 'href="?page=2"' in client.get(tab_url("new")).content.decode()


def test_one_page_shows_no_page_numbers(client):
    make_posts(3)
    assert 'aria-label="Pages of posts"' not in client.get(tab_url("active")).content.decode()


# Rows


def test_a_row_shows_the_domain_of_the_first_link(client):
    make_post(title="Link post", body="See ![](https://img.example/a.png) and [this](https://www.news.example/story).")
    assert "(news.example)" in client.get(tab_url("active")).content.decode()


def test_a_row_shows_an_nsfw_thumbnail_masked_and_none_to_members_who_hide_images(login, member):
    make_post(body="![](https://img.example/a.png)", is_nsfw=True)
    reader = login(member)
    assert 'class="thumb nsfw" src="https://img.example/a.png"' in reader.get(tab_url("active")).content.decode()
    member.hide_images_in_lists = True
    member.save()
    assert "img.example" not in reader.get(tab_url("active")).content.decode()


def test_a_visitor_gets_like_counts_as_links_to_log_in_and_no_form(client):
    post = make_post()
    Post.objects.filter(pk=post.pk).update(like_count=4, dislike_count=1)
    body = client.get(tab_url("likes")).content.decode()
    assert "like (4)" in body and "dislike (1)" in body and "csrfmiddlewaretoken" not in body
    assert "csrftoken" not in client.cookies


def test_a_member_sees_their_own_vote_pressed_and_no_buttons_on_their_own_post(login, member):
    theirs, liked = make_post(author=member), make_post()
    Like.objects.create(user=member, post=liked, vote=Like.Vote.LIKE)
    body = login(member).get(tab_url("active")).content.decode()
    assert f'aria-pressed="true" data-vote="post{liked.pk}:like"' in body
    assert f'aria-pressed="false" data-vote="post{liked.pk}:dislike"' in body
    assert f'aria-pressed="false" disabled data-vote="post{theirs.pk}:like"' in body


def test_a_members_vote_from_a_list_comes_back_to_the_list(login, member):
    post = make_post()
    response = login(member).post(
        reverse("likes:post", args=[post.pk]), {"vote": "like", "next": f"{tab_url('likes')}?page=1"}
    )
    assert response["Location"] == f"{tab_url('likes')}?page=1"
    assert Like.objects.filter(user=member, post=post, vote=Like.Vote.LIKE).exists()


# Query budgets


@pytest.fixture
def busy_forum():
    """Enough posts, comments, votes and writers that one query per row would show."""
    members = [make_user() for _ in range(5)]
    posts = make_posts(45, body="[a link](https://news.example/a) ![](https://img.example/a.png)")
    for index, post in enumerate(posts):
        make_comment(post, author=members[index % 5])
        Like.objects.create(user=members[(index + 1) % 5], post=post, vote=Like.Vote.LIKE)
    return members


@pytest.mark.parametrize("tab", list(Post.TABS))
def test_every_tab_keeps_to_its_query_budget(busy_forum, client, login, django_assert_max_num_queries, tab):
    with django_assert_max_num_queries(6):  # see test_views.test_home_query_count_does_not_grow_with_posts
        assert client.get(tab_url(tab), {"page": 2}).status_code == 200
    with django_assert_max_num_queries(1):
        assert Client().get(tab_url(tab), {"page": 2}).status_code == 200
    member = busy_forum[0]
    Ignore.objects.create(ignorer=member, ignored=busy_forum[1])
    reader = login(member)
    reader.get(tab_url(tab))
    with django_assert_max_num_queries(5):  # session, user, cached count, ignored posts, posts
        body = reader.get(tab_url(tab), {"page": 2}).content.decode()
    assert body.count('class="post-row"') == 20 and 'data-vote="post' in body


# /old?years_ago=N


def test_old_lists_the_posts_of_that_calendar_year_oldest_first(client):
    year = timezone.localdate().year - 3
    zone = timezone.get_current_timezone()
    before = make_post(title="December before", created_at=datetime(year - 1, 12, 31, 23, 59, tzinfo=zone))
    first = make_post(title="New year", created_at=datetime(year, 1, 1, 0, 0, tzinfo=zone))
    last = make_post(title="Year end", created_at=datetime(year, 12, 31, 23, 59, tzinfo=zone))
    make_post(title="Held then", created_at=datetime(year, 6, 1, tzinfo=zone), status=Post.Status.HELD)
    response = client.get(reverse("posts:old"), {"years_ago": 3})
    assert titles_in(response) == [first.title, last.title] and f"Posts from {year}" in response.content.decode()
    assert before.title in titles_in(client.get(reverse("posts:old"), {"years_ago": 4}))


def test_old_this_year_and_the_default(client):
    post = make_post()
    assert titles_in(client.get(reverse("posts:old"), {"years_ago": 0})) == [post.title]
    last_year = make_post(created_at=timezone.now() - timedelta(days=366))
    assert last_year.title in titles_in(client.get(reverse("posts:old")))


def test_old_hides_nsfw_posts_from_visitors(client, login, member):
    make_post(title="Spicy post", is_nsfw=True, created_at=timezone.now() - timedelta(days=366))
    assert titles_in(client.get(reverse("posts:old"))) == []
    assert titles_in(login(member).get(reverse("posts:old"))) == ["Spicy post"]


@pytest.mark.parametrize("value", ["-1", "101", "x", "1e3", "", "²", "9" * 30, "1.5"])
def test_old_refuses_a_years_ago_that_is_no_number_of_years(client, value):
    assert client.get(reverse("posts:old"), {"years_ago": value}).status_code == 404


def test_old_with_a_nul_byte_is_refused_not_a_crash(client):
    assert client.get(reverse("posts:old") + "?years_ago=1%00").status_code in (400, 404)


def test_old_pages_and_no_page_past_the_end(client, django_assert_max_num_queries):
    make_posts(25, start=timezone.now() - timedelta(days=800), step=timedelta(minutes=1))
    years = timezone.localdate().year - (timezone.localdate() - timedelta(days=800)).year
    with django_assert_max_num_queries(2):  # the page, and how far the next pages go
        first = client.get(reverse("posts:old"), {"years_ago": years}).content.decode()
    assert first.count('class="post-row"') == 20 and f'href="?years_ago={years}&amp;page=2"' in first
    assert client.get(reverse("posts:old"), {"years_ago": years, "page": 2}).content.decode().count("post-row") == 5
    assert client.get(reverse("posts:old"), {"years_ago": years, "page": 3}).status_code == 404


# Slugs and domains, as saved


def test_a_long_title_is_slugged_at_a_word_boundary():
    post = make_post(title="word " * 30 + "end")  # "word-word-...": a hyphen falls at 99
    assert len(post.slug) <= 100 and post.slug.endswith("word") and not post.slug.endswith("-")
    assert post.slug == "-".join(["word"] * 20)


def test_a_long_single_word_title_is_cut_at_the_limit():
    assert make_post(title="x" * 150).slug == "x" * 100


def test_a_slug_that_ends_exactly_at_the_limit_keeps_its_last_word():
    title = "a" * 95 + " bcd"  # 99 characters once slugged... plus one more word
    assert make_post(title=title + "e").slug == "a" * 95 + "-bcde"
    assert make_post(title=title + "e fgh").slug == "a" * 95 + "-bcde"


@pytest.mark.parametrize(
    ("body", "domain"),
    [
        ("[x](https://www.example.org/a) [y](https://other.example/)", "example.org"),
        ("Plain words, no links.", ""),
        ("![](https://img.example/a.png)", ""),  # a picture is no link
        ("[home](/post/1/a) and @nobody", ""),
        ("https://bare.example/path", "bare.example"),
    ],
)
def test_the_first_link_domain_is_kept_on_save(body, domain):
    assert make_post(body=body).first_link_domain == domain


def test_the_migration_fills_the_domain_of_existing_posts():
    from importlib import import_module

    from django.apps import apps

    post = make_post(body="[x](https://news.example/a)")
    Post.objects.filter(pk=post.pk).update(first_link_domain="")
    import_module("forum.posts.migrations.0010_list_orders_and_link_domain").fill_first_link_domain(apps, None)
    post.refresh_from_db()
    assert post.first_link_domain == "news.example"
