"""Whole pages shared by logged-out readers: filled in per reader, never stale, never shown to
anyone with something of their own on the page."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from forum.comments.models import Comment
from forum.posts.models import Post
from forum.posts.services import post_toggle_nsfw
from tests.factories import make_comment, make_post, make_posts, make_user

pytestmark = pytest.mark.django_db


def shared_post_page(post):
    """The post page as a new logged-out reader gets it, after another has had it stored."""
    Client().get(post.get_absolute_url())
    return Client(enforce_csrf_checks=True)


def test_each_reader_gets_their_own_token_name_and_view_count(post):
    Client().get(post.get_absolute_url())
    pages = [Client().get(post.get_absolute_url()).content.decode() for _ in range(2)]
    tokens = [re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1] for page in pages]
    names = [re.search(r"Comment as (anon_[0-9a-f]{5})", page)[1] for page in pages]
    views = [re.search(r"(\d+) views", page)[1] for page in pages]
    assert tokens[0] != tokens[1] and names[0] != names[1] and views == ["2", "3"]
    assert not any("slot-" in page for page in pages)


def test_the_token_in_a_shared_page_lets_that_reader_comment(post):
    reader = shared_post_page(post)
    page = reader.get(post.get_absolute_url()).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    name = re.search(r"Comment as (anon_[0-9a-f]{5})", page)[1]
    response = reader.post(
        reverse("threads:comment-create", args=[post.pk]),
        {"body": "Through a shared page", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert Comment.objects.get().anonymous.name == name


def test_a_visitor_whose_comment_waits_sees_it(post):
    reader = shared_post_page(post)
    reader.get(post.get_absolute_url())  # the visitor cookie
    from forum.anonymous.models import AnonymousIdentity, visitor_digest

    token = reader.cookies["visitor"].value
    identity = AnonymousIdentity.objects.create(name="anon_abcde", digest=visitor_digest(token))
    make_comment(post, anonymous=identity, body="My waiting words", status=Comment.Status.PENDING)
    assert "My waiting words" in reader.get(post.get_absolute_url()).content.decode()
    assert "My waiting words" not in Client().get(post.get_absolute_url()).content.decode()


def test_members_never_get_the_shared_page(client, post, member):
    Client().get(post.get_absolute_url())
    client.force_login(member)
    page = client.get(post.get_absolute_url()).content.decode()
    assert f"Comment as {member.username}:" in page and "anon_" not in page


def test_a_flash_message_is_shown_to_its_reader(post):
    reader = Client()
    reader.get(post.get_absolute_url())
    response = reader.post(reverse("threads:comment-create", args=[post.pk]), {"body": "see https://spam.example"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    page = reader.get(post.get_absolute_url()).content.decode()
    assert "waits for a moderator" in page and "spam.example" in page


def test_a_new_post_becomes_the_next_link_of_the_one_before(post):
    Client().get(post.get_absolute_url())
    newer = make_post(title="The newest post")
    assert newer.get_absolute_url() in Client().get(post.get_absolute_url()).content.decode()


def test_the_home_page_follows_new_posts_and_nsfw_flags(member):
    (old,) = make_posts(1)
    assert old.title in Client().get(reverse("posts:home")).content.decode()
    post_toggle_nsfw(old, by=member)
    assert old.title not in Client().get(reverse("posts:home")).content.decode()
    fresh = make_post(title="Fresh on the home page")
    assert fresh.title in Client().get(reverse("posts:home")).content.decode()


def test_held_posts_leave_the_shared_home_page(admin_client):
    (post,) = make_posts(1)
    assert post.title in Client().get(reverse("posts:home")).content.decode()
    form = {"title": post.title, "author": post.author_id, "body": post.body, "status": Post.Status.HELD}
    form.update({"created_at_0": post.created_at.strftime("%Y-%m-%d"), "created_at_1": "12:00:00"})
    assert admin_client.post(reverse("admin:posts_post_change", args=[post.pk]), form).status_code == 302
    assert post.title not in Client().get(reverse("posts:home")).content.decode()


def test_odd_query_strings_are_not_stored(post):
    before = Client().get(post.get_absolute_url(), {"utm_source": "x"}).content.decode()
    assert "utm_source%3Dx" in before  # the login link carries the reader's own address back


def test_a_renamed_author_shows_on_the_shared_pages():
    author = make_user("before_name")
    post = make_post(author=author)
    assert "before_name" in Client().get(post.get_absolute_url()).content.decode()
    assert "before_name" in Client().get(reverse("posts:home")).content.decode()
    author.username = "after_name"
    author.save()
    assert "after_name" in Client().get(post.get_absolute_url()).content.decode()
    assert "after_name" in Client().get(reverse("posts:home")).content.decode()


def test_a_shared_profile_follows_posts_and_followers(login, other_member):
    author = make_user("profiled")
    assert "0 posts, 0 followers" in " ".join(Client().get(author.get_absolute_url()).content.decode().split())
    make_post(author=author, title="A post on the profile")
    login(other_member).post(reverse("accounts:follow", args=[author.username]))
    page = " ".join(Client().get(author.get_absolute_url()).content.decode().split())
    assert "1 post, 1 follower" in page and "A post on the profile" in page


@pytest.mark.parametrize("query", ["page=0001", "page=1&page=1", "page=99999", "page=1&x=1"])
def test_only_the_sites_own_page_addresses_are_stored(post, query):
    from django.db import connection

    def stored_pages():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM forum_page_cache WHERE cache_key LIKE %s", ["%:post:%"])
            return cursor.fetchone()[0]

    Client().get(post.get_absolute_url())
    before = stored_pages()
    assert before == 1
    for _ in range(3):
        assert Client().get(f"{post.get_absolute_url()}?{query}").status_code == 200
    assert stored_pages() == before


def test_the_host_header_never_reaches_a_shared_page(post, settings):
    Client().get(post.get_absolute_url(), HTTP_HOST="localhost:1337")
    page = Client().get(post.get_absolute_url()).content.decode()
    assert "localhost:1337" not in page and f'href="{settings.SITE_URL}{post.get_absolute_url()}"' in page


# This process's copies of the pages (pagecache._LocalPages)


def _renders():
    calls = []

    def render():
        calls.append(1)
        return f"page {len(calls)}"

    return calls, render


def test_a_page_this_process_holds_is_served_without_reading_it_from_the_shared_cache(monkeypatch):
    from django.core.cache import caches

    from forum.core.pagecache import cached_page

    calls, render = _renders()
    assert cached_page("some-page", (1,), render, timeout=60) == "page 1"
    asked = []
    pages = caches["pages"]
    original = pages.get_many
    monkeypatch.setattr(pages, "get_many", lambda keys, **kw: asked.append(list(keys)) or original(keys, **kw))
    assert cached_page("some-page", (1,), render, timeout=60) == "page 1"
    assert len(calls) == 1 and not any(key.endswith("some-page") for keys in asked for key in keys)


def test_a_change_anywhere_or_a_new_version_is_never_served_from_this_processs_copy():
    from forum.core.pagecache import cached_page, sitewide_changed

    calls, render = _renders()
    cached_page("some-page", (1,), render, timeout=60)
    sitewide_changed()  # another process's change moves the shared counters on
    assert cached_page("some-page", (1,), render, timeout=60) == "page 2"
    assert cached_page("some-page", (2,), render, timeout=60) == "page 3"  # a new version


def test_a_page_another_process_stored_is_taken_from_the_shared_cache(monkeypatch):
    from forum.core.pagecache import _local_pages, cached_page, sitewide_changed

    calls, render = _renders()
    cached_page("some-page", (1,), render, timeout=60)
    sitewide_changed()
    _local_pages.clear()  # as another process, which renders and stores the page anew
    cached_page("some-page", (1,), render, timeout=60)
    assert len(calls) == 2
    # This process had a stale copy of its own: it takes the other's instead of rendering.
    monkeypatch.setattr(_local_pages, "get", lambda key: ((("stale",), ()), "old page"))
    assert cached_page("some-page", (1,), render, timeout=60) == "page 2" and len(calls) == 2


def test_this_processs_copy_lasts_no_longer_than_the_shared_one(monkeypatch):
    from forum.core import pagecache

    calls, render = _renders()
    now = [1000.0]
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: now[0])
    pagecache.cached_page("a-list", (), render, timeout=60)
    now[0] += 59
    assert pagecache._local_pages.get(f"{pagecache.TEMPLATES_FINGERPRINT}:a-list") is not None
    now[0] += 2
    assert pagecache._local_pages.get(f"{pagecache.TEMPLATES_FINGERPRINT}:a-list") is None


def test_this_process_keeps_a_bounded_number_of_pages():
    from forum.core.pagecache import _LocalPages

    pages = _LocalPages()
    for number in range(_LocalPages.MAX + 10):
        pages.put(f"page-{number}", ((), "html"), 60)
    assert pages.get("page-0") is None and pages.get(f"page-{_LocalPages.MAX + 9}") is not None
