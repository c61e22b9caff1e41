import pytest
from django.urls import reverse

from forum.posts.models import Post
from tests.factories import make_post, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def post():
    return make_post(title="Rents are up again")


def canonical(post):
    return f"/post/{post.pk}/rents-are-up-again"


def test_the_canonical_address_is_served(client, post):
    assert post.get_absolute_url() == canonical(post)
    assert client.get(canonical(post)).status_code == 200


@pytest.mark.parametrize(
    "address",
    ["/post/{pk}", "/post/{pk}/", "/post/{pk}/wrong-slug", "/post/{pk}/rents-are-up-again/", "/post/{pk}/wrong-slug/"],
)
def test_any_other_address_of_a_post_is_one_permanent_redirect_to_the_canonical_one(client, post, address):
    response = client.get(address.format(pk=post.pk))
    assert response.status_code == 301
    assert response["Location"] == canonical(post)


@pytest.mark.parametrize(
    "address", ["/post/{pk}/?page=2", "/post/{pk}/rents-are-up-again/?page=2", "/post/{pk}?page=2"]
)
def test_the_query_survives_the_redirect(client, post, address):
    response = client.get(address.format(pk=post.pk))
    assert response.status_code == 301
    assert response["Location"] == f"{canonical(post)}?page=2"


def test_a_comment_link_with_a_slash_still_leads_to_the_comment(client, post):
    response = client.get(f"/post/{post.pk}/?c=1")
    assert response.status_code == 301 and response["Location"] == f"{canonical(post)}?c=1"


def test_a_held_post_with_a_slash_is_a_404_for_others_and_a_redirect_for_its_author(client, login):
    author = make_user()
    post = make_post(author=author, title="Waiting post", status=Post.Status.HELD)
    assert client.get(f"/post/{post.pk}/").status_code == 404
    assert client.get(f"/post/{post.pk}/waiting-post/").status_code == 404
    assert login(author).get(f"/post/{post.pk}/")["Location"] == f"/post/{post.pk}/waiting-post"


@pytest.mark.parametrize("address", ["/post/999999/", "/post/999999/some-slug/", f"/post/{10**30}/", "/post/0/-/"])
def test_no_post_with_a_slash_is_a_404(client, address):
    assert client.get(address).status_code == 404


def test_the_slash_redirect_answers_only_get_and_head(client, post):
    assert client.head(f"/post/{post.pk}/").status_code == 301
    assert client.post(f"/post/{post.pk}/").status_code == 405


def test_no_slug_ever_takes_the_place_of_the_thread_feed(client, post):
    assert reverse("syndication:thread", args=[post.pk]) == f"/post/{post.pk}/comments/feed"
    assert client.get(f"/post/{post.pk}/comments/feed").status_code == 200
