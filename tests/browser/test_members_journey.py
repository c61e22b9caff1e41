"""A member's whole journey through the real pages (issue #8): sign up from a post, confirm the
emailed link, land back on the post; write a new post with a preview; another member comments;
the job worker emails the watcher; the email's "stop watching" link works in a browser that is
not logged in.

Screenshots of the signup page, the new-post page with its preview and the post page after the
comment, at a phone's width and a desktop's, go to /tmp/journey-shots/ for a person to look at.
"""

import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from forum.comments.models import Comment
from forum.posts.models import Post
from forum.watches.models import Watch
from tests.factories import make_post, make_user
from tests.jobs.queue import empty_queue, jobs, run_worker  # noqa: F401 (empty_queue: a fixture)
from tests.notifications.mail import link_after, path_of

from .conftest import BROWSER_TIMEZONE, TIMEOUT_MS, log_in, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("empty_queue")]

SHOTS = Path("/tmp/journey-shots")
WIDTHS = {"phone": 360, "desktop": 1280}
PASSPHRASE = "a fine long passphrase"
TITLE = "Rents fall where nobody builds"
BODY = "Prices *fall* when the city says **yes**.\n\nA second paragraph, plain."
COMMENT = "Only if the *land* is cheap."


@pytest.fixture
def reading_post(transactional_db):
    """Where the newcomer starts reading, and where signing up must bring them back."""
    return make_post(author=make_user("zzyzzx"), title="A post to read first", body="Read me, then sign up.")


def url_of(path):
    """A path as Playwright sees it in page.url: the live server's address in front."""
    return re.compile(r"^https?://[^/]+" + re.escape(path) + "$")


