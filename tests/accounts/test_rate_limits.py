"""allauth's limits on failed logins, as deployed: behind the README's proxy, across gunicorn
workers, and whatever port the Host header names."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db
TOO_MANY = "Too many failed login attempts"
PROXY = "10.0.0.2"


def log_in(client, password, **headers):
    return client.post(reverse("account_login"), {"login": "reader", "password": password}, **headers)


def is_logged_in(client):
    return client.get(reverse("posts:home")).context["user"].is_authenticated


def test_behind_the_proxy_one_visitors_failures_do_not_lock_out_another(settings, rate_limits):
    settings.TRUSTED_PROXY_COUNT = 1
    rate_limits(login_failed="3/m/ip")
    make_user("reader")
    attacker = Client(REMOTE_ADDR=PROXY)
    for forged in ["1.1.1.1", "2.2.2.2", "3.3.3.3"]:  # what the client adds itself changes nothing
        log_in(attacker, "wrong password", HTTP_X_FORWARDED_FOR=f"{forged}, 198.51.100.66")
    assert TOO_MANY in log_in(attacker, PASSWORD, HTTP_X_FORWARDED_FOR="4.4.4.4, 198.51.100.66").content.decode()

    someone_else = Client(REMOTE_ADDR=PROXY)
    response = log_in(someone_else, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert response.status_code == 302 and is_logged_in(someone_else)


def test_allauth_reads_the_client_address_as_the_rest_of_the_site_does(rf, settings):
    from allauth.account.adapter import get_adapter

    from forum.anonymous.network import client_address

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.66")
    assert get_adapter(request).get_client_ip(request) == client_address(request) == "198.51.100.66"


def test_failed_logins_are_counted_in_the_cache_every_worker_shares(client, rate_limits):
    rate_limits(login_failed="5/300s/key")
    make_user("reader")
    for _ in range(3):
        log_in(client, "wrong password")

    with connection.cursor() as cursor:  # the count is a row of the database cache's table
        cursor.execute("SELECT cache_key FROM forum_cache WHERE cache_key LIKE %s", ["%login_failed%"])
        (stored_key,) = [row[0] for row in cursor.fetchall()]
    another_worker = caches.create_connection("default")  # a cache client of its own, as a worker has
    assert len(another_worker.get(stored_key.removeprefix(":1:"))) == 3


def test_another_port_in_the_host_header_gives_no_fresh_allowance(client, rate_limits):
    rate_limits(login_failed="3/300s/key")
    make_user("reader")
    for _ in range(3):
        log_in(client, "wrong password", HTTP_HOST="testserver")
    response = log_in(client, PASSWORD, HTTP_HOST="testserver:8443")
    assert TOO_MANY in response.content.decode() and not is_logged_in(client)
