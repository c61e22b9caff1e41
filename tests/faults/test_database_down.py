"""PostgreSQL goes away while the site serves, and comes back."""

import time

import pytest

from forum.core.views import UNAVAILABLE_RETRY_SECONDS
from tests.factories import make_post
from tests.scaleout.client import Browser

from .conftest import server_log

pytestmark = pytest.mark.django_db(transaction=True)

QUICKLY = 5  # seconds: the worker answers, it does not hang until gunicorn kills it
RECOVERY = 20


def until(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.3)
    return None


def test_the_503_page_quickly_with_the_readers_text_then_recovery_by_itself(app_server, database_proxy):
    post = make_post(title="Read while the database is up", body="Before the outage.")
    browser = Browser()
    page = browser.get(app_server, post.get_absolute_url())
    assert page.status == 200, server_log(app_server)

    database_proxy.cut()
    try:
        started = time.monotonic()
        down = browser.get(app_server, post.get_absolute_url())
        took = time.monotonic() - started
        assert down.status == 503, f"{down.status}\n{down.text[:500]}\n{server_log(app_server)}"
        assert took < QUICKLY
        assert down.headers["Retry-After"] == str(UNAVAILABLE_RETRY_SECONDS)
        assert "Traceback" not in down.text and "OperationalError" not in down.text
        assert "<html" in down.text.lower()

        words = "My carefully written comment <b>with markup</b> that must not be lost."
        sent = browser.submit(app_server, page, f"/post/{post.pk}/comments/new", body=words)
        assert sent.status == 503
        assert "My carefully written comment &lt;b&gt;with markup&lt;/b&gt; that must not be lost." in sent.text
    finally:
        database_proxy.restore()

    back = until(lambda: (r := browser.get(app_server, post.get_absolute_url())).status == 200 and r, RECOVERY)
    assert back, f"the site did not recover without a restart\n{server_log(app_server)}"
    assert "Before the outage." in back.text
