import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forum.posts.models import NsfwChange, PendingView, Post
from forum.posts.viewcounts import flush_pending_views
from tests.factories import make_comment, make_post, make_posts, make_thread, make_user

pytestmark = pytest.mark.django_db


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# Home


def test_home_orders_visible_posts_by_latest_activity(client):
    old, new = make_posts(2)
    make_comment(old)  # bumps the older post to the top
    body = client.get(reverse("posts:home")).content.decode()
    assert body.index(old.title) < body.index(new.title)


def test_home_leaves_out_held_and_removed_posts(client):
    shown = make_post(title="Shown post")
    make_post(title="Held post", status=Post.Status.HELD)
    make_post(title="Removed post", status=Post.Status.REMOVED)
    body = client.get(reverse("posts:home")).content.decode()
    assert shown.title in body and "Held post" not in body and "Removed post" not in body


def test_home_hides_nsfw_posts_from_logged_out_readers_only(client, login, member):
    make_post(title="Spicy post", is_nsfw=True)
    assert "Spicy post" not in client.get(reverse("posts:home")).content.decode()
    assert "Spicy post" in login(member).get(reverse("posts:home")).content.decode()


def test_home_row_shows_author_date_comment_count_latest_and_excerpt(client):
    post = make_post(title="Row post", body="word " * 50)
    make_comment(post)
    text = text_of(client.get(reverse("posts:home")))
    assert f"by {post.author.username} on" in text
    assert "1 comment, latest just now" in text
    assert "word " * 29 + "word …" in text


def test_home_pages_twenty_posts_at_a_time(client):
    posts = make_posts(25)
    first = client.get(reverse("posts:home")).content.decode()
    second = client.get(reverse("posts:home"), {"page": 2}).content.decode()
    assert first.count('class="post-row"') == 20 and "Next »" in first and 'href="?page=2"' in first
    assert second.count('class="post-row"') == 5 and "Next »" not in second and "« Previous" in second
    assert posts[0].title in second and posts[-1].title in first
    assert client.get(reverse("posts:home"), {"page": 3}).status_code == 404  # no empty page past the end


def test_home_ignores_a_nonsense_page_number(client):
    posts = make_posts(2)
    page = client.get(reverse("posts:home"), {"page": "-3"}).content.decode()
    assert posts[0].title in page and posts[1].title in page and "« Previous" not in page


def test_home_refuses_pages_past_the_cap(client, db):
    from forum.posts.views import MAX_HOME_PAGES

    assert client.get(reverse("posts:home"), {"page": MAX_HOME_PAGES + 1}).status_code == 404


def test_home_query_count_does_not_grow_with_posts(client, django_assert_max_num_queries):
    for post in make_posts(20):
        make_comment(post)
    # A logged-out reader: the shared page looked up and missed; the visible posts counted (looked
    # up, missed, counted, stored: once per change to the lists, for every tab and page); listed;
    # the page stored...
    with django_assert_max_num_queries(6):
        assert client.get(reverse("posts:home")).status_code == 200
    # ...then served from the page cache until something on it changes.
    with django_assert_max_num_queries(1):
        assert client.get(reverse("posts:home")).status_code == 200
    newly_active = make_posts(1, start=timezone.now() - timedelta(days=30))[0]
    make_comment(newly_active)  # moves it to the top: the stored page is no longer current
    # The same as the first time, and for the page and the count each the shared cache asked
    # once more: this process's copy was stale, the shared one might not be (pagecache._LocalPages).
    with django_assert_max_num_queries(8):
        assert newly_active.title in client.get(reverse("posts:home")).content.decode()


def test_home_query_count_for_a_member(login, member, django_assert_max_num_queries):
    for post in make_posts(20):
        make_comment(post)
    client = login(member)
    client.get(reverse("posts:home"))  # the count of posts, cached until the lists change
    with django_assert_max_num_queries(5):  # session, user, the cached count, ignored posts, posts
        assert client.get(reverse("posts:home")).status_code == 200


# Post page


def test_post_page_counts_the_view_and_shows_the_new_count(client, post):
    Post.objects.filter(pk=post.pk).update(view_count=192)
    response = client.get(post.get_absolute_url())
    assert "193 views" in text_of(response)
    assert "194 views" in text_of(client.get(post.get_absolute_url()))
    flush_pending_views()
    post.refresh_from_db()
    assert post.view_count == 194


def test_a_page_view_flushes_pending_views_once_an_interval(client, post, monkeypatch):
    from forum.posts import viewcounts

    monkeypatch.setattr(viewcounts, "_last_claim_attempt", 0.0)  # this process has not flushed yet
    client.get(post.get_absolute_url())
    client.get(post.get_absolute_url())  # within the interval: stays pending
    post.refresh_from_db()
    assert post.view_count == 1 and PendingView.objects.filter(post=post).count() == 1


