"""The permission matrix (issue #9): every URL pattern the URLconf resolves is in the table of
matrix.py or under a coarse rule, and the table holds for each role of the cast.

For a view that changes state: GET and HEAD change nothing; a POST without a CSRF token is refused
(403) and changes nothing; each role the table does not name is refused (login, 403, 404, or the
form or page again with its reason) and the database is as it was; each role it names is served
and something changed, so the table is pinned both ways. Methods the table does not list are 405.

Coarse rules: the admin (every pattern of its namespace, whatever models are registered) is for
staff only; allauth's pages (every pattern whose view is allauth's) change nothing on GET and
refuse a POST without a token. Their finer rules are allauth's and Django's, tested there."""

import pytest
from django.conf import settings
from django.urls import resolve, reverse

from .cast import ADMIN, ANONYMOUS, LOGGED_OUT, MEMBER, MODERATED, OWNER, ROLES, VISITOR, World, client_as, with_token
from .matrix import ANY, PENDING, TABLE
from .snapshot import changed_tables, database_state
from .urlwalk import all_routes

pytestmark = pytest.mark.django_db

ROUTES = list(all_routes())
BY_KEY = {route.key: route for route in ROUTES}


def coarse_rule(route):
    """Which coarse rule covers a pattern the table need not list, or None."""
    if route.namespace == "admin":
        return "admin"
    if route.view.startswith("allauth."):
        return "allauth"
    if route.view == "django.views.static.serve":
        return "media"  # uploaded pictures, served by Django only with DEBUG
    return None


def test_every_url_pattern_is_in_the_table():
    known = TABLE.keys() | PENDING
    unknown = sorted(route.key for route in ROUTES if route.key not in known and not coarse_rule(route))
    assert not unknown, (
        f"URL patterns the permission matrix does not know: {unknown}. Describe each in "
        "tests/security/matrix.py TABLE: the methods it answers, whether it changes state, who may use it."
    )


def test_the_table_describes_only_patterns_that_exist():
    assert not sorted((TABLE.keys() | PENDING) - BY_KEY.keys())


def test_pending_patterns_are_not_also_in_the_table():
    assert not (PENDING & TABLE.keys())


def test_only_the_documented_views_skip_the_csrf_check():
    for route in ROUTES:
        exempt = getattr(route.callback, "csrf_exempt", False)
        documented = route.key in TABLE and bool(TABLE[route.key].csrf_exempt)
        assert exempt == documented, route.key


# The cases: each row of the table, each object it can name, each role.


def _cases(wanted):
    return list(_each_case(wanted))


def _each_case(wanted):
    for key, rule in TABLE.items():
        for target in rule.targets:
            for role in ROLES:
                if wanted(rule, role):
                    yield pytest.param(key, target, role, id=f"{key}|{target.label}|{role}")


def _rows(wanted):
    return list(_each_row(wanted))


def _each_row(wanted):
    for key, rule in TABLE.items():
        for target in rule.targets:
            if wanted(rule):
                yield pytest.param(key, target, id=f"{key}|{target.label}")


def _setup(key, target, role):
    world = World.build()
    client = client_as(world.who(role, target.owner(world)))
    return world, client, BY_KEY[key].url(target.kwargs(world))


def _acts_by_post(rule):
    """How the row is used: by POST for a view that changes state or takes only POST, else GET."""
    return rule.changes or rule.methods == {"POST"}


def _is_login(response):
    return response.status_code == 302 and response.url.startswith(reverse(settings.LOGIN_URL))


def _ablest(rule):
    return next(role for role in (OWNER, ADMIN, MEMBER, MODERATED, VISITOR, ANONYMOUS) if role in rule.may)


@pytest.mark.parametrize(("key", "target", "role"), _cases(lambda rule, role: rule.changes))
def test_get_and_head_change_nothing(key, target, role):
    world, client, url = _setup(key, target, role)
    before = database_state()
    for response in (client.get(url), client.head(url)):
        assert response.status_code in (200, 302, 403, 404, 405)
    assert changed_tables(before, database_state()) == []


@pytest.mark.parametrize(("key", "target"), _rows(lambda rule: "POST" in rule.methods and not rule.csrf_exempt))
def test_a_post_without_csrf_token_is_refused(key, target):
    rule = TABLE[key]
    world, client, url = _setup(key, target, _ablest(rule))
    before = database_state()
    response = client.post(url, target.data(world))
    assert response.status_code == 403
    assert "Please send that again" in response.content.decode()  # the CSRF refusal, not another 403
    assert changed_tables(before, database_state()) == []


@pytest.mark.parametrize(("key", "target", "role"), _cases(lambda rule, role: role not in rule.may))
def test_roles_the_table_does_not_name_are_refused(key, target, role):
    rule = TABLE[key]
    world, client, url = _setup(key, target, role)
    before = database_state()
    if _acts_by_post(rule):
        response = client.post(url, with_token(client, target.data(world)))
    else:
        response = client.get(url)
    if role in LOGGED_OUT:
        assert _is_login(response) or response.status_code in (403, 404)
    else:  # refused outright, or the page or form again with the reason
        assert response.status_code in (302, 400, 403, 404) and not _is_login(response)
    assert changed_tables(before, database_state()) == []


