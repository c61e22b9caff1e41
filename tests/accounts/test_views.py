import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts.models import Follow
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()


def sign_up(client, username, email="new@example.com"):
    return client.post(
        reverse("account_signup"),
        {
            "username": username,
            "email": email,
            "password1": "a fine long passphrase",
            "password2": "a fine long passphrase",
        },
    )


def test_signup_creates_a_member_who_is_logged_in_once_they_confirm_their_email(client):
    response = sign_up(client, "newcomer")
    assert response.status_code == 302 and response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(username="newcomer")
    assert user.email == "new@example.com" and user.check_password("a fine long passphrase")
    assert not client.get(reverse("posts:home")).context["user"].is_authenticated

    confirm_path = re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[0].body).group(1)
    client.post(confirm_path)
    assert EmailAddress.objects.get(user=user, email="new@example.com").verified
    assert client.get(reverse("posts:home")).context["user"] == user


@pytest.mark.parametrize(
    "name",
    ["anon_12345", "Anon_abcde", "anon-12345", "anon.abc", "anon1a2b3", "admin", "Moderator", "a b", "x", "<script>"]
    + ["zzyzzx.", "_zzyzzx", "reader-", "ad.min", "pat-rick", "mod.erator", "a.n.o.n_1234a"],
)
def test_signup_refuses_reserved_and_malformed_names(client, name):
    response = sign_up(client, name)
    assert response.status_code == 200
    assert not User.objects.filter(username=name).exists()


@pytest.mark.parametrize("lookalike", ["ZZyzzx", "zz.yzzx", "zz_yz-zx"])
def test_signup_refuses_a_name_that_reads_like_a_members(client, lookalike):
    make_user("zzyzzx")
    response = sign_up(client, lookalike, email="other@example.com")
    assert response.status_code == 200 and "too close to a member" in response.content.decode()
    assert User.objects.count() == 1


def test_signup_accepts_names_with_inner_separators(client):
    assert sign_up(client, "john.q-public_2").status_code == 302


def test_usernames_are_unique_regardless_of_case(client):
    make_user("Zzyzzx")
    sign_up(client, "zzyzzx", email="other@example.com")
    assert User.objects.filter(username__iexact="zzyzzx").count() == 1


@pytest.mark.parametrize("login_field", ["reader", "reader@example.com"])
def test_login_by_username_or_email(client, login_field):
    user = make_user("reader")
    response = client.post(reverse("account_login"), {"login": login_field, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("posts:home")).context["user"] == user


def test_logout_is_a_post(client, login, member):
    client = login(member)
    client.post(reverse("account_logout"))
    assert not client.get(reverse("posts:home")).context["user"].is_authenticated


def test_password_reset_sends_an_email(client, member):
    response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and member.email in mail.outbox[0].to
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_every_page_has_a_log_in_link(client, post):
    for url in [reverse("posts:home"), post.get_absolute_url(), post.author.get_absolute_url()]:
        assert f'href="{reverse("account_login")}?next=' in client.get(url).content.decode()


def test_login_page_carries_the_content_security_policy_and_no_inline_script(client):
    response = client.get(reverse("account_login"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script>" not in response.content.decode()


# Profile and follow


def test_profile_shows_member_and_posts(client, post):
    response = client.get(post.author.get_absolute_url())
    assert response.status_code == 200 and post.title in response.content.decode()


def test_unknown_profile_is_not_found(client, db):
    assert client.get(reverse("accounts:profile", args=["nobody"])).status_code == 404


def test_follow_toggles_for_a_member(login, member, other_member):
    client = login(member)
    url = reverse("accounts:follow", args=[other_member.username])
    client.post(url)
    assert Follow.objects.filter(follower=member, followed=other_member).exists()
    client.post(url)
    assert not Follow.objects.exists()


def test_follow_asks_a_visitor_to_log_in(client, other_member):
    response = client.post(reverse("accounts:follow", args=[other_member.username]))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not Follow.objects.exists()


def test_cannot_follow_yourself(login, member):
    login(member).post(reverse("accounts:follow", args=[member.username]))
    assert not Follow.objects.exists()


def test_follow_redirects_back_only_within_the_site(login, member, other_member):
    url = reverse("accounts:follow", args=[other_member.username])
    response = login(member).post(url, {"next": "https://evil.example/"})
    assert response["Location"] == other_member.get_absolute_url()


def test_byline_shows_following_x_once_following(login, member, post):
    client = login(member)
    client.post(reverse("accounts:follow", args=[post.author.username]))
    page = client.get(post.get_absolute_url()).content.decode()
    assert "following <button" in page and 'aria-label="unfollow zzyzzx">x</button>' in page


def test_the_database_refuses_look_alike_names_that_skip_the_form(db):
    from django.db import IntegrityError

    make_user("zzyzzx")
    with pytest.raises(IntegrityError):
        make_user("zz.yzzx")


def test_a_profile_is_found_through_the_lower_case_index(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member = make_user("CamelCase")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/user/camelcase").status_code == 200
    lookup = queries.captured_queries[0]["sql"]
    assert 'LOWER("accounts_user"."username")' in lookup and "UPPER" not in lookup
    assert member.username in client.get("/user/CAMELCASE").content.decode()
