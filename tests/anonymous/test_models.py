import hashlib
import re

import pytest
from django.test import RequestFactory

from forum.anonymous import models as anonymous_models
from forum.anonymous.models import AnonymousIdentity, network_digest
from forum.anonymous.network import client_address, visitor_network
from forum.anonymous.visitor import COOKIE_NAME, visitor_from_request
from tests.factories import make_anonymous

pytestmark = pytest.mark.django_db
BROWSER = "b" * 22
OTHER_BROWSER = "c" * 22


def request_from(token=BROWSER, address="203.0.113.1", **meta):
    request = RequestFactory().get("/", REMOTE_ADDR=address, **meta)
    if token:
        request.COOKIES[COOKIE_NAME] = token
    return request


def identity_for(request):
    return AnonymousIdentity.for_visitor(visitor_from_request(request))


def name_shown_to(request):
    return AnonymousIdentity.name_for(visitor_from_request(request).digest)


def test_name_is_anon_and_five_hex_digits():
    identity = identity_for(request_from())
    assert re.fullmatch(r"anon_[0-9a-f]{5}", identity.name)


def test_name_is_stable_for_a_visitor_and_matches_what_the_form_shows():
    shown = name_shown_to(request_from())
    assert AnonymousIdentity.objects.count() == 0  # showing the name writes nothing
    first = identity_for(request_from())
    again = identity_for(request_from())
    assert first == again and first.name == shown
    assert name_shown_to(request_from()) == shown


def test_visitor_keeps_their_name_when_their_address_changes():
    home = identity_for(request_from(address="203.0.113.1"))
    travelling = identity_for(request_from(address="198.51.100.7"))
    assert home == travelling
    assert travelling.network_digest == network_digest("198.51.100.7")


def test_two_visitors_behind_one_address_are_two_commenters():
    one = identity_for(request_from(BROWSER, address="203.0.113.1"))
    two = identity_for(request_from(OTHER_BROWSER, address="203.0.113.1"))
    assert one != two and one.name != two.name


def test_name_and_stored_digests_do_not_contain_or_reveal_the_address():
    identity = identity_for(request_from(address="203.0.113.1"))
    assert identity.name != "anon_" + hashlib.md5(b"203.0.113.1").hexdigest()[:5]
    assert "203.0.113.1" not in identity.digest + identity.network_digest
    assert identity.network_digest != hashlib.sha256(b"203.0.113.1").hexdigest()


def test_name_depends_on_the_server_secret(settings):
    name = name_shown_to(request_from())
    settings.ANONYMOUS_NAME_KEY = "another secret"
    assert name_shown_to(request_from()) != name


def test_a_browser_without_the_cookie_gets_a_fresh_random_token():
    first, second = visitor_from_request(request_from(token=None)), visitor_from_request(request_from(token=None))
    assert first.token != second.token and first.digest != second.digest
    assert first.token_is_new and second.token_is_new


def test_a_browser_with_the_cookie_keeps_its_token():
    visitor = visitor_from_request(request_from(BROWSER))
    assert visitor.token == BROWSER and not visitor.token_is_new


def test_a_forged_malformed_cookie_is_replaced():
    visitor = visitor_from_request(request_from(token="'; DROP TABLE --"))
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", visitor.token) and visitor.token_is_new


def test_colliding_names_are_settled_by_the_next_candidate(monkeypatch):
    real = anonymous_models.candidate_names

    def colliding(digest, count=anonymous_models.MAX_CANDIDATES):  # every visitor's first choice is the same
        yield "anon_00000"
        yield from real(digest, count - 1)

    monkeypatch.setattr(anonymous_models, "candidate_names", colliding)
    first = identity_for(request_from(BROWSER))
    second = identity_for(request_from(OTHER_BROWSER))
    assert first.name == "anon_00000" and second.name != first.name
    assert name_shown_to(request_from(OTHER_BROWSER)) == second.name
    assert name_shown_to(request_from("d" * 22)) != "anon_00000"


def test_the_name_a_page_reads_with_its_post_is_the_name_for_even_past_the_first_candidates():
    visitor = visitor_from_request(request_from(BROWSER))
    first = list(anonymous_models.candidate_names(visitor.digest, anonymous_models.FIRST_CANDIDATES))
    for n, name in enumerate(first):
        AnonymousIdentity.objects.create(name=name, digest=f"someone else {n}")
    from_page = AnonymousIdentity.name_from(visitor.digest, own_name=None, taken_names=set(first))
    assert from_page == AnonymousIdentity.name_for(visitor.digest) and from_page not in first
    assert AnonymousIdentity.name_from(visitor.digest, own_name="anon_12345", taken_names=set()) == "anon_12345"


HOME, PHONE = network_digest("203.0.113.1"), network_digest("198.51.100.1")


def test_a_visitor_ban_leaves_their_network_free():
    banned = make_anonymous(address="203.0.113.1", banned=True)
    neighbour = make_anonymous(address="203.0.113.1")  # same office, another browser
    assert banned.is_blocked_from(HOME) and banned.is_blocked_from(PHONE)
    assert not neighbour.is_blocked_from(HOME)


def test_a_network_ban_holds_for_a_new_cookie_on_that_network():
    banned = make_anonymous(address="203.0.113.1", network_banned=True)
    fresh_cookie = make_anonymous(address="203.0.113.1")
    assert fresh_cookie.is_blocked_from(HOME) and not fresh_cookie.is_blocked_from(PHONE)
    assert banned.is_blocked_from(HOME)


def test_a_network_ban_stays_with_the_network_when_the_visitor_moves():
    banned = make_anonymous(BROWSER, address="203.0.113.1", network_banned=True)
    identity_for(request_from(BROWSER, address="198.51.100.1"))  # tries from their phone
    banned.refresh_from_db()
    stranger_on_the_phone_network = make_anonymous(address="198.51.100.1")
    assert not stranger_on_the_phone_network.is_blocked_from(PHONE)
    assert make_anonymous(address="203.0.113.1").is_blocked_from(HOME)


def test_an_unknown_network_is_never_known():
    assert not make_anonymous(address="not an address").network_is_known
    assert make_anonymous(address="203.0.113.1").network_is_known


def test_ipv6_visitor_is_one_network_across_their_64():
    assert visitor_network("2001:db8:1:2::1") == visitor_network("2001:db8:1:2:ffff::9")
    assert visitor_network("2001:db8:1:2::1") != visitor_network("2001:db8:1:3::1")
    assert visitor_network("::ffff:203.0.113.1") == "203.0.113.1"


def test_forwarded_for_is_ignored_without_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from(address="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")) == "10.0.0.1"


def test_forwarded_for_uses_the_entry_added_by_our_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    forged_then_real = "6.6.6.6, 203.0.113.5"
    assert client_address(request_from(address="10.0.0.1", HTTP_X_FORWARDED_FOR=forged_then_real)) == "203.0.113.5"


@pytest.mark.parametrize(
    "forwarded, address",
    [("203.0.113.5:41234", "203.0.113.5"), ("[2001:db8::1]:41234", "2001:db8::1"), ("2001:db8::1", "2001:db8::1")],
)
def test_a_proxy_that_adds_the_port_still_names_the_visitors_address(settings, forwarded, address):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_from(address="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)) == address
