import re

import pytest
from django.test import RequestFactory

from forum.anonymous import models as anonymous_models
from forum.anonymous.models import AnonymousIdentity, network_digest
from forum.anonymous.network import client_address, visitor_network

pytestmark = pytest.mark.django_db


def request_from(address, **meta):
    return RequestFactory().get("/", REMOTE_ADDR=address, **meta)


def test_name_is_anon_and_five_hex_digits():
    identity = AnonymousIdentity.for_request(request_from("203.0.113.1"))
    assert re.fullmatch(r"anon_[0-9a-f]{5}", identity.name)


def test_name_is_stable_for_a_visitor_and_matches_what_the_form_shows():
    shown = AnonymousIdentity.name_for_request(request_from("203.0.113.1"))
    assert AnonymousIdentity.objects.count() == 0  # showing the name writes nothing
    first = AnonymousIdentity.for_request(request_from("203.0.113.1"))
    again = AnonymousIdentity.for_request(request_from("203.0.113.1"))
    assert first == again and first.name == shown
    assert AnonymousIdentity.name_for_request(request_from("203.0.113.1")) == shown


def test_name_is_not_the_md5_of_the_address():
    import hashlib

    identity = AnonymousIdentity.for_request(request_from("203.0.113.1"))
    assert identity.name != "anon_" + hashlib.md5(b"203.0.113.1").hexdigest()[:5]
    assert "203.0.113.1" not in identity.digest


def test_name_depends_on_the_server_secret(settings):
    name = AnonymousIdentity.name_for_request(request_from("203.0.113.1"))
    settings.ANONYMOUS_NAME_KEY = "another secret"
    assert AnonymousIdentity.name_for_request(request_from("203.0.113.1")) != name


def test_colliding_names_are_settled_by_the_next_candidate(monkeypatch):
    # Make every visitor's first candidate the same name.
    real = anonymous_models.candidate_names

    def colliding(digest):
        yield "anon_00000"
        yield from real(digest)

    monkeypatch.setattr(anonymous_models, "candidate_names", colliding)
    first = AnonymousIdentity.for_request(request_from("203.0.113.1"))
    second = AnonymousIdentity.for_request(request_from("203.0.113.2"))
    assert first.name == "anon_00000" and second.name != first.name
    assert AnonymousIdentity.name_for_request(request_from("203.0.113.2")) == second.name
    assert AnonymousIdentity.name_for_request(request_from("203.0.113.3")) != "anon_00000"


def test_ipv6_visitor_is_one_visitor_across_their_64():
    assert visitor_network("2001:db8:1:2::1") == visitor_network("2001:db8:1:2:ffff::9")
    assert visitor_network("2001:db8:1:2::1") != visitor_network("2001:db8:1:3::1")
    assert visitor_network("::ffff:203.0.113.1") == "203.0.113.1"


def test_forwarded_for_is_ignored_without_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from("10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")) == "10.0.0.1"


def test_forwarded_for_uses_the_entry_added_by_our_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    forged_then_real = "6.6.6.6, 203.0.113.5"
    assert client_address(request_from("10.0.0.1", HTTP_X_FORWARDED_FOR=forged_then_real)) == "203.0.113.5"


def test_digest_is_keyed():
    assert network_digest("203.0.113.1") != network_digest("203.0.113.2")
    assert len(network_digest("203.0.113.1")) == 64


def test_commenting_again_updates_last_seen():
    first = AnonymousIdentity.for_request(request_from("203.0.113.1"))
    AnonymousIdentity.objects.filter(pk=first.pk).update(last_seen_at=first.created_at.replace(year=2020))
    again = AnonymousIdentity.for_request(request_from("203.0.113.1"))
    again.refresh_from_db()
    assert again.last_seen_at.year > 2020
