"""Every URL pattern, walked with hostile values in its path, its query string, its form and its
headers: the answer is a page or a clear refusal (a 4xx), never a 500 and never a traceback.

The patterns come from the URLconf itself (tests/security/urlwalk.py), with the rows of the
permission matrix (tests/security/matrix.py) for the values a pattern needs to reach its view;
the admin's and allauth's take the matrix test's dummy values. A value an int converter cannot
match never reaches the view (the resolver's 404), so for those the query string and the form are
what reach it. Requests go through Django's test client with raise_request_exception=False, so an
exception in a view is observed as the 500 a reader would get.
"""

import re

import pytest
from django.conf import settings
from django.test import Client

from forum.anonymous.visitor import COOKIE_NAME as VISITOR_COOKIE
from forum.core.middleware import TIMEZONE_COOKIE
from tests.security.cast import ADMIN, ANONYMOUS, MEMBER, World, client_as
from tests.security.matrix import TABLE
from tests.security.test_permission_matrix import ARGUMENTS, ROUTES, coarse_rule

pytestmark = pytest.mark.django_db

# Percent-encoded as they travel: in a path segment, a query value and a form field alike.
HOSTILE = [
    "a%00b",  # NUL
    "%FF%FE",  # not UTF-8
    "x" * 10_000,
    "-1",
    "99999999999999999999",
    "%C2%B2",  # '²': a digit to str.isdigit(), not to int()
    "..%2F..%2Fetc%2Fpasswd",
    "%2F%2Fevil.example",
    "javascript:alert(1)",
    "%0D%0ASet-Cookie:%20evil=1",  # CRLF
    "%F0%9F%92%A9",  # an emoji
    "%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "",
]
# The values every form field is sent with at once (a form refused for its first bad field reads
# no further, so more values would mostly ask the same question again).
POSTED = ["a%00b", "%FF%FE", "x" * 10_000, "99999999999999999999", "%0D%0ASet-Cookie:%20evil=1", "%C2%B2", ""]
ALONE = ["%00", "%FF%FE", "99999999999999999999", "%C2%B2", "-1", "1.5", "%E2%80%AE", "1e999"]
# What the site's views read from the address, and a name none reads.
QUERY_NAMES = ["page", "c", "next", "q", "a", "years_ago", "tab", "from", "quote", "in", "p"]
ADMIN_QUERY_NAMES = ["p", "o", "e", "q", "all", "_changelist_filters", "is_staff__exact", "status__exact"]
UNKNOWN = "zz_unknown"
# Every field any form of the site or allauth's takes, and the ones the admin's change forms share.
FORM_FIELDS = [
    "title", "body", "image", "action", "about", "timezone", "reason", "vote", "next", "password",
    "password1", "password2", "oldpassword", "login", "email", "username", "remember", "q", "quote",
    "watched_comments", "followed_posts", "new_follower", "mentions", "summonable", "hide_images_in_lists",
    "text", "post", "comment", "selection",
]  # fmt: skip
_CAPTURE = re.compile(r"<(?:(\w+):)?(\w+)>")


def _own_routes():
    """(route, values for its captures) for every pattern but the admin's and static media."""
    for route in ROUTES:
        rule = coarse_rule(route)
        if rule in ("admin", "media"):
            continue
        target = TABLE[route.key].targets[0] if route.key in TABLE else None
        yield route, target


OWN_ROUTES = list(_own_routes())


def _path(route, values):
    """The route's address with these values (raw, already percent-encoded) in its captures."""
    return "/" + _CAPTURE.sub(lambda match: values[match.group(2)], route.route)


def _good_values(route, target, world):
    kwargs = target.kwargs(world) if target else ARGUMENTS
    return {name: str(kwargs.get(name, ARGUMENTS.get(name, "1"))) for name in route.captures}


def _client(world, role):
    client = client_as(world.who(role, world.owner))
    client.raise_request_exception = False
    return client


def _form(client, value):
    fields = "&".join(f"{name}={value}" for name in FORM_FIELDS)
    return f"{fields}&csrfmiddlewaretoken={client.csrf_secret}"


def _assert_answered(response, what):
    assert response.status_code < 500, f"{response.status_code} for {what}"
    assert b"Traceback" not in response.content, what


def _send(client, method, path, query="", form=None):
    what = f"{method} {path[:200]}?{query[:200]}"
    if method == "GET":
        response = client.get(path, QUERY_STRING=query)
    else:
        response = client.post(path, data=form, content_type="application/x-www-form-urlencoded", QUERY_STRING=query)
    _assert_answered(response, what)
    return response


def _methods(route):
    rule = TABLE.get(route.key)
    if rule is None:
        return ("GET", "POST")
    return tuple(method for method in ("GET", "POST") if method in rule.methods)