@pytest.mark.parametrize(("key", "target", "role"), _cases(lambda rule, role: role in rule.may))
def test_roles_the_table_names_are_served(key, target, role):
    rule = TABLE[key]
    world, client, url = _setup(key, target, role)
    before = database_state()
    if _acts_by_post(rule):
        response = client.post(url, with_token(client, target.data(world)))
    else:
        response = client.get(url)
    assert response.status_code in (200, 301, 302) and not _is_login(response)
    if rule.changes:
        assert changed_tables(before, database_state()), "served, but nothing changed: was it refused?"
    elif _acts_by_post(rule):
        assert changed_tables(before, database_state()) == []


@pytest.mark.parametrize(("key", "target"), _rows(lambda rule: True))
def test_methods_the_table_does_not_list_are_refused(key, target):
    rule = TABLE[key]
    world, client, url = _setup(key, target, _ablest(rule))
    token = {"HTTP_X_CSRFTOKEN": client.csrf_secret}
    for method in sorted(ANY):
        before = database_state()
        data = with_token(client, target.data(world)) if method == "POST" else None
        response = client.generic(method, url, **token) if data is None else client.post(url, data)
        if method in rule.methods:
            assert response.status_code != 405, method
        else:
            assert response.status_code == 405, method
            assert changed_tables(before, database_state()) == [], method


# Odd values in the address: never a 500.

ODD = {"int": [0, 2**63, 10**30], "str": ["nobody-at-all", "x" * 300], "slug": ["-", "x" * 300]}


def _odd_kwargs(route, good):
    pattern = resolve(route.url(good)).route
    for name in route.captures:
        kind = "int" if f"<int:{name}>" in pattern else "slug" if f"<slug:{name}>" in pattern else "str"
        for value in ODD[kind]:
            yield {**good, name: value}


@pytest.mark.parametrize(("key", "target"), _rows(lambda rule: True))
def test_odd_values_in_the_address_are_answered_without_an_error(key, target):
    world = World.build()
    route = BY_KEY[key]
    for role in (ANONYMOUS, ADMIN):
        client = client_as(world.who(role, target.owner(world)))
        for kwargs in _odd_kwargs(route, target.kwargs(world)):
            url = route.url(kwargs)
            for response in (client.get(url), client.post(url, with_token(client, {}))):
                assert response.status_code < 500, url


def test_a_forged_stop_link_stops_nothing():
    world = World.build()
    client = client_as(None)
    before = database_state()
    forged = world.stop_token[:-2] + ("AA" if not world.stop_token.endswith("AA") else "BB")
    response = client.post(reverse("notifications:stop", args=[forged]))
    assert response.status_code == 404
    assert changed_tables(before, database_state()) == []


# The coarse rules.

ADMIN_ROUTES = [pytest.param(route, id=route.key) for route in ROUTES if coarse_rule(route) == "admin"]
ALLAUTH_ROUTES = [pytest.param(route, id=route.key) for route in ROUTES if coarse_rule(route) == "allauth"]
# Dummy values for the admin's and allauth's addresses: whatever the object, the rule is the same.
ARGUMENTS = {
    "object_id": "1",
    "content_type_id": "1",
    "id": "1",
    "app_label": "accounts",
    "url": "no-such-page/",
    "key": "not-a-key",
    "uidb36": "zz",
}
# allauth's pages for a logged-in member; a logged-out visitor is sent to log in.
ALLAUTH_MEMBERS_ONLY = {"account_email", "account_change_password", "account_set_password", "account_reauthenticate"}


def _is_any_login(response):
    login_pages = (reverse(settings.LOGIN_URL), reverse("admin:login"))
    return response.status_code == 302 and response.url.startswith(login_pages)


@pytest.mark.parametrize("route", ADMIN_ROUTES)
def test_the_admin_refuses_everyone_but_staff(route):
    world = World.build()
    url = route.url(ARGUMENTS)
    for role in (ANONYMOUS, VISITOR, MODERATED, MEMBER):
        client = client_as(world.who(role, world.owner))
        before = database_state()
        for response in (client.get(url), client.post(url, with_token(client, {}))):
            logging_out = route.name == "admin:logout" and response.status_code == 302  # harmless for anyone
            assert logging_out or _is_any_login(response) or response.status_code in (403, 404, 405), role
        assert changed_tables(before, database_state()) == [], role


@pytest.mark.parametrize("route", ADMIN_ROUTES)
def test_admin_pages_change_nothing_on_get_and_want_a_csrf_token(route):
    world = World.build()
    url = route.url(ARGUMENTS)
    client = client_as(world.admin)
    before = database_state()
    for response in (client.get(url), client.head(url)):
        assert response.status_code < 500
    response = client.post(url, {})
    assert response.status_code == 403
    assert changed_tables(before, database_state()) == []


@pytest.mark.parametrize("route", ALLAUTH_ROUTES)
def test_account_pages_change_nothing_on_get_and_want_a_csrf_token(route):
    world = World.build()
    url = route.url(ARGUMENTS)
    for role in (ANONYMOUS, MEMBER):
        client = client_as(world.who(role, world.owner))
        before = database_state()
        for response in (client.get(url), client.head(url)):
            assert response.status_code < 500, role
        if role == ANONYMOUS and route.name in ALLAUTH_MEMBERS_ONLY:
            assert _is_login(client.get(url))
        response = client.post(url, {"login": world.owner.username, "email": world.owner.email})
        assert response.status_code == 403, role
        assert changed_tables(before, database_state()) == [], role