def screenshots(page, name):
    """The page at a phone's width and a desktop's, whole; the viewport is left at the desktop's."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
        # Nothing wider than the screen: a phone reader would have to scroll sideways.
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than a {label} screen ({width}px)"
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 800})


def open_page(browser, live_server):
    """A page in a browser context of its own (its own cookies), watched for console errors,
    uncaught script errors and CSP violations as the test's own page is (conftest.py)."""
    context = browser.new_context(
        base_url=live_server.url, timezone_id=BROWSER_TIMEZONE, locale="en-US", java_script_enabled=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    problems = watched_page(context)
    return context, problems.page, problems


def test_sign_up_post_get_a_comment_by_email_and_stop_watching_from_the_email(
    page, browser, live_server, settings, reading_post
):
    # A member's first post normally waits for a few approved comments of theirs (the spam gate
    # in forum/posts/services.py, posting_refusal): this newcomer has none, and the journey is
    # about posting, so the gate is off. Being new (not "established", NEW_MEMBER_PERIOD) gates
    # no step here: it only holds links for approval and the nsfw button, and neither text has a link.
    settings.POST_MIN_APPROVED_COMMENTS = 0

    # 1. Sign up from the post, confirm the emailed link, land back on the post, logged in.
    page.goto(reading_post.get_absolute_url())
    page.get_by_role("banner").get_by_role("link", name="sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign up")
    expect(page.locator("input[name=next]")).to_have_value(reading_post.get_absolute_url())
    screenshots(page, "signup")
    page.locator("input[name=username]").fill("newcomer")
    page.locator("input[name=email]").fill("newcomer@example.com")
    page.locator("input[name=password1]").fill(PASSPHRASE)
    page.locator("input[name=password2]").fill(PASSPHRASE)
    page.get_by_role("button", name="sign up", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    newcomer = get_user_model().objects.get(username="newcomer")
    assert not EmailAddress.objects.get(user=newcomer).verified
    assert [message.to for message in mail.outbox] == [["newcomer@example.com"]]
    confirm_url = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[0].body).group(0)
    page.goto(path_of(confirm_url))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    page.get_by_role("button", name="confirm", exact=True).click()

    expect(page).to_have_url(url_of(reading_post.get_absolute_url()))
    expect(page.get_by_role("heading", level=1)).to_have_text(reading_post.title)
    expect(page.get_by_role("banner").get_by_role("link", name="newcomer", exact=True)).to_be_visible()
    expect(page.locator("label[for=comment-body]")).to_have_text("Comment as newcomer:")
    assert EmailAddress.objects.get(user=newcomer).verified

    # 2. A new post from the header: preview first, then publish.
    page.get_by_role("banner").get_by_role("link", name="new post").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New post")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Text").fill(BODY)
    page.get_by_role("button", name="Preview", exact=True).click()

    preview = page.locator(".preview")
    expect(preview.get_by_role("heading", level=3)).to_have_text(TITLE)
    expect(preview.locator(".post-body p")).to_have_text(
        ["Prices fall when the city says yes.", "A second paragraph, plain."]
    )
    expect(preview.locator(".post-body em")).to_have_text("fall")
    expect(preview.locator(".post-body strong")).to_have_text("yes")
    expect(page.get_by_label("Title")).to_have_value(TITLE)  # the form keeps the text under the preview
    expect(page.get_by_label("Text")).to_have_value(BODY)
    expect(page.locator(".notice")).to_have_count(0)  # nothing would refuse it
    assert not Post.objects.filter(title=TITLE).exists()  # a preview saves nothing
    screenshots(page, "new-post-preview")
    page.get_by_role("button", name="Post", exact=True).click()

    post = Post.objects.get(title=TITLE)
    assert post.author == newcomer
    expect(page).to_have_url(url_of(post.get_absolute_url()))
    expect(page.get_by_role("status")).to_contain_text("Your post is up.")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("#post .post-body em")).to_have_text("fall")
    expect(page.locator(".post-byline .author")).to_have_text("newcomer")
    watch = page.locator(".post-byline").get_by_role("button", name=re.compile(r"^(un)?watch$"))
    expect(watch).to_have_text("unwatch")  # the author watches their own post
    assert Watch.objects.filter(user=newcomer, post=post).exists()

    # 3. Another member logs in, in a browser of their own, and comments.
    replier = make_user("replier")
    replier_context, replier_page, replier_problems = open_page(browser, live_server)
    try:
        replier_page.goto(post.get_absolute_url())
        replier_page.get_by_role("banner").get_by_role("link", name="log in").click()
        log_in(replier_page, replier)
        expect(replier_page).to_have_url(url_of(post.get_absolute_url()))
        expect(replier_page.locator("label[for=comment-body]")).to_have_text("Comment as replier:")
        replier_page.locator("#comment-body").fill(COMMENT)
        replier_page.get_by_role("button", name="Comment", exact=True).click()
        comment = replier_page.locator(".comment")
        expect(comment).to_have_count(1)
        expect(comment.locator(".author")).to_have_text("replier")
        expect(comment.locator(".comment-body em")).to_have_text("land")
        assert replier_problems.report() == ""
    finally:
        replier_context.close()
    assert Comment.objects.get(post=post).author == replier
    assert len(mail.outbox) == 1  # nothing is mailed inside the request: the worker sends

    page.reload()
    expect(page.locator(".comment .comment-body")).to_have_text(COMMENT.replace("*", ""))
    expect(page.locator(".post-byline")).to_contain_text("1 comment")
    screenshots(page, "post-after-comment")

    # 4. The worker runs the queue: the watcher, and only the watcher, gets the comment.
    run_worker()
    assert {job.status for job in jobs()} == {"succeeded"}
    # After the confirmation, one email more: the newcomer's, as the watcher; its writer is left out.
    assert [message.to for message in mail.outbox] == [["newcomer@example.com"], ["newcomer@example.com"]]
    message = mail.outbox[1]
    assert TITLE in message.subject
    assert f'replier commented on "{TITLE}"' in message.body
    assert COMMENT in message.body

    # 5. The email's "stop watching" link, opened in a browser that is not logged in: one button.
    stop_url = link_after(message.body, "Stop watching this post:")
    stranger_context, stranger_page, stranger_problems = open_page(browser, live_server)
    try:
        stranger_page.goto(path_of(stop_url))
        expect(stranger_page.get_by_role("heading", level=1)).to_have_text("Stop emails")
        expect(stranger_page.get_by_role("banner").get_by_role("link", name="log in")).to_be_visible()
        assert Watch.objects.filter(user=newcomer, post=post).exists()  # opening the link changes nothing
        stop = stranger_page.get_by_role("main").get_by_role("button")
        expect(stop).to_have_count(1)
        expect(stop).to_have_text("Stop these emails")
        stop.click()
        expect(stranger_page.get_by_role("heading", level=1)).to_have_text("Emails stopped")
        assert stranger_problems.report() == ""
    finally:
        stranger_context.close()
    assert not Watch.objects.filter(user=newcomer, post=post).exists()
    assert Watch.objects.filter(user=replier, post=post).exists()  # only the newcomer's watch went
