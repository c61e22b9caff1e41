"""Commenting from the post page: anonymously, refused, and with the keyboard alone."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from forum.comments.models import Comment
from tests.factories import make_user

from .conftest import log_in

pytestmark = pytest.mark.browser

ANON_NAME = re.compile(r"Comment as (anon_[0-9a-f]{5}) or log in at top of page:")


def comment_as_name(page):
    label = page.locator("label[for=comment-body]").inner_text()
    match = ANON_NAME.fullmatch(label.strip())
    assert match, f"unexpected comment label {label!r}"
    return match.group(1)


def send_comment(page, text):
    page.locator("#comment-body").fill(text)
    page.get_by_role("button", name="Comment", exact=True).click()


def expect_on_post_page(page, post):
    expect(page).to_have_url(re.compile(re.escape(post.get_absolute_url()) + r"(\?[^#]*)?(#.*)?$"))


def test_anonymous_comment_appears_under_the_name_the_label_promised(page, seed_post):
    page.goto(seed_post.get_absolute_url())
    name = comment_as_name(page)

    send_comment(page, "Good riddance.\n\nLet's hope it *stays* finished.")

    expect_on_post_page(page, seed_post)
    expect(page.locator(".comment")).to_have_count(1)  # placed by the script, no page load to wait for
    comment = Comment.objects.get(post=seed_post)
    expect(page).to_have_url(re.compile(rf"#comment-{comment.pk}$"))
    shown = page.locator(f"#comment-{comment.pk}")
    expect(shown.locator(".author")).to_have_text(name)
    expect(shown.locator(".number")).to_have_text("#1")
    expect(shown.locator(".comment-body p")).to_have_text(["Good riddance.", "Let's hope it stays finished."])
    expect(shown.locator(".comment-body em")).to_have_text("stays")
    expect(page.get_by_text("no comments found")).to_have_count(0)
    expect(page.locator(".post-byline")).to_contain_text("1 comment")
    assert comment_as_name(page) == name
    expect(page.locator("#comment-body")).to_be_empty()


def test_empty_comment_is_refused_with_a_message(page, browser_problems, seed_post):
    browser_problems.allow("status of 400")  # the refusal is a 400 response, which Chromium logs
    page.goto(seed_post.get_absolute_url())

    send_comment(page, "   ")

    expect(page.get_by_role("heading", level=1)).to_have_text(seed_post.title)
    expect(page.get_by_role("alert")).to_have_text("Please write something before sending.")
    expect(page.locator("#comment-body")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("no comments found")).to_be_visible()
    assert not Comment.objects.exists()


def test_repeated_comment_is_refused_and_the_text_stays_in_the_box(page, browser_problems, seed_post):
    browser_problems.allow("status of 400")
    page.goto(seed_post.get_absolute_url())
    send_comment(page, "Same thing again.")
    expect(page.locator(".comment")).to_have_count(1)
    # Old enough not to count as too fast, so only the repeat rule can refuse the next one.
    Comment.objects.update(created_at=timezone.now() - timedelta(minutes=1))

    send_comment(page, "Same thing again.")

    expect(page.get_by_role("heading", level=1)).to_have_text(seed_post.title)
    expect(page.get_by_role("alert")).to_have_text("You already said that.")
    expect(page.locator("#comment-body")).to_have_value("Same thing again.")
    expect(page.locator(".comment")).to_have_count(1)
    assert Comment.objects.count() == 1


def test_comment_sent_too_soon_after_another_is_refused_and_the_text_stays_in_the_box(
    page, browser_problems, seed_post
):
    browser_problems.allow("status of 400")
    page.goto(seed_post.get_absolute_url())
    send_comment(page, "First thought.")
    expect(page.locator(".comment")).to_have_count(1)

    send_comment(page, "Second thought, right away.")

    expect(page.get_by_role("alert")).to_have_text(
        "That was too fast. Please wait a couple of seconds and send it again."
    )
    expect(page.locator("#comment-body")).to_have_value("Second thought, right away.")
    expect(page.locator(".comment")).to_have_count(1)

    # Once the interval has passed, the same text in the box goes through.
    Comment.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.locator(".comment")).to_have_count(2)
    expect(page.locator(".comment").last.locator(".comment-body")).to_have_text("Second thought, right away.")


def test_comment_box_and_button_are_reachable_with_tab_and_a_comment_can_be_sent_by_keyboard(page, seed_post):
    page.goto(seed_post.get_absolute_url())
    name = comment_as_name(page)

    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "comment-body":
            break
    else:
        pytest.fail("60 presses of Tab never reached the comment box")

    page.keyboard.type("Typed without a mouse.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Comment", exact=True)).to_be_focused()
    page.keyboard.press("Enter")

    expect_on_post_page(page, seed_post)
    comment = page.locator(".comment")
    expect(comment).to_have_count(1)
    expect(comment.locator(".author")).to_have_text(name)
    expect(comment.locator(".comment-body")).to_have_text("Typed without a mouse.")


def test_log_in_link_on_a_refused_comment_page_returns_to_the_post(page, browser_problems, seed_post):
    """The refusal is rendered at the form's POST-only address; the log in link must not send the
    reader back there."""
    browser_problems.allow("status of 400")
    reader = make_user("reader")
    page.goto(seed_post.get_absolute_url())
    send_comment(page, "   ")
    expect(page.get_by_role("alert")).to_be_visible()

    page.locator("label[for=comment-body]").get_by_role("link", name="log in").click()
    log_in(page, reader)

    expect(page).to_have_url(re.compile(re.escape(seed_post.get_absolute_url()) + "(#comment-form)?$"))
    expect(page.locator("label[for=comment-body]")).to_have_text("Comment as reader:")
