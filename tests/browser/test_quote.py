"""Quoting a comment or the post into the comment box: the selection, the whole text, no JS."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_comment, make_user

pytestmark = pytest.mark.browser

# Selects the first occurrence of `fragment` in the text under `selector`, as a reader's drag would.
SELECT_TEXT = """([selector, fragment]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const start = node.data.indexOf(fragment);
    if (start !== -1) {
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + fragment.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return selection.toString();
    }
  }
  throw new Error("no text " + fragment + " in " + selector);
}"""

COMMENT_BODY = "Albu Kamal was the last town they held.\n\nThe desert is another matter."


@pytest.fixture
def comment(seed_post):
    return make_comment(seed_post, author=make_user("alice"), body=COMMENT_BODY)


def quote_link(page, comment):
    return page.locator(f"#comment-{comment.pk}").get_by_role("link", name="quote")


def test_quote_puts_the_selected_part_of_a_comment_into_the_box(page, seed_post, comment):
    page.goto(seed_post.get_absolute_url())
    selected = page.evaluate(SELECT_TEXT, [f"#comment-{comment.pk} .comment-body", "the last town they held"])
    assert selected == "the last town they held"

    quote_link(page, comment).click()

    box = page.locator("#comment-body")
    expect(box).to_have_value(f"[alice says](/comment/{comment.pk}):\n\n> the last town they held\n\n")
    expect(box).to_be_focused()
    expect(page).to_have_url(seed_post.get_absolute_url())  # JavaScript kept the reader on the page


def test_quote_with_nothing_selected_quotes_the_whole_comment(page, seed_post, comment):
    page.goto(seed_post.get_absolute_url())

    quote_link(page, comment).click()

    expect(page.locator("#comment-body")).to_have_value(
        f"[alice says](/comment/{comment.pk}):\n\n"
        "> Albu Kamal was the last town they held.\n>\n> The desert is another matter.\n\n"
    )


def test_quote_ignores_a_selection_in_another_comment(page, seed_post, comment):
    page.goto(seed_post.get_absolute_url())
    page.evaluate(SELECT_TEXT, ["#post .post-body", "Isis militants withdrew"])

    quote_link(page, comment).click()

    expect(page.locator("#comment-body")).to_have_value(
        f"[alice says](/comment/{comment.pk}):\n\n"
        "> Albu Kamal was the last town they held.\n>\n> The desert is another matter.\n\n"
    )


def test_quoting_the_post_quotes_the_post_after_what_is_already_typed(page, seed_post):
    page.goto(seed_post.get_absolute_url())
    page.locator("#comment-body").fill("My reply.")
    page.evaluate(SELECT_TEXT, ["#post .post-body", "The group has a small presence near the capital Damascus."])

    page.locator(".post-byline").get_by_role("link", name="quote").click()

    expect(page.locator("#comment-body")).to_have_value(
        f"My reply.\n\n[zzyzzx says]({seed_post.get_absolute_url()}):\n\n"
        "> The group has a small presence near the capital Damascus.\n\n"
    )


def test_quoting_the_whole_post_quotes_every_paragraph(page, seed_post):
    page.goto(seed_post.get_absolute_url())

    page.locator(".post-byline").get_by_role("link", name="quote").click()

    expect(page.locator("#comment-body")).not_to_have_value("")  # the server writes the quote
    value = page.locator("#comment-body").input_value()
    assert value.startswith(f"[zzyzzx says]({seed_post.get_absolute_url()}):\n\n> Isis militants withdrew on Thursday")
    assert "\n>\n> The Syrian military declared" in value
    assert value.endswith(" …\n\n")  # cut at about 1,000 characters, on a word boundary


@pytest.mark.parametrize("javascript_enabled", [False])
def test_quote_without_javascript_fills_the_box_from_the_server(page, seed_post, comment):
    page.goto(seed_post.get_absolute_url())

    quote_link(page, comment).click()

    expect(page.locator("#comment-body")).to_have_value(
        f"[alice says](/comment/{comment.pk}):\n\n"
        "> Albu Kamal was the last town they held.\n>\n> The desert is another matter.\n\n"
    )


@pytest.mark.parametrize("javascript_enabled", [False])
def test_quote_without_javascript_works_on_a_refused_comment_page(page, browser_problems, seed_post, comment):
    """The refusal is rendered at the form's POST-only address; relative quote links must not go there."""
    browser_problems.allow("status of 400")
    page.goto(seed_post.get_absolute_url())
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.get_by_role("alert")).to_be_visible()

    quote_link(page, comment).click()

    expect(page.locator("#comment-body")).to_have_value(
        f"[alice says](/comment/{comment.pk}):\n\n"
        "> Albu Kamal was the last town they held.\n>\n> The desert is another matter.\n\n"
    )


def test_quoting_text_shown_in_a_code_span_does_not_make_it_a_live_link(page, seed_post):
    shown = "[official source](https://evil.example)"
    comment = make_comment(seed_post, author=make_user("mallory"), body=f"Try `{shown}` in your post")
    page.goto(seed_post.get_absolute_url())
    page.evaluate(SELECT_TEXT, [f"#comment-{comment.pk} .comment-body code", shown])

    quote_link(page, comment).click()

    expect(page.locator("#comment-body")).to_have_value(
        f"[mallory says](/comment/{comment.pk}):\n\n> \\[official source\\](https\\://evil.example)\n\n"
    )
    page.locator("#comment-form button[type=submit]").click()
    posted = page.locator(".comment").last
    expect(posted.locator(".comment-body")).to_contain_text(shown)
    expect(posted.locator(".comment-body blockquote a")).to_have_count(0)
