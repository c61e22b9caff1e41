"""Open redirects: no address of the site sends a reader off it because of `next` (or anything
else they were sent), whether in the query string or the form, logged out or logged in.

Every pattern of the URLconf is asked, by GET with `?next=` and by POST with a `next` field, with
the shapes browsers read as another site; every Location it answers (and the `next` inside a
login redirect, followed after logging in) must stay on this site as a browser reads it. Logging in,
signing up and logging out, whose whole business is `next`, are asked with real credentials.
"""

from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, make_user
from tests.security.cast import ADMIN, ANONYMOUS, World

from .test_fuzz_urls import OWN_ROUTES, _client, _good_values, _methods, _path

pytestmark = pytest.mark.django_db

EVIL = [
    "//evil.example",
    "///evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "https:evil.example",
    "https://evil.example/",
    "HTTPS://EVIL.EXAMPLE",
    "http://testserver@evil.example/",
    "https://testserver.evil.example/",
    "%2F%2Fevil.example",  # sent percent-encoded once more: the view sees the text %2F%2F...
    "/%2F/evil.example",
    "\t//evil.example",
    "/\t/evil.example",
    " //evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
]
# The walk of every pattern asks these (the shapes the issue names, and a plain other site); the
# login, signup and logout flows all of EVIL.
WALKED = ["//evil.example", "/\\evil.example", "https:evil.example", "\\\\evil.example", "%2F%2Fevil.example",
          "https://evil.example/", "\t//evil.example"]  # fmt: skip
SITE_HOSTS = {"testserver", urlsplit(settings.SITE_URL).netloc}


def off_site(location):
    """Whether a browser following this Location (from a page of the site) leaves the site: it
    drops tabs and newlines, reads a backslash as a slash, and takes `//host` and `scheme:` to
    name another site."""
    url = "".join(ch for ch in location if ch not in "\t\n\r").strip(" \x00").replace("\\", "/")
    if url.startswith("/") and not url.startswith("//"):
        return False
    parts = urlsplit(url)
    return not (parts.scheme in ("http", "https") and parts.netloc.lower() in SITE_HOSTS)


def test_the_judge_knows_off_site_from_on_site():
    for location in EVIL[:10] + ["javascript:alert(1)", "/\t/evil.example"]:
        assert off_site(location), location
    for location in ["/", "/post/1/x?next=//evil.example", "http://testserver/post/1", "/accounts/login/?next=/"]:
        assert not off_site(location), location


def _assert_stays(response, what):
    location = response.get("Location")
    if location is None:
        return
    assert not off_site(location), f"{what} -> {location}"
    # A login page sends the reader on, once logged in, to its own `next`: that too. (Another
    # page of the site given a `next`, as /new passes its query on to /post/new, is asked itself.)
    parts = urlsplit(location)
    if parts.path not in (reverse("account_login"), reverse("admin:login")):
        return
    for value in parse_qs(parts.query).get("next", []):
        assert not off_site(value), f"{what} -> {location} (next={value})"


# An admin may use every view a member may, and the moderators' too.
@pytest.mark.parametrize("role", [ANONYMOUS, ADMIN])
def test_no_pattern_redirects_off_site(role):
    world = World.build()
    redirects = 0
    for route, target in OWN_ROUTES:
        path = _path(route, _good_values(route, target, world))
        if route.name == "account_logout":
            continue  # logs the client out: asked on its own below
        client = _client(world, role)
        for evil in WALKED:
            encoded = quote(evil, safe="")
            for method in _methods(route):
                if method == "GET":
                    response = client.get(path, QUERY_STRING=f"next={encoded}")
                else:
                    data = {**(target.data(world) if target else {}), "next": evil}
                    data["csrfmiddlewaretoken"] = client.csrf_secret
                    response = client.post(f"{path}?next={encoded}", data)
                assert response.status_code < 500, (method, path, evil)
                _assert_stays(response, f"{role} {method} {path} next={evil!r}")
                redirects += response.status_code in (301, 302, 303, 307, 308)
    assert redirects > 50  # the walk did reach the views that send readers back


def test_logging_in_signing_up_and_out_stay_on_the_site(settings):
    settings.SIGNUPS_PER_NETWORK_PER_HOUR = len(EVIL)  # one sign-up for each, from the one test address
    member = make_user("walker")
    for index, evil in enumerate(EVIL):
        client = Client()
        client.get(reverse("account_login"))  # the CSRF cookie, as a browser has it from the form
        encoded = quote(evil, safe="")
        response = client.post(
            f"{reverse('account_login')}?next={encoded}",
            {"login": member.username, "password": PASSWORD, "next": evil},
        )
        assert response.status_code == 302  # logged in
        _assert_stays(response, f"login next={evil!r}")
        response = client.post(reverse("account_logout"), {"next": evil})
        assert response.status_code == 302
        _assert_stays(response, f"logout next={evil!r}")
        response = client.post(
            f"{reverse('account_signup')}?next={encoded}",
            {"username": f"newcomer{index}", "email": f"newcomer{index}@example.com", "password1": PASSWORD,
             "password2": PASSWORD, "next": evil},
        )  # fmt: skip
        assert response.status_code == 302, evil  # signed up
        _assert_stays(response, f"signup next={evil!r}")
        # The admin's own login sends visitors to the site's, with their next.
        response = Client().get(f"{reverse('admin:login')}?next={encoded}")
        _assert_stays(response, f"admin login next={evil!r}")
