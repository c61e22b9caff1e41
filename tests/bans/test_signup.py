"""Sign-up against bans and the per-network limit: a banned network gets the 403 page, a banned
email (in any spelling of its mailbox) makes no account and is answered as any address is, and a
busy network is told when to try again with what it typed kept."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from forum.anonymous.models import network_digest
from forum.bans.services import ban_email, ban_network
from forum.bans.signups import take_signup_slot
from tests.factories import make_user

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "a fine long passphrase"


def form(username, email):
    return {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD}


def sign_up(client, username, email, address="198.51.100.30", **extra):
    return client.post(reverse("account_signup"), form(username, email), REMOTE_ADDR=address, **extra)


@pytest.fixture
def admin_user(db):
    return make_user("boss", superuser=True)


# A banned network: the 403 page, saying why and until when, never which network.


def test_signup_from_a_banned_network_answers_403_saying_why_and_until_when(client, admin_user):
    until = timezone.now() + timedelta(days=2)
    ban_network(network_digest("203.0.113.40"), by=admin_user, until=until, reason="secret staff note")
    for response in (
        client.get(reverse("account_signup"), REMOTE_ADDR="203.0.113.40"),
        sign_up(client, "newcomer", "new@example.com", address="203.0.113.40"),
    ):
        page = response.content.decode()
        assert response.status_code == 403
        assert "No sign-ups from this network" in page and "has been banned from this forum" in page
        assert "The ban ends on" in page and str(until.year) in page
        assert (
            "203.0.113" not in page and "secret staff note" not in page and network_digest("203.0.113.40") not in page
        )
        assert 'name="password1"' not in page
    assert not User.objects.filter(username="newcomer").exists()


def test_a_network_banned_for_good_is_told_so(client, admin_user):
    ban_network(network_digest("203.0.113.41"), by=admin_user)
    page = client.get(reverse("account_signup"), REMOTE_ADDR="203.0.113.41").content.decode()
    assert "The ban has no end date." in page and "log in" in page


def test_an_expired_network_ban_no_longer_closes_signup(client, admin_user):
    ban_network(network_digest("203.0.113.42"), by=admin_user, until=timezone.now() - timedelta(minutes=1))
    response = sign_up(client, "newcomer", "new@example.com", address="203.0.113.42")
    assert response.status_code == 302 and User.objects.filter(username="newcomer").exists()


# A banned email: no account, and the same answer as any other address.


def answer(response, email):
    page = response.content.decode().replace(email, "EMAIL")
    return response.status_code, response.redirect_chain, page


@pytest.mark.parametrize("typed", ["spammer@gmail.com", "S.Pammer+again@GoogleMail.com", "SPAMMER@gmail.com"])
def test_a_banned_email_and_its_look_alikes_make_no_account_and_answer_as_a_new_one(client, admin_user, typed):
    from django.test import Client

    ban_email("spammer@gmail.com", by=admin_user)
    banned = sign_up(Client(), "newcomer1", typed, follow=True)
    fresh = sign_up(Client(), "newcomer2", "fresh@example.com", follow=True)
    assert answer(banned, typed.lower()) == answer(fresh, "fresh@example.com")
    assert banned.redirect_chain == [(reverse("account_email_verification_sent"), 302)]
    assert not User.objects.filter(username="newcomer1").exists()
    refusal, confirmation = mail.outbox
    assert refusal.to == [typed.lower()] and "has been banned from the forum" in refusal.body
    assert confirmation.to == ["fresh@example.com"]


def test_the_banned_answer_carries_the_same_headers(admin_user):
    from django.test import Client

    ban_email("spammer@example.com", by=admin_user)
    banned = sign_up(Client(), "newcomer1", "spammer+1@example.com")
    fresh = sign_up(Client(), "newcomer2", "fresh@example.com")
    assert banned.status_code == fresh.status_code == 302
    assert banned["Location"] == fresh["Location"]
    assert banned.get("Cache-Control") == fresh.get("Cache-Control") and banned.get("Cache-Control")


def test_the_banned_email_of_a_registered_member_is_answered_as_any_registered_one(client, admin_user):
    make_user("nuked", email="nuked@example.com")
    ban_email("nuked@example.com", by=admin_user)
    response = sign_up(client, "newcomer", "nuked@example.com", follow=True)
    assert response.redirect_chain == [(reverse("account_email_verification_sent"), 302)]
    (refusal,) = mail.outbox
    assert "has been banned" in refusal.body and "already exists" not in refusal.body


def test_a_banned_email_hashes_as_many_passwords_as_a_new_one(client, settings, admin_user):
    from tests.accounts.hashers import CountingPasswordHasher

    settings.PASSWORD_HASHERS = ["tests.accounts.hashers.CountingPasswordHasher"]
    ban_email("spammer@example.com", by=admin_user)
    counts = []
    for username, email in [("newcomer1", "spammer@example.com"), ("newcomer2", "fresh@example.com")]:
        CountingPasswordHasher.hashes = 0
        sign_up(client, username, email)
        counts.append(CountingPasswordHasher.hashes)
    assert counts == [1, 1]


def test_an_expired_email_ban_lets_the_address_sign_up(client, admin_user):
    ban_email("late@example.com", by=admin_user, until=timezone.now() - timedelta(seconds=1))
    sign_up(client, "newcomer", "late@example.com")
    assert User.objects.filter(username="newcomer", email="late@example.com").exists()


# Sign-ups per network per hour.


def test_signups_past_the_limit_come_back_saying_when_with_the_text_kept(client, settings):
    settings.SIGNUPS_PER_NETWORK_PER_HOUR = 2
    first_at = timezone.now()
    for n in (1, 2):
        assert sign_up(client, f"first{n}", f"first{n}@example.com", address="198.51.100.50").status_code == 302
        client.logout()
    response = sign_up(client, "third_one", "third@example.com", address="198.51.100.50")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Too many accounts have been made from your network in the past hour" in page
    minutes = int(re.search(r"Please try again in (\d+) minutes", page).group(1))
    assert 58 <= minutes <= 60
    assert f"{(first_at + timedelta(hours=1)).year}" in page  # "(at 2026 Nov 25, 11:54pm)"
    assert 'value="third_one"' in page and 'value="third@example.com"' in page
    assert PASSWORD not in page
    assert not User.objects.filter(username="third_one").exists()

    assert sign_up(client, "elsewhere", "elsewhere@example.com", address="198.51.100.51").status_code == 302


def test_a_form_refused_for_another_reason_uses_up_no_signup(client, settings):
    settings.SIGNUPS_PER_NETWORK_PER_HOUR = 1
    mismatch = {**form("typo_one", "typo@example.com"), "username": "-bad name-"}
    assert client.post(reverse("account_signup"), mismatch, REMOTE_ADDR="198.51.100.52").status_code == 200
    assert sign_up(client, "typo_one", "typo@example.com", address="198.51.100.52").status_code == 302


def test_the_limit_counts_registered_addresses_alike(client, settings):
    """Over the limit, a registered address gets the same refusal as a new one: the limit tells
    nobody which addresses have accounts."""
    settings.SIGNUPS_PER_NETWORK_PER_HOUR = 1
    make_user("owner", email="owner@example.com")
    assert sign_up(client, "newcomer1", "owner@example.com", address="198.51.100.53").status_code == 302
    refused = sign_up(client, "newcomer2", "fresh@example.com", address="198.51.100.53")
    assert refused.status_code == 200 and "Too many accounts" in refused.content.decode()


def test_the_slot_says_when_the_earliest_signup_leaves_the_window(settings):
    settings.SIGNUPS_PER_NETWORK_PER_HOUR = 2
    digest, start = network_digest("198.51.100.54"), timezone.now()
    assert take_signup_slot(digest, now=start) is None
    assert take_signup_slot(digest, now=start + timedelta(minutes=10)) is None
    assert take_signup_slot(digest, now=start + timedelta(minutes=20)) == start + timedelta(hours=1)


def test_visitors_whose_address_is_unknown_are_not_counted(settings):
    settings.SIGNUPS_PER_NETWORK_PER_HOUR = 1
    unknown = network_digest("unknown")
    assert [take_signup_slot(unknown) for _ in range(3)] == [None, None, None]


# Where members come from, for a nuke to ban.


def test_signing_up_and_logging_in_remember_the_network(client):
    from forum.bans.models import MemberNetwork
    from tests.factories import PASSWORD as MEMBER_PASSWORD

    sign_up(client, "newcomer", "new@example.com", address="198.51.100.60")
    newcomer = User.objects.get(username="newcomer")
    assert list(MemberNetwork.objects.filter(member=newcomer).values_list("digest", flat=True)) == [
        network_digest("198.51.100.60")
    ]
    member = make_user("regular")
    login = {"login": "regular", "password": MEMBER_PASSWORD}
    client.post(reverse("account_login"), login, REMOTE_ADDR="198.51.100.61")
    client.post(reverse("account_login"), login, REMOTE_ADDR="198.51.100.61")
    assert list(MemberNetwork.objects.filter(member=member).values_list("digest", flat=True)) == [
        network_digest("198.51.100.61")
    ]


def test_a_login_without_a_readable_address_remembers_nothing(client):
    from forum.bans.models import MemberNetwork

    client.force_login(make_user())
    assert not MemberNetwork.objects.exists()


# In every verification mode: a banned address is answered as a registered one is in that mode,
# never with a 500 (allauth's answer for a registered address without verification is a form error).


def same_page(response, typed):
    """The page without what was typed and the CSRF token, which differ from any form to another."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    for text in typed:
        page = page.replace(text, "TYPED")
    return page


