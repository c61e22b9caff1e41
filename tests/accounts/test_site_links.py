"""Links in emails lead to SITE_URL, whatever Host header the request that sent them carried."""

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db
ANOTHER_PORT = {"HTTP_HOST": "localhost:8443"}  # allowed by ALLOWED_HOSTS, which ignores the port


@pytest.fixture(autouse=True)
def configured_site(settings):
    settings.SITE_URL = "https://forum.example"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "forum.example"]


def test_the_password_reset_link_is_on_the_configured_site(client, member):
    client.post(reverse("account_reset_password"), {"email": member.email}, **ANOTHER_PORT)
    (email,) = mail.outbox
    link = re.search(r"https://forum\.example(/accounts/password/reset/key/\S+)", email.body)
    assert link and "localhost" not in email.body and "8443" not in email.body
    assert email.subject.startswith("[patrick.net] ")
    # The path is allauth's own: it opens the form to choose a new password.
    assert 'name="password1"' in client.get(link.group(1), follow=True).content.decode()


def test_the_verification_link_of_a_new_member_is_on_the_configured_site(client):
    data = {
        "username": "newcomer",
        "email": "new@example.com",
        "password1": "a long passphrase",
        "password2": "a long passphrase",
    }
    client.post(reverse("account_signup"), data, **ANOTHER_PORT)
    (email,) = mail.outbox
    assert re.search(r"https://forum\.example/accounts/confirm-email/\S+", email.body)
    assert "localhost" not in email.body
