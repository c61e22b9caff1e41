"""Sign-up tells nobody whether an email address is registered: same answer, same work."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import make_user

from .hashers import CountingPasswordHasher

pytestmark = pytest.mark.django_db
User = get_user_model()


def sign_up(client, username, email):
    password = "a fine long passphrase"
    data = {"username": username, "email": email, "password1": password, "password2": password}
    return client.post(reverse("account_signup"), data, follow=True)


def answer(response, email):
    """What the visitor sees, with the address they typed made anonymous."""
    page = response.content.decode().replace(email, "EMAIL")
    return response.status_code, response.redirect_chain, page


def test_signing_up_with_a_registered_email_answers_as_a_new_one_does(client, settings):
    owner = make_user("owner", email="owner@example.com")
    registered = answer(sign_up(client, "newcomer1", "owner@example.com"), "owner@example.com")
    new = answer(sign_up(client, "newcomer2", "fresh@example.com"), "fresh@example.com")
    assert registered == new
    assert registered[1] == [(reverse("account_email_verification_sent"), 302)]

    assert not User.objects.filter(username="newcomer1").exists()
    assert User.objects.filter(email__iexact="owner@example.com").get() == owner
    already, confirmation = mail.outbox
    assert already.to == ["owner@example.com"] and "an account using that email address already exists" in already.body
    assert "http://testserver/accounts/password/reset/" in already.body
    assert confirmation.to == ["fresh@example.com"] and "/accounts/confirm-email/" in confirmation.body


def test_signing_up_with_a_registered_email_hashes_as_many_passwords_as_a_new_one(client, settings):
    settings.PASSWORD_HASHERS = ["tests.accounts.hashers.CountingPasswordHasher"]
    make_user("owner", email="owner@example.com")
    counts = []
    for username, email in [("newcomer1", "owner@example.com"), ("newcomer2", "fresh@example.com")]:
        CountingPasswordHasher.hashes = 0
        sign_up(client, username, email)
        counts.append(CountingPasswordHasher.hashes)
    assert counts == [1, 1]


def test_no_message_after_signup_tells_a_new_address_from_a_registered_one(settings):
    from django.test import Client

    make_user("owner", email="owner@example.com")
    seen = []
    for username, email in (("newcomer1", "owner@example.com"), ("newcomer2", "fresh@example.com")):
        client = Client()
        sign_up(client, username, email)
        seen.append(client.get(reverse("posts:home")).content.decode().replace(email, "EMAIL"))
    assert seen[0] == seen[1] and "Confirmation email sent" not in seen[1]