def test_post_page_shows_the_seed_layout(client, settings):
    settings.TIME_ZONE = "America/Los_Angeles"  # whatever a developer's .env says
    from datetime import datetime
    from zoneinfo import ZoneInfo

    post = make_post(
        author=make_user("zzyzzx"),
        title="'Isis is finished'",
        created_at=datetime(2017, 11, 9, 10, 29, tzinfo=ZoneInfo("America/Los_Angeles")),
    )
    text = text_of(client.get(post.get_absolute_url()))
    assert "« prev random next »" in text
    assert "By zzyzzx follow 2017 Nov 9, 10:29am PST 1 view 0 comments watch sfw quote share" in text
    assert "no comments found" in text
    assert re.search(r"Comment as anon_[0-9a-f]{5} or log in at top of page:", text)


def test_member_sees_comment_as_their_name(login, member, post):
    text = text_of(login(member).get(post.get_absolute_url()))
    assert "Comment as reader:" in text and "anon_" not in text


def test_head_request_is_not_a_view(client, post):
    assert client.head(post.get_absolute_url()).status_code == 200
    post.refresh_from_db()
    assert post.view_count == 0


def test_post_page_redirects_to_its_canonical_slug(client, post):
    response = client.get(reverse("threads:post", args=[post.pk, "wrong-slug"]))
    assert response.status_code == 301 and response["Location"] == post.get_absolute_url()
    assert client.get(reverse("threads:post-short", args=[post.pk])).status_code == 301


def test_a_short_link_with_a_comment_goes_straight_to_the_comment(client, post):
    comment = make_comment(post)
    response = client.get(reverse("threads:post-short", args=[post.pk]), {"c": comment.pk})
    assert response["Location"] == f"{post.get_absolute_url()}?page=1#comment-{comment.pk}"


def test_slug_redirect_keeps_the_page(client, post):
    response = client.get(reverse("threads:post", args=[post.pk, "old-title"]), {"page": 2})
    assert response.status_code == 301 and response["Location"] == f"{post.get_absolute_url()}?page=2"


@pytest.mark.parametrize("status", [Post.Status.HELD, Post.Status.REMOVED])
def test_hidden_post_is_not_found_for_visitors_and_other_members(client, login, other_member, status):
    post = make_post(status=status)
    assert client.get(post.get_absolute_url()).status_code == 404
    assert login(other_member).get(post.get_absolute_url()).status_code == 404
    post.refresh_from_db()
    assert post.view_count == 0


def test_hidden_post_is_shown_to_its_author_and_staff(client, login, moderator):
    post = make_post(status=Post.Status.HELD)
    assert login(post.author).get(post.get_absolute_url()).status_code == 200
    client.logout()
    assert login(moderator).get(post.get_absolute_url()).status_code == 200


def test_prev_and_next_links_skip_hidden_posts(client):
    first, hidden, middle, last = make_posts(4)
    Post.objects.filter(pk=hidden.pk).update(status=Post.Status.HELD)
    body = client.get(middle.get_absolute_url()).content.decode()
    assert f'href="{first.get_absolute_url()}" rel="prev"' in body
    assert f'href="{last.get_absolute_url()}" rel="next"' in body


def test_first_post_has_no_prev_link(client):
    first, _ = make_posts(2)
    body = client.get(first.get_absolute_url()).content.decode()
    assert 'rel="prev"' not in body and 'class="disabled">« prev' in body


def test_random_redirects_to_a_visible_post_other_than_the_current_one(client):
    current, other = make_posts(2)
    make_post(status=Post.Status.HELD)
    for _ in range(10):
        response = client.get(reverse("posts:random"), {"from": current.pk})
        assert response.status_code == 302 and response["Location"] == other.get_absolute_url()


def test_random_with_no_posts_goes_home(client, db):
    assert client.get(reverse("posts:random"))["Location"] == reverse("posts:home")


