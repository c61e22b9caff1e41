"""The post page as the seed page shows it: navigation, byline, body, empty thread, comment box."""

import re
from urllib.parse import quote

import pytest
from django.conf import settings
from playwright.sync_api import expect

from .conftest import SEED_PARAGRAPHS, SEED_TITLE

pytestmark = pytest.mark.browser

# A regex in to_have_text sees the raw text, whitespace and all.
ANON_LABEL = re.compile(r"^\s*Comment as anon_[0-9a-f]{5} or log in at top of page:\s*$")


def test_post_page_shows_title_navigation_byline_body_and_empty_comment_form(page, seed_post):
    page.goto(seed_post.get_absolute_url())

    expect(page).to_have_title(SEED_TITLE)
    expect(page.get_by_role("heading", level=1)).to_have_text(SEED_TITLE)

    nav = page.get_by_role("navigation", name="Other posts")
    expect(nav).to_have_text(re.compile(r"^\s*« prev\s+random\s+next »\s*$"))
    expect(nav.get_by_role("link", name="« prev")).to_have_attribute("href", re.compile(r"/the-post-before$"))
    expect(nav.get_by_role("link", name="random")).to_be_visible()
    expect(nav.get_by_role("link", name="next »")).to_have_attribute("href", re.compile(r"/the-post-after$"))

    byline = page.locator(".post-byline")
    expect(byline).to_contain_text("By zzyzzx")
    expect(byline.get_by_role("link", name="zzyzzx")).to_be_visible()
    expect(byline.locator("time")).to_have_text("2017 Nov 9, 10:29am PST")
    expect(byline.locator(".views")).to_have_text("192 views")
    expect(byline).to_contain_text("0 comments")
    for action in ("watch", "sfw", "quote", "share"):
        expect(byline.get_by_text(action, exact=True)).to_be_visible()

    expect(page.locator(".post-body p")).to_have_text(SEED_PARAGRAPHS)
    expect(page.get_by_text("no comments found")).to_be_visible()

    expect(page.locator("label[for=comment-body]")).to_have_text(ANON_LABEL)
    box = page.get_by_role("textbox", name=re.compile(r"^Comment as anon_[0-9a-f]{5} or log in at top of page:$"))
    expect(box).to_have_id("comment-body")
    expect(box).to_be_empty()
    expect(page.get_by_role("button", name="Comment", exact=True)).to_be_visible()


def test_post_date_stays_in_the_browser_timezone_after_the_timezone_cookie_is_set(page, seed_post):
    page.goto(seed_post.get_absolute_url())
    expect(page.locator(".post-byline time")).to_have_text("2017 Nov 9, 10:29am PST")
    assert any(cookie["name"] == "tz" and cookie["value"] == "America/Los_Angeles" for cookie in page.context.cookies())

    page.reload()  # this request carries the tz cookie forum.js set
    expect(page.locator(".post-byline time")).to_have_text("2017 Nov 9, 10:29am PST")
    expect(page.locator(".post-byline .views")).to_have_text("193 views")


def test_share_reveals_an_email_link_and_the_posts_absolute_url(page, live_server, seed_post):
    absolute_url = settings.SITE_URL + seed_post.get_absolute_url()  # the configured site, never the Host
    page.goto(seed_post.get_absolute_url())

    email = page.locator(".share").get_by_role("link", name="email")
    link_field = page.locator(".share").get_by_label("link")
    expect(email).to_be_hidden()
    expect(link_field).to_be_hidden()

    page.locator(".share summary").filter(has_text="share").click()

    expect(page.locator("details.share")).to_have_attribute("open", "")
    expect(email).to_be_visible()
    expect(email).to_have_attribute("href", re.compile(r"^mailto:"))
    expect(email).to_have_attribute("href", re.compile(re.escape(f"body={quote(absolute_url)}")))
    expect(link_field).to_be_visible()
    expect(link_field).to_have_value(absolute_url)
    expect(link_field).to_have_attribute("readonly", "")


def test_share_copy_link_puts_the_posts_url_on_the_clipboard(page, live_server, seed_post):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(seed_post.get_absolute_url())

    page.locator(".share summary").click()
    copy = page.get_by_role("button", name="copy link")
    copy.click()

    expect(page.get_by_role("button", name="link copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == settings.SITE_URL + seed_post.get_absolute_url()


def test_a_first_visit_from_another_zone_reads_dates_in_its_own_zone(browser, live_server, seed_post):
    """The server learns the reader's zone from a cookie the page's script sets, so the first page
    comes in the site's zone; the script rewrites its dates at once, and the next page agrees."""
    context = browser.new_context(base_url=live_server.url, timezone_id="Europe/Berlin", locale="en-US")
    try:
        page = context.new_page()
        page.goto(seed_post.get_absolute_url())
        first = page.locator(".post-byline time")
        expect(first).to_have_text("2017 Nov 9, 7:29pm GMT+1")
        expect(first).to_have_attribute("title", re.compile(r"\(Europe/Berlin\)$"))
        page.reload()  # the server now knows the zone: its own words, which the script leaves be
        expect(page.locator(".post-byline time")).to_have_text("2017 Nov 9, 7:29pm CET")
    finally:
        context.close()
