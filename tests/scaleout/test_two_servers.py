"""The site keeps no state in its process: two app servers on one database and one Redis serve
any request interchangeably, as N servers behind a load balancer must (see conftest.py).

Every assertion goes through HTTP to the real servers; the test process only creates rows.
"""

import re

import pytest

from forum.comments.models import Comment
from forum.watches.models import Watch
from tests.factories import PASSWORD, make_post, make_thread, make_user

from .client import Browser, comment_id_from

pytestmark = pytest.mark.django_db(transaction=True)

HELD_AS_SPAM = "This comment is held: spam."
TOO_MANY = "Too many failed login attempts"


def read(browser, server, path):
    response = browser.get(server, path)
    assert response.status == 200, f"GET {path} on {server.name}: {response.status}\n{response.text[:2000]}"
    return response


def comment_as(page):
    """The name the comment box offers: `Comment as anon_xxxxx ...`."""
    match = re.search(r"Comment as (\S+?)(?: or|:)", page.text)
    assert match, "no comment box on the page"
    return match.group(1)


def comment(browser, server, post, text):
    """Write a comment as the browser's reader through `server`'s page and form; its id."""
    page = read(browser, server, post.get_absolute_url())
    action = f"/post/{post.pk}/comments/new"
    response = browser.submit(server, page, action, body=text)
    assert response.status == 302, f"commenting on {server.name}: {response.status}\n{response.text[:2000]}"
    return comment_id_from(response.location)


def log_in(browser, server, user, password=PASSWORD):
    page = read(browser, server, "/accounts/login/")
    return browser.submit(server, page, "/accounts/login/", login=user.username, password=password)


def logged_in(browser, server, user):
    response = log_in(browser, server, user)
    assert response.status == 302, f"log in on {server.name}: {response.status}\n{response.text[:2000]}"
    assert "sessionid" in browser.cookies
    return browser


def watch_button(page):
    match = re.search(r'aria-pressed="(true|false)"[^>]*>(watch|unwatch)</button>', page.text)
    assert match, "no watch button on the page"
    return match.group(2)


def test_a_comment_posted_through_one_server_shows_at_once_on_the_other(app_servers):
    a, b = app_servers
    post = make_post(title="Where the comment lands")
    writer = Browser()
    name_on_a = comment_as(read(writer, a, post.get_absolute_url()))

    comment(writer, a, post, "Written on server A.")

    # Another reader, and the writer themselves (same cookies, now answered by B).
    for browser in (Browser(), writer):
        page = read(browser, b, post.get_absolute_url())
        assert "Written on server A." in page.text
        assert name_on_a in page.text  # the comment is signed with the name A's form offered
    assert comment_as(read(writer, b, post.get_absolute_url())) == name_on_a  # B knows the visitor too


def test_a_cached_thread_page_is_never_stale_on_either_server(app_servers, server_logs):
    a, b = app_servers
    post = make_post(title="A thread both servers have cached")
    make_thread(post, 3)
    reader = Browser()
    for server in (a, b, a, b):  # each server renders (or fetches) the page, then serves it again
        assert "Comment 3 in the thread." in read(reader, server, post.get_absolute_url()).text

    writer = Browser()
    comment_id = comment(writer, a, post, "Fresh words, soon to be held.")
    for server in (b, a):
        page = read(reader, server, post.get_absolute_url())
        assert "Fresh words, soon to be held." in page.text, f"a stale thread page on {server.name}"
        assert "Comment 3 in the thread." in page.text

    # A moderator holds it as spam, through the admin on A.
    moderator = logged_in(Browser(), a, make_user("moderator", superuser=True))
    changelist = "/admin/comments/comment/"
    response = moderator.submit(
        a,
        read(moderator, a, changelist),
        "#changelist-form",
        to=changelist,
        action="mark_spam",
        index="0",
        _selected_action=str(comment_id),
    )
    assert response.status == 302, f"admin action: {response.status}\n{response.text[:2000]}\n{server_logs()}"
    assert Comment.objects.get(pk=comment_id).status == Comment.Status.SPAM

    for browser in (reader, writer, Browser()):
        for server in (b, a):
            page = read(browser, server, post.get_absolute_url())
            assert "Fresh words, soon to be held." not in page.text, f"held text still shown on {server.name}"
            assert HELD_AS_SPAM in page.text, f"no held reason on {server.name}"
            assert "Comment 3 in the thread." in page.text


def test_a_watch_toggled_on_one_server_holds_on_the_other(app_servers):
    a, b = app_servers
    post = make_post(title="A post to watch")
    member = make_user("watcher")
    browser = logged_in(Browser(), a, member)
    assert watch_button(read(browser, b, post.get_absolute_url())) == "watch"  # logged in on B too

    page_on_a = read(browser, a, post.get_absolute_url())
    response = browser.submit(a, page_on_a, f"/post/{post.pk}/watch/toggle")
    assert response.status == 302, f"watch toggle on A: {response.status}\n{response.text[:2000]}"
    assert Watch.objects.filter(user=member, post=post).exists()

    page_on_b = read(browser, b, post.get_absolute_url())
    assert watch_button(page_on_b) == "unwatch"
    assert "You are watching this post." in page_on_b.text  # A's message, shown by B


def test_failed_logins_are_counted_once_for_every_server(app_servers):
    """allauth's default limit: 5 failed logins per account in 5 minutes, whichever server saw them."""
    a, b = app_servers
    member = make_user("target")
    attacker = Browser()
    for server in (a, b, a, b, a):
        response = log_in(attacker, server, member, password="wrong password")
        assert response.status == 200 and TOO_MANY not in response.text
    for server in (b, a):
        response = log_in(attacker, server, member)  # the right password, too late
        assert TOO_MANY in response.text, f"{server.name} let a sixth attempt through"
        assert "sessionid" not in attacker.cookies


def test_the_servers_share_their_cache_through_redis(app_servers, redis_client):
    """The shared cache is the Redis of REDIS_URL: a thread page rendered on A is cached there,
    and B reads it from there."""
    a, b = app_servers
    post = make_post(title="A thread page for the cache")
    make_thread(post, 2)
    reader = Browser()
    read(reader, a, post.get_absolute_url())
    keys = [key.decode() for key in redis_client.keys("*")]
    assert keys, (
        "Redis holds no keys after a thread page was served: the servers do not use REDIS_URL "
        "(forum/settings.py CACHES) or cache nothing"
    )
    # `[PREFIX]:VERSION:thread:FINGERPRINT:POST:...` (forum/threads/cache.py), whichever cache alias holds it.
    page_key = re.compile(rf"^[^:]*:\d+:thread:[^:]+:{post.pk}:")
    assert any(page_key.match(key) for key in keys), f"no cached page of post {post.pk} in Redis: {keys}"

    hits_before = redis_client.info("stats")["keyspace_hits"]
    assert "Comment 2 in the thread." in read(reader, b, post.get_absolute_url()).text
    assert redis_client.info("stats")["keyspace_hits"] > hits_before, "B did not read the page A cached"
    # Both servers hold connections to this Redis (besides this test's own).
    others = [client for client in redis_client.client_list() if "client" not in client.get("cmd", "")]
    assert len(others) >= 2, others