def test_post_page_has_open_graph_tags(client, post):
    body = client.get(post.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="A post to read">' in body
    assert f'<meta property="og:url" content="http://testserver{post.get_absolute_url()}">' in body
    assert "mailto:?subject=" in body


def test_an_uploaded_first_image_is_the_open_graph_image_on_the_sites_address(client):
    post = make_post(body="![a picture](/media/posts/picture.jpg)")
    body = client.get(post.get_absolute_url()).content.decode()
    assert '<meta property="og:image" content="http://testserver/media/posts/picture.jpg">' in body


def test_post_page_query_count_does_not_grow_with_comments(client, post, django_assert_num_queries):
    make_thread(post, 45)
    writers = [make_user() for _ in range(5)]
    for writer in writers:
        make_comment(post, author=writer)
    client.get(post.get_absolute_url())  # sets the sitewide counters, as a running site has them
    make_comment(post)  # and the thread changes
    # A logged-out first visit: what finding the stored page takes of the post, with the view
    # counted and the names the reader's name needs (also the connection's health check,
    # forum/core/compiled.py); the sitewide counters, this process's copy of the page being stale;
    # the shared page looked up and missed; the rest of the post; prev and next; the page of
    # comments looked up, read and stored; the page stored.
    first_visit = Client()
    with django_assert_num_queries(9):
        assert first_visit.get(post.get_absolute_url()).status_code == 200
    # Then: the post with the view and the names, the shared page.
    with django_assert_num_queries(2):
        assert Client().get(post.get_absolute_url()).status_code == 200
    # A returning visitor (a cookie): the same two; whether they wrote comments here that only
    # they see, or may still change, is asked by the query that reads the post.
    with django_assert_num_queries(2):
        assert first_visit.get(post.get_absolute_url()).status_code == 200


def test_post_page_query_count_for_a_member(login, member, post, django_assert_num_queries):
    make_thread(post, 45)
    make_comment(post, author=member)  # theirs to edit: what they may change is asked too
    client = login(member)
    client.get(post.get_absolute_url())  # the page members share is now cached
    # the member with their session (accounts/sessions.py), the post with the view and whether
    # they have comments waiting in it, the shared page, and one query for all the rest that is
    # theirs (follow, watch, votes, ignores, what they may change, how far they have read). In
    # tests the caches are tables; with Redis, 3 queries. The request's first query is its
    # health check.
    with django_assert_num_queries(4):
        assert client.get(post.get_absolute_url()).status_code == 200


def test_post_page_query_count_for_a_member_whose_page_is_their_own(login, member, post, django_assert_num_queries):
    make_thread(post, 45)
    client = login(make_user(staff=True))
    client.get(post.get_absolute_url())  # the page of comments is now cached
    # the member with their session, the post with the view, the cached comments, prev and next,
    # the comments waiting for approval they see, what they judge, and one query for the rest
    # that is theirs.
    with django_assert_num_queries(7):
        assert client.get(post.get_absolute_url()).status_code == 200


# NSFW toggle


def test_logged_out_visitor_cannot_toggle_nsfw(client, post):
    response = client.post(reverse("posts:toggle-nsfw", args=[post.pk]))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    post.refresh_from_db()
    assert not post.is_nsfw


def test_member_toggles_nsfw_on_and_off(login, other_member, post):
    client = login(other_member)
    client.post(reverse("posts:toggle-nsfw", args=[post.pk]))
    post.refresh_from_db()
    assert post.is_nsfw
    client.post(reverse("posts:toggle-nsfw", args=[post.pk]))
    post.refresh_from_db()
    assert not post.is_nsfw


def test_nsfw_toggle_refuses_get(login, member, post):
    assert login(member).get(reverse("posts:toggle-nsfw", args=[post.pk])).status_code == 405


def test_every_flip_is_recorded_with_who_and_the_value_it_left(login, other_member, post):
    client = login(other_member)
    client.post(reverse("posts:toggle-nsfw", args=[post.pk]))
    client.post(reverse("posts:toggle-nsfw", args=[post.pk]))
    flips = list(NsfwChange.objects.filter(post=post).order_by("created_at", "id").values_list("changed_by", "is_nsfw"))
    assert flips == [(other_member.pk, True), (other_member.pk, False)]


def test_a_new_account_cannot_flip_nsfw(client, post):
    client.force_login(make_user(new=True))
    response = client.post(reverse("posts:toggle-nsfw", args=[post.pk]))
    post.refresh_from_db()
    assert response.status_code == 403 and not post.is_nsfw and not NsfwChange.objects.exists()
    assert "sfw" in client.get(post.get_absolute_url()).content.decode()


def test_the_flip_starts_from_the_stored_value_not_the_page(login, other_member, post):
    Post.objects.filter(pk=post.pk).update(is_nsfw=True)  # someone flipped it after post was read
    login(other_member).post(reverse("posts:toggle-nsfw", args=[post.pk]))
    post.refresh_from_db()
    assert not post.is_nsfw


def test_the_home_page_sets_no_cookie_for_a_logged_out_reader(client, post):
    response = client.get(reverse("posts:home"))
    assert response.status_code == 200 and not response.cookies


def test_the_nsfw_control_is_a_button_only_for_established_members(client, post):
    client.force_login(make_user(new=True))
    toggle = reverse("posts:toggle-nsfw", args=[post.pk])
    assert toggle not in client.get(post.get_absolute_url()).content.decode()
    client.force_login(make_user())
    assert toggle in client.get(post.get_absolute_url()).content.decode()


def test_random_keeps_its_id_bounds_until_the_lists_change(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = make_post()
    assert client.get(reverse("posts:random"))["Location"] == first.get_absolute_url()
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("posts:random"))
    assert not any("MIN(" in query["sql"] for query in queries)  # the bounds come from the cache
    first.status = Post.Status.HELD
    first.save()
    newer = make_post()  # creating it moves the lists on: the bounds are read again
    assert client.get(reverse("posts:random"))["Location"] == newer.get_absolute_url()
