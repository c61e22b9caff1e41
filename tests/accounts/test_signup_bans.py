"""A visitor banned with their network cannot come back as a new member from it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import make_anonymous

pytestmark = pytest.mark.django_db
User = get_user_model()
BANNED = "203.0.113.7"
FORM = {
    "username": "newcomer",
    "email": "new@example.com",
    "password1": "a long passphrase",
    "password2": "a long passphrase",
}


@pytest.fixture
def banned_network(db):
    make_anonymous(address=BANNED, network_banned=True)


def test_signup_from_a_banned_network_is_refused_with_a_clear_page(client, banned_network):
    page = client.get(reverse("account_signup"), REMOTE_ADDR=BANNED)
    assert page.status_code == 403 and "No sign-ups from this network" in page.content.decode()
    assert 'name="password1"' not in page.content.decode()

    response = client.post(reverse("account_signup"), FORM, REMOTE_ADDR=BANNED)
    assert response.status_code == 403 and "No sign-ups from this network" in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()


def test_the_ban_follows_the_address_behind_the_proxy(client, settings, banned_network):
    settings.TRUSTED_PROXY_COUNT = 1
    client.post(reverse("account_signup"), FORM, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=BANNED)
    assert not User.objects.filter(username="newcomer").exists()


def test_signup_from_another_network_is_open(client, banned_network):
    response = client.post(reverse("account_signup"), FORM, REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 302 and User.objects.filter(username="newcomer").exists()
