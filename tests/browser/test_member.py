"""A logged-in member on the post page: comments under their name, watches the post."""

import re

import pytest
from playwright.sync_api import expect

from forum.watches.models import Watch
from tests.factories import make_user

from .conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def reader(transactional_db):
    return make_user("reader")


def test_member_logs_in_from_the_post_page_and_comments_under_their_name(page, seed_post, reader):
    page.goto(seed_post.get_absolute_url())
    page.get_by_role("banner").get_by_role("link", name="log in").click()
    log_in(page, reader)

    expect(page).to_have_url(re.compile(re.escape(seed_post.get_absolute_url()) + "$"))
    expect(page.get_by_role("banner")).to_contain_text("reader")
    expect(page.locator("label[for=comment-body]")).to_have_text("Comment as reader:")

    page.locator("#comment-body").fill("Signed, a member.")
    page.get_by_role("button", name="Comment", exact=True).click()

    comment = page.locator(".comment")
    expect(comment).to_have_count(1)
    expect(comment.locator(".author")).to_have_text("reader")
    expect(comment.locator(".author")).to_have_attribute("href", re.compile(r"reader"))
    expect(comment.locator(".comment-body")).to_have_text("Signed, a member.")


def test_member_toggles_watch_on_a_post(page, seed_post, reader):
    page.goto(f"/accounts/login/?next={seed_post.get_absolute_url()}")
    log_in(page, reader)
    expect(page.locator("label[for=comment-body]")).to_have_text("Comment as reader:")

    watch = page.locator(".post-byline").get_by_role("button", name=re.compile(r"^(un)?watch$"))
    expect(watch).to_have_text("watch")
    expect(watch).to_have_attribute("aria-pressed", "false")

    watch.click()
    expect(page).to_have_url(re.compile(re.escape(seed_post.get_absolute_url()) + "$"))
    expect(watch).to_have_text("unwatch")
    expect(watch).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("status")).to_contain_text("You are watching this post")
    assert Watch.objects.filter(user=reader, post=seed_post).exists()

    watch.click()
    expect(watch).to_have_text("watch")
    expect(watch).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_role("status")).to_contain_text("You stopped watching this post")
    assert not Watch.objects.filter(user=reader, post=seed_post).exists()
