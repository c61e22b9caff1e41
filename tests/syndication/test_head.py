"""What a page's head tells feed readers and link previews: feeds to subscribe to, Open Graph and
Twitter card tags with the post's first image at an absolute address."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import make_post, make_user

pytestmark = pytest.mark.django_db


def head(response):
    html = response.content.decode()
    return html[: html.index("</head>")]


def meta(html, key):
    found = re.findall(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)
    assert len(found) <= 1, key
    return found[0] if found else None


def alternates(html):
    return re.findall(
        r'<link rel="alternate" type="(application/(?:rss|atom)\+xml)" title="[^"]*" href="([^"]*)">', html
    )


def test_a_post_with_an_image_previews_with_it_at_an_absolute_address(client):
    post = make_post(title="Chart of rents", body="Look: ![rents](/media/uploads/rents.png) and more words.")
    html = head(client.get(post.get_absolute_url()))
    assert meta(html, "og:image") == "http://testserver/media/uploads/rents.png"
    assert meta(html, "twitter:image") == "http://testserver/media/uploads/rents.png"
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "twitter:title") == meta(html, "og:title") == "Chart of rents"
    assert meta(html, "twitter:description") == meta(html, "og:description") == post.excerpt
    assert meta(html, "og:url") == f"http://testserver{post.get_absolute_url()}"


def test_a_post_without_an_image_has_a_plain_card(client):
    post = make_post(body="Only words.")
    html = head(client.get(post.get_absolute_url()))
    assert meta(html, "og:image") is None and meta(html, "twitter:image") is None
    assert meta(html, "twitter:card") == "summary"


def test_an_image_from_elsewhere_keeps_its_own_address(client):
    post = make_post(body="![x](https://images.example/a.jpg)")
    assert meta(head(client.get(post.get_absolute_url())), "og:image") == "https://images.example/a.jpg"


@pytest.mark.parametrize("logged_in", [False, True])
def test_a_post_page_links_its_threads_feeds(client, login, logged_in):
    post = make_post()
    if logged_in:
        login(make_user())
    html = head(client.get(post.get_absolute_url()))
    assert ("application/rss+xml", f"/post/{post.pk}/comments/feed") in alternates(html)
    assert ("application/atom+xml", f"/post/{post.pk}/comments/feed/atom") in alternates(html)


def test_an_nsfw_post_page_offers_no_feed_of_its_thread(client):
    post = make_post(is_nsfw=True)
    html = head(client.get(post.get_absolute_url()))
    assert not [link for link in alternates(html) if "/comments/feed" in link[1]]


def test_a_profile_links_the_members_feeds(client):
    member = make_user("writer")
    make_post(author=member)
    html = head(client.get(reverse("accounts:profile", args=["writer"])))
    for address in (
        "/user/writer/posts/feed",
        "/user/writer/posts/feed/atom",
        "/user/writer/comments/feed",
        "/user/writer/comments/feed/atom",
    ):
        assert address in [href for _, href in alternates(html)]


SITE_FEED_IN_BASE = "syndication:posts" in (Path(settings.BASE_DIR) / "templates/base.html").read_text()


@pytest.mark.skipif(not SITE_FEED_IN_BASE, reason="templates/base.html has no link to the site feed yet")
def test_every_page_links_the_site_feed(client):
    post = make_post()
    for address in (reverse("posts:home"), post.get_absolute_url()):
        assert ("application/rss+xml", "/feed") in alternates(head(client.get(address)))
