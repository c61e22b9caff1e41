"""`?next=` survives signup, email confirmation and login; only paths on this site are followed."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import Follow
from forum.core.http import is_site_path
from forum.watches.models import Watch
from tests.factories import PASSWORD, make_post, make_user

pytestmark = pytest.mark.django_db
PASSPHRASE = "a fine long passphrase"


def sign_up(client, username, *, next_url, email=None):
    return client.post(
        reverse("account_signup"),
        {
            "username": username,
            "email": email or f"{username}@example.com",
            "password1": PASSPHRASE,
            "password2": PASSPHRASE,
            "next": next_url,
        },
    )


def confirmation_link(message):
    return re.search(r"http://testserver(/accounts/confirm-email/\S+)", message.body).group(1)


def logged_in_user(client):
    return client.get(reverse("posts:home")).context["user"]


def test_signing_up_from_a_post_lands_back_on_it_after_confirming(client, post):
    response = sign_up(client, "newcomer", next_url=post.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["newcomer@example.com"]
    link = confirmation_link(mail.outbox[0])
    assert client.get(link).status_code == 200  # the page with the confirm button
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert logged_in_user(client).username == "newcomer"
    assert client.get(response["Location"]).status_code == 200


def test_confirming_in_another_browser_asks_to_log_in_then_lands_on_the_post(client, post):
    sign_up(client, "newcomer", next_url=post.get_absolute_url())
    phone = Client()
    response = phone.post(confirmation_link(mail.outbox[0]))
    login_url = response["Location"]
    assert response.status_code == 302 and urlsplit(login_url).path == reverse("account_login")
    assert parse_qs(urlsplit(login_url).query)["next"] == [post.get_absolute_url()]
    assert not logged_in_user(phone).is_authenticated  # the link alone never logs anyone in
    response = phone.post(login_url, {"login": "newcomer", "password": PASSPHRASE})
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert logged_in_user(phone).username == "newcomer"


def test_signing_up_without_next_lands_on_the_home_page(client):
    sign_up(client, "newcomer", next_url="")
    assert "?next=" not in confirmation_link(mail.outbox[0])
    response = client.post(confirmation_link(mail.outbox[0]))
    assert response["Location"] == "/"


def test_logging_in_from_a_post_lands_back_on_it(client, member, post):
    login_page = client.get(post.get_absolute_url()).content.decode()
    login_url = re.search(r'href="(/accounts/login/\?next=[^"]+)"', login_page).group(1)
    response = client.post(login_url, {"login": member.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()


@pytest.mark.parametrize(
    "hostile",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " //evil.example",
        "http://testserver/post/1",  # our own host, but absolute: paths only
        "/\r\nSet-Cookie:x=1",
        "/a\tb",
        "x" * 10_000,
    ],
)
def test_unsafe_next_values_are_refused_everywhere(client, member, hostile):
    response = client.post(
        reverse("account_login") + "?next=x", {"login": member.username, "password": PASSWORD, "next": hostile}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    client.post(reverse("account_logout"))
    response = sign_up(client, "newcomer", next_url=hostile)
    assert response.status_code == 302
    link = confirmation_link(mail.outbox[-1])
    assert "evil" not in link and "javascript" not in link.lower()
    assert client.post(link)["Location"] == "/"


def test_a_nul_byte_in_next_is_a_clear_400_not_a_500(client):
    assert client.get(reverse("account_login"), {"next": "/a\x00b"}).status_code == 400


@pytest.mark.parametrize("path", ["/", "/post/1/slug", "/post/1/slug?page=2#c3", "/user/x"])
def test_paths_on_the_site_are_safe(path):
    assert is_site_path(path)


def test_a_logged_out_follow_click_returns_to_the_page_after_login(client, post):
    author = post.author
    response = client.post(reverse("accounts:follow", args=[author.username]), {"next": post.get_absolute_url()})
    assert response.status_code == 302
    login_url = response["Location"]
    assert parse_qs(urlsplit(login_url).query)["next"] == [post.get_absolute_url()]
    member = make_user("follower_to_be")
    response = client.post(login_url, {"login": member.username, "password": PASSWORD})
    assert response["Location"] == post.get_absolute_url()
    assert not Follow.objects.exists()  # logging in does not do what was clicked: the reader clicks again


def test_a_logged_out_follow_click_with_a_hostile_next_returns_home(client, other_member):
    response = client.post(reverse("accounts:follow", args=[other_member.username]), {"next": "//evil.example"})
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == ["/"]


def test_a_logged_out_watch_click_returns_to_the_page_after_login(client, post):
    response = client.post(reverse("watches:toggle", args=[post.pk]), {"next": post.get_absolute_url()})
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [post.get_absolute_url()]
    assert not Watch.objects.exists()


def test_a_logged_out_nsfw_click_returns_to_the_page_after_login(client):
    post = make_post()
    response = client.post(reverse("posts:toggle-nsfw", args=[post.pk]), {"next": post.get_absolute_url()})
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [post.get_absolute_url()]