@pytest.mark.parametrize("role", [ANONYMOUS, MEMBER])
def test_hostile_values_in_every_path_parameter(role):
    world = World.build()
    for route, target in OWN_ROUTES:
        good = _good_values(route, target, world)
        for name in route.captures:
            client = _client(world, role)
            for value in HOSTILE:
                path = _path(route, {**good, name: value or "-"})
                for method in _methods(route):
                    _send(client, method, path, form=_form(client, value) if method == "POST" else None)


@pytest.mark.parametrize("role", [ANONYMOUS, MEMBER])
def test_hostile_query_strings_and_forms_on_every_pattern(role):
    world = World.build()
    for route, target in OWN_ROUTES:
        path = _path(route, _good_values(route, target, world))
        client = _client(world, role)
        for value in HOSTILE:
            query = "&".join(f"{name}={value}" for name in [*QUERY_NAMES, UNKNOWN])
            for method in _methods(route):
                if method == "POST" and value not in POSTED:
                    continue
                _send(client, method, path, query, form=_form(client, value) if method == "POST" else None)
        # Each name alone too, with a value most likely to break a parser: a combined query can
        # be refused for its first bad value before the view reads the others. (Logged out only:
        # the views read their query the same way for a member.)
        if "GET" in _methods(route) and role == ANONYMOUS:
            for index, name in enumerate(QUERY_NAMES):
                _send(client, "GET", path, f"{name}={ALONE[(index + len(path)) % len(ALONE)]}")


def test_hostile_query_strings_on_the_admins_pages():
    world = World.build()
    client = _client(world, ADMIN)
    for route in ROUTES:
        if coarse_rule(route) != "admin" or not route.route.endswith(("/", "admin/")) or "<" in route.route:
            continue  # the lists and forms: what takes a query (an object's pages take the dummy id below)
        for value in ("%00", "%FF%FE", "99999999999999999999", "x" * 10_000):
            query = "&".join(f"{name}={value}" for name in [*ADMIN_QUERY_NAMES, UNKNOWN])
            _send(client, "GET", "/" + route.route, query)
    for model in ("posts/post", "comments/comment", "accounts/user", "anonymous/anonymousidentity"):
        for value in HOSTILE:
            _send(client, "GET", f"/admin/{model}/{value or '-'}/change/")
            _send(client, "GET", f"/admin/{model}/", f"q={value}&o={value}&p={value}")


def test_hostile_admin_actions_and_change_forms():
    """Every action of every admin list, on hostile ids, confirmed with a hostile reason; every
    change form of the moderated models sent hostile values."""
    from django.contrib import admin

    world = World.build()
    client = _client(world, ADMIN)
    for model, model_admin in admin.site._registry.items():
        changelist = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        names = [action if isinstance(action, str) else action.__name__ for action in model_admin.actions or ()]
        for name in [*names, "delete_selected", "no_such_action"]:
            for value in ("%00", "%FF%FE", "99999999999999999999", "-1", str(world.comment.pk)):
                form = (
                    f"action={name}&index=0&select_across=0&_selected_action={value}&confirmed=yes"
                    f"&reason={value}&post=yes&csrfmiddlewaretoken={client.csrf_secret}"
                )
                _send(client, "POST", changelist, form=form)
    changes = [
        f"/admin/posts/post/{world.post.pk}/change/",
        f"/admin/comments/comment/{world.comment.pk}/change/",
        f"/admin/accounts/user/{world.member.pk}/change/",
        f"/admin/anonymous/anonymousidentity/{world.anonymous_comment.anonymous_id}/change/",
    ]
    for url in changes:
        for value in POSTED:
            fields = "&".join(
                f"{name}={value}"
                for name in ("title", "body", "author", "status", "held_reason", "username", "email", "trust_level",
                             "about", "name", "date_joined_0", "date_joined_1", "created_at_0", "created_at_1")
            )  # fmt: skip
            _send(client, "POST", url, form=f"{fields}&csrfmiddlewaretoken={client.csrf_secret}")


def test_an_admin_action_on_rows_that_are_no_keys_is_a_400_and_changes_nothing():
    """Django's admin filters pk__in with the ids as sent: 'abc' was a ValueError, a 500
    (forum/core/middleware.py RejectNulMiddleware.process_exception answers it)."""
    from forum.comments.models import Comment

    world = World.build()
    client = _client(world, ADMIN)
    form = f"action=delete_selected&index=0&_selected_action=abc&post=yes&csrfmiddlewaretoken={client.csrf_secret}"
    response = _send(client, "POST", "/admin/comments/comment/", form=form)
    assert response.status_code == 400
    assert Comment.objects.filter(pk=world.comment.pk, deleted_at__isnull=True).exists()


