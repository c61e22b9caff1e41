"""Every way in hashes exactly as many passwords whether the password is right or wrong and
whether the member exists: the time a login takes tells nothing."""

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from tests.factories import PASSWORD, make_user

from .hashers import CountingPasswordHasher

pytestmark = pytest.mark.django_db

ATTEMPTS = {
    "right password, by username": ("reader", PASSWORD),
    "wrong password, by username": ("reader", "not the password"),
    "unknown username": ("nobody_here", PASSWORD),
    "right password, by email": ("reader@example.com", PASSWORD),
    "registered email, wrong password": ("reader@example.com", "not the password"),
    "unknown email": ("nobody@example.com", PASSWORD),
    "inactive member, right password": ("gone", PASSWORD),
    "inactive member, wrong password": ("gone", "not the password"),
}


@pytest.fixture
def members(settings):
    settings.PASSWORD_HASHERS = ["tests.accounts.hashers.CountingPasswordHasher"]
    make_user("reader")
    make_user("gone", active=False)


def hashes_for(attempt):
    CountingPasswordHasher.hashes = 0
    attempt()
    return CountingPasswordHasher.hashes


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=list(ATTEMPTS))
def test_the_login_form_hashes_one_password_whatever_the_attempt(client, members, attempt):
    login, password = ATTEMPTS[attempt]
    hashes = hashes_for(lambda: client.post(reverse("account_login"), {"login": login, "password": password}))
    assert hashes == 1


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=list(ATTEMPTS))
def test_authenticate_hashes_one_password_whatever_the_attempt(members, attempt):
    """What any other caller of django.contrib.auth.authenticate() gets: the admin's own login
    form used to be one."""
    login, password = ATTEMPTS[attempt]
    assert hashes_for(lambda: authenticate(None, username=login, password=password)) == 1


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=list(ATTEMPTS))
def test_the_admin_login_hashes_nothing_and_sends_everyone_to_the_throttled_login(client, members, attempt):
    login, password = ATTEMPTS[attempt]
    response = None

    def post():
        nonlocal response
        response = client.post(reverse("admin:login"), {"username": login, "password": password})

    assert hashes_for(post) == 0
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_the_right_password_logs_in_and_the_wrong_one_does_not(client, members):
    """The counts above are of real logins: the right password works, the wrong one does not."""
    client.post(reverse("account_login"), {"login": "reader@example.com", "password": "not the password"})
    assert not client.get(reverse("posts:home")).context["user"].is_authenticated
    client.post(reverse("account_login"), {"login": "reader@example.com", "password": PASSWORD})
    assert client.get(reverse("posts:home")).context["user"].username == "reader"