@pytest.mark.parametrize("typed", ["spammer@gmail.com", "S.Pammer+again@GoogleMail.com"])
def test_without_mandatory_verification_a_banned_email_is_answered_as_a_registered_one(settings, admin_user, typed):
    from django.test import Client

    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    ban_email("spammer@gmail.com", by=admin_user)
    make_user("owner", email="owner@example.com")
    banned = sign_up(Client(), "newcomer1", typed)
    registered = sign_up(Client(), "newcomer2", "owner@example.com")
    assert banned.status_code == registered.status_code == 200
    assert "A user is already registered with this email address." in banned.content.decode()
    assert same_page(banned, {"newcomer1", typed}) == same_page(registered, {"newcomer2", "owner@example.com"})
    assert not User.objects.filter(username__in=["newcomer1", "newcomer2"]).exists()
    assert not mail.outbox  # a registered address is not mailed in this mode either
    fresh = sign_up(Client(), "newcomer3", "fresh@example.com")
    assert fresh.status_code == 302 and User.objects.filter(username="newcomer3").exists()


@pytest.mark.parametrize("mode", ["optional", "none", "mandatory"])
def test_a_banned_email_never_makes_an_account_nor_a_500(client, settings, admin_user, mode):
    settings.ACCOUNT_EMAIL_VERIFICATION = mode
    ban_email("spammer@example.com", by=admin_user)
    response = sign_up(client, "newcomer", "spammer+x@example.com")
    assert response.status_code in (200, 302)
    assert not User.objects.filter(username="newcomer").exists()
    assert response.status_code == (302 if mode == "mandatory" else 200)
