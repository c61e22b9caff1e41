"""The account flows end to end: every emailed link followed with the test client."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "another fine long passphrase"


def link_in(message, path_prefix):
    return re.search(rf"http://testserver({re.escape(path_prefix)}\S+)", message.body).group(1)


def user_of(client):
    return client.get(reverse("posts:home")).context["user"]


def test_the_tests_run_with_mandatory_verification_as_production_does(settings):
    assert settings.ACCOUNT_EMAIL_VERIFICATION == "mandatory"  # tests/settings.py: production's


def test_mandatory_verification_keeps_an_unverified_member_out_until_they_follow_the_link(client):
    member = make_user("unverified", new=True)
    response = client.post(reverse("account_login"), {"login": "unverified", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("account_email_verification_sent")
    assert not user_of(client).is_authenticated
    link = link_in(mail.outbox[-1], "/accounts/confirm-email/")
    client.post(link)
    assert EmailAddress.objects.get(user=member).verified
    assert user_of(client) == member


def test_optional_verification_lets_an_unverified_member_in(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"  # development's
    member = make_user("unverified", new=True)
    response = client.post(reverse("account_login"), {"login": "unverified", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert user_of(client) == member


def test_changing_email_sends_a_link_to_the_new_address_and_following_it_makes_it_the_address(login, member):
    client = login(member)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "moved@example.com"})
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["moved@example.com"]
    assert not EmailAddress.objects.get(email="moved@example.com").verified
    member.refresh_from_db()
    assert member.email == "reader@example.com"  # nothing changes before the link is followed

    assert client.post(link_in(mail.outbox[-1], "/accounts/confirm-email/")).status_code == 302
    assert EmailAddress.objects.get(email="moved@example.com").verified
    client.post(reverse("account_email"), {"action_primary": "", "email": "moved@example.com"})
    client.post(reverse("account_email"), {"action_remove": "", "email": "reader@example.com"})
    member.refresh_from_db()
    assert member.email == "moved@example.com"
    assert list(EmailAddress.objects.filter(user=member).values_list("email", "primary")) == [
        ("moved@example.com", True)
    ]
    # The new address now logs in.
    other = Client()
    assert other.post(reverse("account_login"), {"login": "moved@example.com", "password": PASSWORD}).status_code == 302
    assert user_of(other) == member


def test_another_members_confirmation_link_does_not_verify_for_you(login, member, other_member):
    login(member).post(reverse("account_email"), {"action_add": "", "email": "mine@example.com"})
    link = link_in(mail.outbox[-1], "/accounts/confirm-email/")
    intruder = Client()
    intruder.force_login(other_member)
    intruder.post(link)
    address = EmailAddress.objects.get(email="mine@example.com")
    assert address.user == member and not user_of(intruder).is_authenticated  # logged out, as allauth does


def test_changing_password_needs_the_old_one(login, member):
    client = login(member)
    url = reverse("account_change_password")
    refused = client.post(url, {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert refused.status_code == 200 and 'aria-invalid="true"' in refused.content.decode()
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
    response = client.post(url, {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert user_of(client) == member  # still logged in here


def test_password_reset_by_emailed_link(client, member):
    response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 302 and response["Location"] == reverse("account_reset_password_done")
    assert mail.outbox[-1].to == [member.email]
    link = link_in(mail.outbox[-1], "/accounts/password/reset/key/")
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and "Choose a new password" in form_page.content.decode()
    form_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    # The link works once.
    assert "no longer works" in Client().get(link, follow=True).content.decode()
    fresh = Client()
    fresh.post(reverse("account_login"), {"login": member.username, "password": NEW_PASSWORD})
    assert user_of(fresh) == member


def test_password_reset_for_an_unknown_address_answers_the_same_and_sends_no_link(client):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert response.status_code == 302 and response["Location"] == reverse("account_reset_password_done")
    assert all("/accounts/password/reset/key/" not in message.body for message in mail.outbox)


@pytest.mark.parametrize("value", ["a\x00b@example.com", "x" * 10_000 + "@example.com", "not an address"])
def test_hostile_email_values_are_refused_with_a_message(login, member, value):
    response = login(member).post(reverse("account_email"), {"action_add": "", "email": value})
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    assert EmailAddress.objects.filter(user=member).count() == 1


@pytest.mark.parametrize("value", ["a\x00b", "x" * 10_000])
def test_hostile_login_values_are_refused_with_a_message(client, value):
    response = client.post(reverse("account_login"), {"login": value, "password": value})
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
