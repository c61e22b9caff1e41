from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from forum.posts.models import Post
from forum.syndication.sitemaps import PostSitemap
from tests.factories import make_post

from .conftest import SITEMAP, parse

pytestmark = pytest.mark.django_db
SITE = "http://testserver"


def locations(response):
    return [loc.text for loc in parse(response).iter(f"{SITEMAP}loc")]


def test_the_index_names_each_section_by_absolute_address(client):
    make_post()
    response = client.get("/sitemap.xml")
    assert response["Content-Type"] == "application/xml"
    assert locations(response) == [f"{SITE}/sitemap-pages.xml", f"{SITE}/sitemap-posts.xml"]


def test_the_posts_section_lists_public_posts_with_their_last_change(client):
    shown = make_post(title="In the sitemap")
    make_post(title="Held", status=Post.Status.HELD)
    make_post(title="Removed", status=Post.Status.REMOVED)
    make_post(title="Racy", is_nsfw=True)
    edited_at = shown.latest_activity_at + timedelta(days=3)
    Post.objects.filter(pk=shown.pk).update(edited_at=edited_at)
    response = client.get(reverse("syndication:sitemap", args=["posts"]))
    assert locations(response) == [f"{SITE}/post/{shown.pk}/in-the-sitemap"]
    lastmod = parse(response).findtext(f"{SITEMAP}url/{SITEMAP}lastmod")
    assert datetime.fromisoformat(lastmod) == edited_at.replace(microsecond=0)
    assert lastmod.endswith("Z")  # W3C Datetime in UTC


def test_the_pages_section_has_the_home_page(client):
    assert locations(client.get(reverse("syndication:sitemap", args=["pages"]))) == [f"{SITE}/"]


def test_past_the_limit_the_posts_split_into_pages_the_index_names(client, monkeypatch):
    monkeypatch.setattr(PostSitemap, "limit", 2)
    posts = [make_post() for _ in range(5)]
    assert locations(client.get("/sitemap.xml"))[1:] == [
        f"{SITE}/sitemap-posts.xml",
        f"{SITE}/sitemap-posts.xml?p=2",
        f"{SITE}/sitemap-posts.xml?p=3",
    ]
    third = locations(client.get(reverse("syndication:sitemap", args=["posts"]) + "?p=3"))
    assert third == [f"{SITE}/post/{posts[4].pk}/{posts[4].slug}"]


@pytest.mark.parametrize("query", ["?p=4", "?p=0", "?p=x", "?p=" + "9" * 40])
def test_a_page_past_the_end_or_no_page_at_all_is_a_404(client, monkeypatch, query):
    monkeypatch.setattr(PostSitemap, "limit", 2)
    for _ in range(5):
        make_post()
    assert client.get(reverse("syndication:sitemap", args=["posts"]) + query).status_code == 404


def test_an_unknown_section_is_a_404(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_the_sitemap_reads_a_page_in_a_few_queries_whatever_its_size(client, django_assert_max_num_queries):
    for _ in range(30):
        make_post()
    with django_assert_max_num_queries(5):
        assert len(locations(client.get(reverse("syndication:sitemap", args=["posts"])))) == 30
    with django_assert_max_num_queries(5):
        assert client.get("/sitemap.xml").status_code == 200


def test_the_posts_section_reads_rows_as_values_not_models():
    make_post()
    page = PostSitemap().paginator.page(1)
    assert all(isinstance(row, tuple) for row in page.object_list)


def test_a_section_is_cached_and_answers_only_get_and_head(client):
    make_post()
    address = reverse("syndication:sitemap", args=["posts"])
    assert client.head(address).status_code == 200
    assert client.post(address).status_code == 405
    assert client.post("/sitemap.xml").status_code == 405
    assert "max-age=3600" in client.get(address)["Cache-Control"]


def test_the_index_names_the_sections_on_the_sites_address_whatever_the_host_header(client):
    make_post()
    response = client.get("/sitemap.xml", HTTP_HOST="localhost:9999")
    assert locations(response) == [f"{SITE}/sitemap-pages.xml", f"{SITE}/sitemap-posts.xml"]


def test_a_sitemap_page_is_rendered_once_whatever_cookies_come_with_it(client, django_assert_num_queries):
    """Every response varies on Cookie: a cache keyed on it would render 50,000 rows again for
    each made-up cookie."""
    make_post()
    address = reverse("syndication:sitemap", args=["posts"])
    first = client.get(address).content
    for number in range(3):
        client.cookies["made-up"] = str(number)
        with django_assert_num_queries(1):  # the stored page, read from the (database) cache
            assert client.get(address).content == first


@pytest.mark.parametrize("query", ["?p=1&x=1", "?p=01", "?p=%201", "?p=1.0", "?x=1", "?p=1&p=2"])
def test_a_query_the_index_never_writes_is_a_404_that_renders_nothing(client, django_assert_num_queries, query):
    make_post()
    with django_assert_num_queries(0):
        assert client.get(reverse("syndication:sitemap", args=["posts"]) + query).status_code == 404


def test_the_first_page_answers_with_or_without_its_number(client):
    make_post()
    address = reverse("syndication:sitemap", args=["posts"])
    assert locations(client.get(address + "?p=1")) == locations(client.get(address))


def test_the_index_with_a_query_redirects_to_its_own_address(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/sitemap.xml?utm_source=x")
    assert response.status_code == 301 and response["Location"] == "/sitemap.xml"
