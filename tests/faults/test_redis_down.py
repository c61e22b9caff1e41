"""Redis goes away while the site serves: pages keep coming from the database, comments keep
being taken, and when Redis is back no page stored in it before the outage is served."""

import os
import signal
import time

import pytest

from tests.factories import make_post
from tests.scaleout.client import Browser

from .conftest import server_log

pytestmark = pytest.mark.django_db(transaction=True)

# RedisWithDatabaseFallback.RETRY_SECONDS, and some room for a busy machine.
RETRY = 8


def read(browser, server, path):
    response = browser.get(server, path)
    assert response.status == 200, f"GET {path}: {response.status}\n{response.text[:300]}\n{server_log(server)}"
    return response


def comment(browser, server, post, text):
    page = read(browser, server, post.get_absolute_url())
    sent = browser.submit(server, page, f"/post/{post.pk}/comments/new", body=text)
    assert sent.status == 302, f"{sent.status}\n{sent.text[:500]}\n{server_log(server)}"


def test_redis_stopped_the_site_serves_and_takes_comments_then_uses_it_again(app_server, fault_redis):
    post = make_post(title="A thread through a Redis outage", body="Read on.")
    browser = Browser()
    read(browser, app_server, post.get_absolute_url())

    fault_redis.stop()
    try:
        assert "Read on." in read(browser, app_server, post.get_absolute_url()).text
        assert "A thread through a Redis outage" in read(browser, app_server, "/").text
        comment(browser, app_server, post, "Written while Redis was down.")
        assert "Written while Redis was down." in read(browser, app_server, post.get_absolute_url()).text
    finally:
        fault_redis.start()

    time.sleep(RETRY)
    assert "Written while Redis was down." in read(browser, app_server, post.get_absolute_url()).text
    comment(browser, app_server, post, "Written once Redis was back.")
    assert "Written once Redis was back." in read(browser, app_server, post.get_absolute_url()).text
    assert fault_redis.client().dbsize() > 0  # the site stores in Redis again


def test_no_page_stored_in_redis_before_an_outage_is_served_after_it(app_server, fault_redis):
    """Redis paused (unreachable, its data kept): a comment written meanwhile moves the lists'
    versions in the fallback table only. Once Redis answers, the lists stored in it before the
    outage must not come back."""
    post = make_post(title="Listed before the pause", body="Read on.")
    browser, reader = Browser(), Browser()  # the reader has no cookie: the page everyone shares
    assert "0 comments" in read(reader, app_server, "/").text  # home now stored in Redis

    os.kill(fault_redis.process.pid, signal.SIGSTOP)
    try:
        comment(browser, app_server, post, "Written while Redis was paused.")
    finally:
        os.kill(fault_redis.process.pid, signal.SIGCONT)

    time.sleep(RETRY)  # past the fallback's interval: the server reads Redis again
    for _ in range(3):
        assert "1 comment," in read(reader, app_server, "/").text, "the home page stored before the outage came back"
