"""Instant actions and keyboard shortcuts (static/js/forum.js): like, watch, follow, ignore, flag and
a new comment change the page in place, with no page load; refusals appear beside the control and
keep the text; j/k/c/n/? move through a thread, never while typing."""

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import path
from django.views.generic import TemplateView
from playwright.sync_api import expect

import forum.urls
from accounts.models import Follow, Ignore
from forum.comments.models import Comment
from forum.flags.models import Flag
from forum.likes.models import Like
from forum.watches.models import Watch
from tests.factories import make_comment, make_thread, make_user

pytestmark = pytest.mark.browser

# Until forum/urls.py carries the help page's line: the site's URLs and it (see help_page below).
urlpatterns = [
    *forum.urls.urlpatterns,
    path("help/keys", TemplateView.as_view(template_name="help/shortcuts.html"), name="shortcuts"),
]
handler400 = forum.urls.handler400
handler429 = forum.urls.handler429

# Set before an action, read after it: a page load would have wiped it.
MARK = "window.__samePage = true"
SAME_PAGE = "window.__samePage === true"


@pytest.fixture
def reader(transactional_db):
    return make_user("reader")


@pytest.fixture
def writer(transactional_db):
    return make_user("writer")


def logged_in(context, user, base_url):
    """The browser context logged in as user through a session cookie (the login form has tests
    of its own)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


@pytest.fixture
def member_page(page, context, live_server, reader):
    logged_in(context, reader, live_server.url)
    return page


def staying(page, url):
    """Open url, and count the page loads from here on (there must be none)."""
    page.goto(url)
    loads = []
    page.on("load", lambda: loads.append(1))
    page.evaluate(MARK)
    return loads


def assert_no_page_load(page, loads, path):
    assert page.evaluate(SAME_PAGE), "the page was loaded again"
    assert not loads
    assert re.sub(r"#.*$", "", page.url).endswith(path)


# ---- Instant actions ---------------------------------------------------------------------------


def test_liking_a_comment_presses_the_button_and_counts_in_place(member_page, seed_post, writer):
    page = member_page
    comment = make_comment(seed_post, author=writer)
    loads = staying(page, seed_post.get_absolute_url())
    box = page.locator(f"#comment-{comment.pk} form.votes")
    like, dislike = box.locator("button[value=like]"), box.locator("button[value=dislike]")

    like.click()
    expect(like).to_have_text("like (1)")
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("status")).to_have_text("You like this.")
    assert Like.objects.get(user__username="reader", comment=comment).vote == Like.Vote.LIKE

    dislike.click()
    expect(like).to_have_text("like (0)")
    expect(like).to_have_attribute("aria-pressed", "false")
    expect(dislike).to_have_text("dislike (1)")
    expect(dislike).to_have_attribute("aria-pressed", "true")
    assert Like.objects.get(comment=comment).vote == Like.Vote.DISLIKE
    assert_no_page_load(page, loads, seed_post.get_absolute_url())


def test_watch_toggles_in_place(member_page, seed_post, reader):
    page = member_page
    loads = staying(page, seed_post.get_absolute_url())
    watch = page.locator(".post-byline").get_by_role("button", name=re.compile(r"^(un)?watch$"))

    watch.click()
    expect(watch).to_have_text("unwatch")
    expect(watch).to_have_attribute("aria-pressed", "true")
    expect(watch).to_have_attribute("title", "stop watching this post")
    expect(page.get_by_role("status")).to_have_text("You are watching this post.")
    assert Watch.objects.filter(user=reader, post=seed_post).exists()

    watch.click()
    expect(watch).to_have_text("watch")
    expect(watch).to_have_attribute("aria-pressed", "false")
    assert not Watch.objects.exists()
    assert_no_page_load(page, loads, seed_post.get_absolute_url())


def test_following_from_the_byline_reads_following_x_and_the_x_unfollows(member_page, seed_post, reader):
    page = member_page
    loads = staying(page, seed_post.get_absolute_url())
    follow_form = page.locator(".post-byline form[action$='/follow']")

    follow_form.get_by_role("button", name="follow", exact=True).click()
    expect(follow_form).to_have_text(re.compile(r"^\s*following\s+x\s*$"))
    expect(page.get_by_role("status")).to_have_text("You are now following zzyzzx.")
    assert Follow.objects.filter(follower=reader, followed=seed_post.author).exists()

    follow_form.get_by_role("button", name="unfollow zzyzzx").click()
    expect(follow_form).to_have_text(re.compile(r"^\s*follow\s*$"))
    expect(page.get_by_role("status")).to_have_text("You no longer follow zzyzzx.")
    assert not Follow.objects.exists()
    assert_no_page_load(page, loads, seed_post.get_absolute_url())


def test_follow_and_ignore_on_a_profile_toggle_in_place(member_page, reader, writer):
    page = member_page
    loads = staying(page, writer.get_absolute_url())
    actions = page.locator(".profile-actions")

    actions.get_by_role("button", name="follow").click()
    unfollow = actions.get_by_role("button", name="unfollow")
    expect(unfollow).to_have_attribute("aria-pressed", "true")
    assert Follow.objects.filter(follower=reader, followed=writer).exists()

    actions.get_by_role("button", name="ignore").click()
    unignore = actions.get_by_role("button", name="unignore")
    expect(unignore).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("status")).to_contain_text("You are ignoring writer")
    assert Ignore.objects.filter(ignorer=reader, ignored=writer).exists()
    assert_no_page_load(page, loads, writer.get_absolute_url())


def test_flag_opens_its_form_under_the_comment_and_is_sent_in_place(
    member_page, browser_problems, seed_post, reader, writer
):
    page = member_page
    browser_problems.allow("status of 400")  # the refusal without a reason
    comment = make_comment(seed_post, author=writer, body="Buy cheap watches.")
    loads = staying(page, seed_post.get_absolute_url())
    shown = page.locator(f"#comment-{comment.pk}")

    shown.get_by_role("link", name="flag").click()
    form = shown.locator(".instant-flag form")
    expect(form).to_be_visible()
    expect(form.locator("input[type=radio]").first).to_be_focused()

    form.get_by_role("button", name="Flag it").click()  # no reason chosen: refused beside the form
    expect(form.get_by_role("alert")).to_have_text("Please choose a reason.")
    assert not Flag.objects.exists()

    form.get_by_label("Spam").check()
    form.get_by_role("button", name="Flag it").click()
    expect(shown.locator(".notice")).to_contain_text("Thank you")
    expect(shown.locator(".instant-flag")).to_have_count(0)
    expect(shown.get_by_text("flagged", exact=True)).to_be_visible()
    assert list(Flag.objects.values_list("flagger__username", "reason")) == [("reader", "spam")]
    assert_no_page_load(page, loads, seed_post.get_absolute_url())


def test_a_comment_appears_at_once_and_the_box_is_emptied(page, browser_problems, seed_post):
    loads = staying(page, seed_post.get_absolute_url())
    page.locator("#comment-body").fill("Straight into the thread, *no* reload.")
    page.get_by_role("button", name="Comment", exact=True).click()

    comment = page.locator("section.comments .comment")
    expect(comment).to_have_count(1)
    saved = Comment.objects.get()
    expect(comment).to_have_attribute("id", f"comment-{saved.pk}")
    expect(comment.locator(".number")).to_have_text("#1")
    expect(comment.locator(".comment-body em")).to_have_text("no")
    expect(comment).to_be_focused()
    expect(page.get_by_text("no comments found")).to_have_count(0)
    expect(page.locator(".post-byline")).to_contain_text("1 comment")
    expect(page.locator("#comment-body")).to_be_empty()
    expect(page.get_by_role("status")).to_have_text("Your comment is posted.")
    assert_no_page_load(page, loads, seed_post.get_absolute_url())

    # A refusal: beside the form, the text kept, still no page load.
    browser_problems.allow("status of 400")
    page.locator("#comment-body").fill("Too fast for the rules.")
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.locator("#comment-form").get_by_role("alert")).to_contain_text("too fast")
    expect(page.locator("#comment-body")).to_have_value("Too fast for the rules.")
    expect(page.locator("#comment-body")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#comment-body")).to_be_focused()
    expect(comment).to_have_count(1)
    assert Comment.objects.count() == 1
    assert_no_page_load(page, loads, seed_post.get_absolute_url())


def test_a_members_reply_goes_after_the_comment_before_it(member_page, seed_post, writer):
    page = member_page
    first = make_comment(seed_post, author=writer)
    loads = staying(page, seed_post.get_absolute_url())
    page.locator("#comment-body").fill("A reply.")
    page.get_by_role("button", name="Comment", exact=True).click()

    comments = page.locator("section.comments .comment")
    expect(comments).to_have_count(2)
    expect(comments.first).to_have_attribute("id", f"comment-{first.pk}")
    expect(comments.last.locator(".author")).to_have_text("reader")
    expect(comments.last.get_by_role("link", name="edit")).to_be_visible()
    assert_no_page_load(page, loads, seed_post.get_absolute_url())


def test_when_the_fetch_fails_the_form_is_sent_plainly(member_page, browser_problems, seed_post, reader):
    page = member_page
    browser_problems.allow("net::ERR_FAILED")  # the script's request, cut on purpose
    page.route(
        "**/watch/toggle", lambda route: route.abort() if route.request.resource_type == "fetch" else route.continue_()
    )
    page.goto(seed_post.get_absolute_url())
    page.evaluate(MARK)
    page.locator(".post-byline").get_by_role("button", name="watch").click()

    expect(page.get_by_role("status")).to_contain_text("You are watching this post.")  # the plain form's flash
    assert not page.evaluate(SAME_PAGE)
    assert Watch.objects.filter(user=reader, post=seed_post).count() == 1


@pytest.mark.parametrize("javascript_enabled", [False])
def test_without_javascript_the_plain_forms_still_work(member_page, seed_post, reader):
    page = member_page
    page.goto(seed_post.get_absolute_url())
    page.locator(".post-byline").get_by_role("button", name="watch").click()
    expect(page.get_by_role("status")).to_contain_text("You are watching this post.")
    assert Watch.objects.filter(user=reader, post=seed_post).exists()


# ---- Keyboard shortcuts ------------------------------------------------------------------------


@pytest.fixture
def thread(seed_post):
    return make_thread(seed_post, 5)


def focused_comment_id(page):
    return page.evaluate("document.activeElement.closest('.comment') && document.activeElement.closest('.comment').id")


def test_j_and_k_move_through_the_comments_and_c_jumps_to_the_box(page, seed_post, thread):
    page.goto(seed_post.get_absolute_url())
    ids = [f"comment-{comment.pk}" for comment in thread]

    page.keyboard.press("j")
    assert focused_comment_id(page) == ids[0]
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert focused_comment_id(page) == ids[2]
    page.keyboard.press("k")
    assert focused_comment_id(page) == ids[1]
    for _ in range(10):
        page.keyboard.press("j")
    assert focused_comment_id(page) == ids[-1]  # and stays on the last

    page.keyboard.press("c")
    box = page.locator("#comment-body")
    expect(box).to_be_focused()
    expect(box).to_have_value("")  # the c itself is not typed

    # Typing in the box is typing: j, k and c are letters there.
    page.keyboard.type("jkc")
    expect(box).to_have_value("jkc")
    expect(box).to_be_focused()
    page.keyboard.press("Control+j")  # nor with a modifier held, on the page
    assert page.url.endswith(seed_post.get_absolute_url())


def test_n_goes_to_the_next_unread_comment(page, seed_post, thread):
    page.goto(seed_post.get_absolute_url())
    # What the thread page gives a member: the number they had read to (see the report of issue 11).
    page.evaluate("document.querySelector('section.comments').setAttribute('data-seen', '3')")

    page.keyboard.press("n")
    assert focused_comment_id(page) == f"comment-{thread[3].pk}"
    page.keyboard.press("n")
    assert focused_comment_id(page) == f"comment-{thread[4].pk}"
    page.keyboard.press("n")
    assert focused_comment_id(page) == f"comment-{thread[4].pk}"
    expect(page.get_by_role("status")).to_have_text("No unread comments after this one.")


@pytest.fixture
def help_page(settings):
    settings.ROOT_URLCONF = __name__


def test_question_mark_opens_the_list_of_shortcuts(page, seed_post, help_page):
    page.goto(seed_post.get_absolute_url())
    page.keyboard.press("?")
    expect(page.get_by_role("heading", level=1)).to_have_text("Keyboard shortcuts")
    expect(page.locator("table.shortcuts kbd")).to_contain_text(["j", "k", "n", "c", "?"])