HEADERS = [
    {"HTTP_COOKIE": "sessionid=\x00; csrftoken=\x00"},
    # A quoted octal escape decodes to a NUL inside a key long enough to be looked up.
    {"HTTP_COOKIE": 'sessionid="abcdefgh\\000ijklmnop"; csrftoken="abcdefgh\\000ijklmnop"'},
    {"HTTP_COOKIE": f"{VISITOR_COOKIE}=" + "x" * 8000},
    {"HTTP_COOKIE": f"{VISITOR_COOKIE}=%FF%FE; {TIMEZONE_COOKIE}=..%2F..%2Fetc%2Flocaltime"},
    {"HTTP_COOKIE": f"{TIMEZONE_COOKIE}=" + "Europe/" * 500},
    {"HTTP_COOKIE": f"{TIMEZONE_COOKIE}=\x00; messages=\x00garbage; {settings.SESSION_COOKIE_NAME}=" + "a" * 5000},
    {"HTTP_HOST": "evil.example"},
    {"HTTP_HOST": "testserver:99999999"},
    {"HTTP_HOST": "[::1"},
    {"HTTP_HOST": "testserver\x00.evil"},
    {"HTTP_X_FORWARDED_FOR": "not-an-address, \x00, 999.999.999.999, ::ffff:zz, " + "1," * 2000},
    {"HTTP_X_FORWARDED_FOR": "%FF%FE"},
    {"REMOTE_ADDR": "not-an-address"},
    {"REMOTE_ADDR": ""},
    {"HTTP_ACCEPT_LANGUAGE": "x" * 5000 + ";q=abc, \x00, *;q=-1"},
    {"HTTP_ACCEPT": "\x00text/html;;;,,,", "HTTP_SEC_FETCH_DEST": "\x00", "HTTP_SEC_PURPOSE": "x" * 5000},
    {"HTTP_USER_AGENT": "\x00" + "Mozilla" * 2000},
    {"HTTP_REFERER": "javascript:alert(1)\x00", "HTTP_ORIGIN": "null"},
    {"HTTP_IF_MODIFIED_SINCE": "not a date \x00", "HTTP_IF_NONE_MATCH": '"\x00"' * 100},
    {"HTTP_RANGE": "bytes=99999999999999999999-"},
]


@pytest.mark.parametrize("headers", HEADERS, ids=lambda headers: ",".join(headers))
def test_hostile_headers(headers):
    world = World.build()
    pages = ["/", world.post.get_absolute_url(), "/comments", "/search?q=x", "/feed", "/accounts/login/"]
    for role in (ANONYMOUS, MEMBER):
        client = _client(world, role)
        for path in pages:
            response = client.get(path, **headers)
            _assert_answered(response, f"GET {path} with {list(headers)}")
        comment_path = f"/post/{world.post.pk}/comments/new"
        response = client.post(
            comment_path, {"body": "Hello there.", "csrfmiddlewaretoken": client.csrf_secret}, **headers
        )
        _assert_answered(response, f"POST {comment_path} with {list(headers)}")


def test_the_walk_sees_a_500(monkeypatch):
    """The harness itself: an exception in a view is observed as the reader's 500, and fails."""
    from forum.posts import views

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(views, "_home_context", broken)
    client = Client(raise_request_exception=False)
    with pytest.raises(AssertionError, match="500 for GET /"):
        _send(client, "GET", "/", "page=2")


BODIES = [
    ("multipart/form-data", b"--x\r\nContent-Disposition: form-data; name=body\r\n\r\nhi"),  # no boundary given
    ("multipart/form-data; boundary=x", b'--x\r\nContent-Disposition: form-data; name="body"\r\n\r\nhi'),  # unclosed
    ("multipart/form-data; boundary=x", b'--x\r\nContent-Disposition: form-data; name="\x00"\r\n\r\n\xff\xfe\r\n--x--'),
    ("multipart/form-data; boundary=" + "x" * 5000, b"garbage"),
    ("application/x-www-form-urlencoded", b"&".join(b"f%d=1" % i for i in range(5000))),  # too many fields
    ("application/x-www-form-urlencoded", b"body=" + b"%FF" * 100_000),
    ("application/x-www-form-urlencoded; charset=no-such-charset", b"body=hi"),
    ("application/json", b'{"body": "\\u0000"'),
    ("text/plain", b"\x00" * 1000),
]


@pytest.mark.parametrize(("content_type", "body"), BODIES, ids=range(len(BODIES)))
def test_malformed_request_bodies(content_type, body):
    world = World.build()
    paths = [
        f"/post/{world.post.pk}/comments/new",
        "/post/new",
        "/settings",
        f"/vote/post/{world.post.pk}",
        "/accounts/login/",
        "/accounts/signup/",
    ]
    for role in (ANONYMOUS, MEMBER):
        client = _client(world, role)
        for path in paths:
            # generic(): the body goes as it is (post() would encode it in the charset it names)
            response = client.generic("POST", path, body, content_type, HTTP_X_CSRFTOKEN=client.csrf_secret)
            _assert_answered(response, f"POST {path} as {content_type[:40]}")
