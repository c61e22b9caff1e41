"""/admin/login/ checks no password itself: it sends visitors to allauth's login, where failed
logins are limited, and back to the admin after."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def log_in_through_the_admin(client, password):
    """What a script at the admin's login does: post there, and post again where it is sent."""
    response = client.post(reverse("admin:login"), {"username": "admin", "password": password, "next": "/admin/"})
    if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
        response = client.post(response["Location"], {"login": "admin", "password": password})
    return response


def is_logged_in(client):
    return client.get(reverse("posts:home")).context["user"].is_authenticated


def test_the_admin_login_does_not_log_in_even_with_the_right_password(client):
    make_user("admin", superuser=True)
    response = client.post(reverse("admin:login"), {"username": "admin", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2F"
    assert not is_logged_in(client)


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, rate_limits):
    """The attack as it was run: 30 wrong passwords for `admin`, then the right one, which logged in."""
    rate_limits()  # allauth's own limits, as in production
    make_user("admin", superuser=True)
    for _ in range(30):
        log_in_through_the_admin(client, "wrong password")
    log_in_through_the_admin(client, PASSWORD)
    assert not is_logged_in(client)
    assert client.get(reverse("admin:index")).status_code == 302


def test_an_admin_reaches_the_admin_through_the_login(client):
    make_user("admin", superuser=True)
    response = log_in_through_the_admin(client, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_member_who_is_not_staff_is_refused_at_the_admin_login(login, member):
    assert login(member).get(reverse("admin:login")).status_code == 403
