import random
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.posts.models import PendingView, Post
from forum.posts.viewcounts import flush_pending_views, record_view
from tests.factories import make_post, make_posts

pytestmark = pytest.mark.django_db


def test_previous_and_next_are_the_nearest_visible_posts():
    first, hidden, middle, last = make_posts(4)
    hidden.status = Post.Status.HELD
    hidden.save()
    visible = Post.objects.visible()
    assert visible.older_than(middle).first() == first
    assert visible.newer_than(first).first() == middle
    assert visible.newer_than(middle).first() == last


def test_previous_posts_next_leads_back():
    posts = make_posts(5)
    visible = Post.objects.visible()
    for post in posts[1:]:
        previous = visible.older_than(post).first()
        assert visible.newer_than(previous).first() == post


def test_first_post_has_no_previous_and_last_has_no_next():
    first, _, last = make_posts(3)
    assert Post.objects.visible().older_than(first).first() is None
    assert Post.objects.visible().newer_than(last).first() is None


def test_posts_created_in_the_same_instant_are_ordered_by_id():
    moment = timezone.now() - timedelta(days=1)
    a, b, c = (make_post(created_at=moment) for _ in range(3))
    visible = Post.objects.visible()
    assert visible.newer_than(a).first() == b
    assert visible.newer_than(b).first() == c
    assert visible.older_than(c).first() == b


def test_nsfw_posts_are_left_out_for_logged_out_readers_only(member):
    post = make_post(is_nsfw=True)
    assert post not in Post.objects.visible_to(AnonymousUser())
    assert post in Post.objects.visible_to(member)


def test_random_never_returns_a_hidden_post():
    posts = make_posts(6)
    for post in posts[::2]:
        post.status = Post.Status.REMOVED
        post.save()
    visible_ids = {post.id for post in posts[1::2]}
    picks = {Post.objects.visible().random(rng=random.Random(seed)).id for seed in range(60)}
    assert picks == visible_ids


def test_random_is_none_when_no_post_is_visible():
    make_post(status=Post.Status.HELD)
    assert Post.objects.visible().random() is None


def test_random_skips_the_post_being_read():
    first, second = make_posts(2)
    for seed in range(20):
        assert Post.objects.visible().random(excluding_id=first.id, rng=random.Random(seed)) == second


def test_random_from_the_only_post_returns_it():
    (only,) = make_posts(1)
    assert Post.objects.visible().random(excluding_id=only.id) == only


def test_random_is_uniform_despite_runs_of_hidden_posts():
    posts = make_posts(12)
    # Visible: 0, 1, 2 and 11. "The first visible post after a random id" would pick 11 three times in four.
    Post.objects.filter(pk__in=[post.pk for post in posts[3:11]]).update(status=Post.Status.REMOVED)
    rng = random.Random(7)
    counts = {}
    for _ in range(400):
        pick = Post.objects.visible().random(rng=rng).id
        counts[pick] = counts.get(pick, 0) + 1
    assert set(counts) == {posts[index].id for index in (0, 1, 2, 11)}
    assert max(counts.values()) < 1.6 * min(counts.values())


def test_random_uses_neither_order_by_random_nor_offset():
    make_posts(3)
    with CaptureQueriesContext(connection) as queries:
        Post.objects.visible().random()
    sql = " ".join(query["sql"].upper() for query in queries.captured_queries)
    assert "RANDOM()" not in sql and "OFFSET" not in sql


def test_record_view_shows_the_count_with_this_view_and_writes_no_post_row():
    post = make_post(view_count=192)
    assert record_view(post) == 193 and post.view_count == 193
    assert record_view(post) == 194
    post.refresh_from_db()
    assert post.view_count == 192  # still pending: readers never wait on the post's row
    # One row per connection, however many views it counted: the count read back sums a few rows.
    assert list(PendingView.objects.filter(post=post).values_list("views", flat=True)) == [2]


@pytest.mark.django_db(transaction=True)
def test_views_counted_by_two_connections_add_up_and_flush_exactly():
    from django.db import connections

    post = make_post(view_count=5)
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            for _ in range(3):
                cursor.execute("SELECT posts_record_view(%s)", [post.pk])
        assert record_view(post) == 9
        assert PendingView.objects.filter(post=post).count() == 2
    finally:
        other.close()
    assert flush_pending_views() == 4 and not PendingView.objects.exists()
    post.refresh_from_db()
    assert post.view_count == 9


def test_flush_moves_pending_views_into_the_posts_exactly():
    one, two = make_post(view_count=10), make_post()
    for _ in range(3):
        record_view(one)
    record_view(two)
    assert flush_pending_views() == 4 and flush_pending_views() == 0
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.view_count, two.view_count) == (13, 1) and not PendingView.objects.exists()
    assert record_view(one) == 14  # flushed and pending add up the same


def test_views_of_a_deleted_post_are_dropped_by_the_flush():
    post = make_post()
    record_view(post)
    Post.objects.filter(pk=post.pk).delete()
    assert flush_pending_views() == 1 and not PendingView.objects.exists()


def test_set_body_renders_html_and_excerpt():
    post = make_post(body="Hello **world** " + "word " * 40)
    assert "<strong>world</strong>" in post.body_html
    assert post.excerpt.startswith("Hello world word")
    assert post.excerpt.endswith("…")
