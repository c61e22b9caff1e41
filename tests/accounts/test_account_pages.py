"""Every allauth page in the site's layout and words, with labels and errors tied to their inputs."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

ALLAUTH_WORDS = re.compile(r"Sign In|Sign Out|Sign Up|Signup|sign in|Menu:|Messages:")


def assert_in_our_layout(response):
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in page and 'class="site-footer"' in page  # templates/base.html
    assert 'main id="main" class="account-page"' in page
    assert not ALLAUTH_WORDS.search(page), ALLAUTH_WORDS.search(page).group()
    assert "style=" not in page and not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    # Every input a person fills in has a label pointing at it.
    for input_id in re.findall(r'<(?:input|select|textarea)(?![^>]*type="(?:hidden|submit)")[^>]*\bid="([^"]+)"', page):
        assert f'for="{input_id}"' in page, f"no label for {input_id}"
    return page


@pytest.mark.parametrize(
    "name",
    ["account_login", "account_signup", "account_reset_password", "account_reset_password_done"],
)
def test_entrance_pages_for_a_visitor(client, name):
    assert_in_our_layout(client.get(reverse(name)))


@pytest.mark.parametrize(
    "name", ["account_logout", "account_change_password", "account_email", "account_reauthenticate"]
)
def test_member_pages(login, member, name):
    assert_in_our_layout(login(member).get(reverse(name)))


def test_the_login_page_says_log_in_and_offers_sign_up_with_the_same_next(client):
    page = assert_in_our_layout(client.get(reverse("account_login"), {"next": "/post/1/x"}))
    assert "<h1>Log in</h1>" in page and ">log in</button>" in page
    assert 'href="/accounts/signup/?next=%2Fpost%2F1%2Fx"' in page
    assert 'name="next" value="/post/1/x"' in page


def test_the_signup_page_says_sign_up(client):
    page = assert_in_our_layout(client.get(reverse("account_signup")))
    assert "<h1>Sign up</h1>" in page and ">sign up</button>" in page
    assert 'for="id_username"' in page and 'for="id_password1"' in page


def test_a_refused_login_ties_its_message_to_the_form(client, member):
    response = client.post(reverse("account_login"), {"login": member.username, "password": "wrong"})
    page = assert_in_our_layout(response)
    assert 'class="form-errors" role="alert"' in page and "not correct" in page


def test_a_refused_signup_marks_the_field_invalid_and_describes_it(client):
    response = client.post(
        reverse("account_signup"),
        {"username": "anon_12345", "email": "x@example.com", "password1": "short", "password2": "other"},
    )
    page = assert_in_our_layout(response)
    username_input = re.search(r'<input[^>]*name="username"[^>]*>', page).group()
    assert 'aria-invalid="true"' in username_input and 'aria-describedby="id_username_error"' in username_input
    assert 'id="id_username_error"' in page and "reserved" in page
    assert 'name="username" value="anon_12345"' in username_input or 'value="anon_12345"' in username_input


def test_the_email_confirmation_page_for_a_bad_key(client):
    page = assert_in_our_layout(client.get(reverse("account_confirm_email", args=["nonsense"])))
    assert "expired or has been used" in page


def test_the_password_reset_page_for_a_bad_key(client, member):
    page = assert_in_our_layout(client.get("/accounts/password/reset/key/zz-set-password/"))
    assert "no longer works" in page


def test_the_verification_sent_page(client):
    assert "Check your email" in assert_in_our_layout(client.get(reverse("account_email_verification_sent")))


def test_an_inactive_account_is_told_so_in_our_words(client):
    make_user("closed_one", active=False)
    response = client.post(reverse("account_login"), {"login": "closed_one", "password": PASSWORD}, follow=True)
    assert "This account is closed" in assert_in_our_layout(response)


def test_the_email_page_lists_addresses_with_our_words(login, member):
    EmailAddress.objects.create(user=member, email="second@example.com", verified=False)
    page = assert_in_our_layout(login(member).get(reverse("account_email")))
    assert "second@example.com" in page and "not verified yet" in page and "primary" in page


def test_the_email_page_offers_a_new_address(login, member):
    page = assert_in_our_layout(login(member).get(reverse("account_email")))
    assert member.email in page and 'name="email"' in page and ("action_add" in page)


def test_messages_say_logged_in_and_logged_out(client, member):
    response = client.post(reverse("account_login"), {"login": member.username, "password": PASSWORD}, follow=True)
    assert f"You are logged in as {member.username}." in response.content.decode()
    response = client.post(reverse("account_logout"), follow=True)
    assert "You have logged out." in response.content.decode()


def test_the_header_links_a_member_to_their_settings(login, member):
    page = login(member).get(reverse("posts:home")).content.decode()
    assert f'href="{reverse("accounts:settings")}">settings</a>' in page


def test_the_header_sign_up_link_carries_the_page(client, post):
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'href="{reverse("account_signup")}?next={post.get_absolute_url()}">sign up</a>' in page


def test_account_pages_are_usable_on_a_narrow_screen(client):
    page = client.get(reverse("account_login")).content.decode()
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page
    css = open("static/css/forum.css").read()
    # Inputs take the column's width, never a fixed one wider than a 360px screen.
    assert re.search(r"\.field input[^{]*\{[^}]*width: 100%", css)
    account_rules = css[css.index("/* Account pages") :]
    assert not re.search(r"(?<!max-)width:\s*(?:[4-9]\d\d|\d{4,})px", account_rules)


def test_the_login_form_speaks_the_sites_words(client, settings):
    settings.ACCOUNT_FORMS = {
        **settings.ACCOUNT_FORMS,
        "login": "accounts.forms.LoginForm",
    }  # as forum/settings.py is to say
    page = client.get(reverse("account_login")).content.decode()
    assert '<label for="id_login">Name or email</label>' in page
    assert '<label for="id_remember">Keep me logged in on this browser</label>' in page


def test_the_password_change_page_speaks_the_sites_words(client, member):
    client.force_login(member)
    page = client.get(reverse("account_change_password")).content.decode()
    assert "Current password" in page and "New password again" in page
    assert "Current Password" not in page and "placeholder=" not in page
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not it", "password1": "a new long phrase 77", "password2": "a new long phrase 77"},
    )
    assert "That is not your current password." in response.content.decode()
