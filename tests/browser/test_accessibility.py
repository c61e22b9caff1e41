"""Every page, logged out and logged in, at 1280 and 360 px wide, light and dark (the system's
setting and the header's toggle): no axe-core violation at WCAG 2.1 AA, controls named with their
visible words, tap targets big enough, and nothing that scrolls sideways on a phone.

axe-core is the npm package pinned in tests/browser/axe/ (`npm ci --prefix tests/browser/axe`),
evaluated in each page by Playwright (the page's CSP does not apply to what the test evaluates).
"""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import timezone
from playwright.sync_api import expect

from forum.comments.models import Comment
from forum.moderation.actions import comments_judge
from tests.factories import make_comment, make_post, make_thread, make_user

from .conftest import log_in_by_cookie

pytestmark = pytest.mark.browser

AXE_SCRIPT = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Not in the tags above, asked for by name: 2.5.8's tap-target size and spacing (a WCAG 2.2 rule,
# here because phones are most of our readers), and 2.5.3's "the name holds the visible words"
# (experimental in axe, so off unless named).
EXTRA_RULES = ["target-size", "label-content-name-mismatch"]
WIDTHS = (1280, 360)
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
LONG_URL = "https://example.com/" + "a-very-long-path-segment/" * 8 + "?q=" + "x" * 60


@pytest.fixture
def forum(seed_post):
    """The pages' rows: a long thread (two pages, a long word and URL, a held comment), a member
    with a comment of their own in it, another member's comment to flag, a moderation log row."""
    reader = make_user("reader")
    moderator = make_user("moderator1", staff=True)
    writer = make_user("a_writer_with_a_rather_long_name")
    thread = make_post(author=writer, title=f"A long thread about {LONG_WORD}", body=f"See {LONG_URL} and {LONG_WORD}.")
    make_thread(thread, 45, author=writer)
    others = make_comment(thread, author=writer, body=f"A link: {LONG_URL}\n\nA word: {LONG_WORD}")
    own = make_comment(thread, author=reader, body="My own comment, to edit.")
    held = make_comment(thread, author=writer, body="Buy cheap things.")
    comments_judge(Comment.objects.filter(pk=held.pk), Comment.Status.SPAM, by=moderator)
    return SimpleNamespace(reader=reader, seed=seed_post, thread=thread, others=others, own=own)


def member_and_visitor_pages(forum):
    return {
        "home": "/",
        "home page 2": "/?page=2",
        "seed post": forum.seed.get_absolute_url(),
        "long thread, last page": forum.thread.get_absolute_url(),
        "long thread, first page": forum.thread.get_absolute_url() + "?page=1",
        "profile": "/user/zzyzzx",
        "moderation log": "/moderation",
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
        "password reset": "/accounts/password/reset/",
        "not found": "/no-such-page",
        "bad request": "/?q=%00",
        "flag": f"/comment/{forum.others.pk}/flag",
        "comment edit": f"/comment/{forum.own.pk}/edit",
        "settings": "/settings",
        "new post": "/post/new",
        "newest posts tab": "/tab/new",
        "latest comments": "/comments",
        "best comments of all time": "/best/all",
        "posts of a past year": f"/old?years_ago={timezone.now().year - forum.seed.created_at.year}",
        "search": "/search?q=finished",
        "search in comments": "/search?q=finished&in=comments",
        "keyboard shortcuts": "/help/keys",
    }


MEMBER_ONLY_PAGES = {
    "own profile": "/user/reader",
    "email settings": "/settings/email",
    "change password": "/accounts/password/change/",
    "email addresses": "/accounts/email/",
    "delete account": "/settings/delete",
}


def axe_violations(page, run_only=None):
    # Evaluated rather than added as a <script> (add_script_tag): the page's CSP (script-src
    # 'self') would block an inline script, and is rightly not relaxed for the test.
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `npm ci --prefix tests/browser/axe` (make test does)")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT.read_text())
    options = {
        "runOnly": run_only or {"type": "tag", "values": WCAG_21_AA},
        "rules": {rule: {"enabled": True} for rule in EXTRA_RULES},
        "resultTypes": ["violations"],
    }
    result = page.evaluate("options => axe.run(document, options)", options)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
        + "\n".join(f"    {node['target']}: {node['failureSummary']}" for node in violation["nodes"][:6])
        for violation in result["violations"]
    ]


def sideways_overflow(page):
    """How far the page scrolls sideways, and the elements reaching past the viewport."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const wide = [...document.querySelectorAll('body *')]
            .filter(element => element.getBoundingClientRect().right > width + 1)
            .slice(0, 5).map(element => element.outerHTML.slice(0, 120));
          return {overflow: document.documentElement.scrollWidth - width, wide};
        }"""
    )


def check_page(page, label):
    """The problems of the page as it is now, each a line naming the page and the state."""
    problems = [f"{label}: {line}" for line in axe_violations(page)]
    if page.viewport_size["width"] <= 400:
        overflow = sideways_overflow(page)
        if overflow["overflow"] > 0:
            problems.append(f"{label}: scrolls sideways by {overflow['overflow']}px: {overflow['wide']}")
    return problems


def theme_toggle(page):
    return page.get_by_role("button", name="dark mode")


# Each width in each scheme, reached both ways: the system's setting (emulated) at full width, the
# header's toggle against the system's setting on the phone.
STATES = [(1280, "light", False), (1280, "dark", False), (360, "light", True), (360, "dark", True)]


def check_in_every_state(page, go):
    """Load the page (go()) and collect its problems in each of STATES. A width or the system's
    scheme applies to the page as it is; a toggled state loads it afresh and presses the toggle.
    That the choice then holds on the next page, drawn first, is
    test_chosen_scheme_holds_on_every_page_and_is_drawn_first's."""
    problems = []
    page.evaluate("() => localStorage.clear()")
    go()
    for width, system, toggled in STATES:
        page.set_viewport_size({"width": width, "height": 800})
        page.emulate_media(color_scheme=system)
        label = f"{width}px, system {system}"
        if toggled:
            page.evaluate("() => localStorage.clear()")
            go()
            # The toggle says which scheme shows, and turns to the other.
            toggle = theme_toggle(page)
            expect(toggle).to_have_attribute("aria-pressed", str(system == "dark").lower())
            toggle.click()
            chosen = "light" if system == "dark" else "dark"
            expect(page.locator("html")).to_have_attribute("data-theme", chosen)
            expect(toggle).to_have_attribute("aria-pressed", str(chosen == "dark").lower())
            label += f", toggled to {chosen}"
        problems += check_page(page, label)
    page.evaluate("() => localStorage.clear()")
    return problems


def assert_no_problems(problems):
    assert not problems, "\n".join(problems)


# Every page in one test per reader: the forum is built once, not once per page (the suite's
# time), and each problem still names its page and state.
@pytest.mark.parametrize("logged_in", [False, True], ids=["logged out", "logged in"])
def test_every_page_is_accessible_in_every_state(page, browser_problems, context, live_server, forum, logged_in):
    browser_problems.allow("400 (Bad Request)")
    browser_problems.allow("404 (Not Found)")
    pages = member_and_visitor_pages(forum)
    if logged_in:
        log_in_by_cookie(context, forum.reader, live_server.url)
        pages.update(MEMBER_ONLY_PAGES)
    page.goto("/")
    problems = []
    for name, url in pages.items():
        problems += [f"{name}: {line}" for line in check_in_every_state(page, lambda url=url: page.goto(url))]
    assert_no_problems(problems)


@pytest.mark.parametrize("logged_in", [False, True], ids=["logged out", "logged in"])
def test_refused_comment_is_accessible(page, browser_problems, context, live_server, forum, logged_in):
    browser_problems.allow("400 (Bad Request)")
    if logged_in:
        log_in_by_cookie(context, forum.reader, live_server.url)
    page.goto("/")

    def send_empty_comment():
        page.goto(forum.seed.get_absolute_url())
        page.get_by_role("button", name="Comment", exact=True).click()
        expect(page.get_by_role("alert")).to_be_visible()

    assert_no_problems(check_in_every_state(page, send_empty_comment))


def error_response(status, user):
    """The error pages no address leads to in a test, rendered as the site would answer them."""
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.views import defaults

    from forum.core import views
    from forum.core.ratelimits import too_many

    request = RequestFactory().get("/somewhere")
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    if status == 403:
        refusal = PermissionDenied("You may flag comments once you have been here a week.")
        return defaults.permission_denied(request, refusal)
    if status == 429:
        return too_many(request, retry_after=600)
    if status == 500:
        return views.server_error(request)
    return views.service_unavailable(request)


@pytest.mark.parametrize("logged_in", [False, True], ids=["logged out", "logged in"])
@pytest.mark.parametrize("status", [403, 429, 500, 503])
def test_error_page_is_accessible_in_every_state(page, browser_problems, live_server, forum, status, logged_in):
    """Served from a route of the browser's own, with the site's CSP (the middleware that sends it
    is not in the way of a view called directly)."""
    browser_problems.allow(f"{status} (")
    response = error_response(status, forum.reader if logged_in else None)
    address = f"{live_server.url}/error-page-{status}"
    headers = {"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": _csp()}
    page.route(address, lambda route: route.fulfill(status=status, body=response.content, headers=headers))
    page.goto("/")
    assert_no_problems(check_in_every_state(page, lambda: page.goto(address)))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def _csp():
    return "; ".join(f"{name} {value}" for name, value in settings.CONTENT_SECURITY_POLICY.items())


def _contrast(first, second):
    def luminance(rgb):
        channels = [int(value) / 255 for value in re.findall(r"[\d.]+", rgb)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted([luminance(first), luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_ring_stands_out_from_the_page_in_both_schemes(page, forum, scheme):
    """WCAG 1.4.11: the ring at least 3:1 against the page around it (the old orange on white
    was 2.1:1), on links, buttons and fields alike."""
    page.emulate_media(color_scheme=scheme)
    page.goto(forum.seed.get_absolute_url())
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    comment_button = page.get_by_role("button", name="Comment", exact=True)
    for target in (page.locator(".site-name"), comment_button, page.locator("#comment-body")):
        target.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focused by keyboard, so :focus-visible holds
        ring = target.evaluate("e => ['outlineStyle', 'outlineWidth', 'outlineColor'].map(p => getComputedStyle(e)[p])")
        assert ring[0] == "solid" and float(ring[1].removesuffix("px")) >= 2, ring
        assert _contrast(ring[2], background) >= 3, (ring, background)


@pytest.mark.parametrize("javascript_enabled", [False])
def test_without_javascript_the_system_scheme_applies_and_no_toggle_shows(page, forum):
    page.emulate_media(color_scheme="dark")
    page.goto(forum.seed.get_absolute_url())
    expect(page.locator(".theme-toggle")).to_be_hidden()
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert _contrast(background, "rgb(0, 0, 0)") < 1.5  # dark
    page.emulate_media(color_scheme="light")
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(255, 255, 255)"


# Records the scheme on <html> at the moment <body> is parsed, before anything of the page can be
# drawn: what theme.js (in <head>) alone has set by then.
FIRST_THEME_RECORDER = """
new MutationObserver((changes, observer) => {
  if (!document.body) return;
  window.firstTheme = document.documentElement.getAttribute("data-theme");
  observer.disconnect();
}).observe(document, {childList: true, subtree: true});
"""


def test_chosen_scheme_holds_on_every_page_and_is_drawn_first(page, browser_problems, forum):
    """Chosen once, on the post page: the login page, an error page and the home page open in it
    from their first paint (theme.js runs before the body is drawn)."""
    browser_problems.allow("404 (Not Found)")
    page.emulate_media(color_scheme="light")
    page.goto(forum.seed.get_absolute_url())
    page.get_by_role("button", name="dark mode").click()
    # What the page shows before any of its scripts but theme.js ran: checked as it is parsed.
    page.add_init_script(FIRST_THEME_RECORDER)
    for address in ("/accounts/login/", "/no-such-page", "/"):
        page.goto(address)
        assert page.evaluate("() => window.firstTheme") == "dark", address
        expect(page.get_by_role("button", name="dark mode")).to_have_attribute("aria-pressed", "true")
        assert _contrast(page.evaluate("() => getComputedStyle(document.body).backgroundColor"), "rgb(0, 0, 0)") < 1.5


def test_comment_header_controls_keep_their_words_together_on_a_phone(page, context, live_server, forum):
    log_in_by_cookie(context, forum.reader, live_server.url)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(forum.thread.get_absolute_url())
    broken = page.evaluate(
        """() => [...document.querySelectorAll('.comment .byline :is(a, button, summary, time)')]
            .filter(element => {
              const range = document.createRange();
              range.selectNodeContents(element);
              const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
              return lines.size > 1;
            }).map(element => element.outerHTML.slice(0, 100))"""
    )
    assert broken == []
    # The main actions are 44px tall to tap; every other control at least 24px.
    for name in ("Comment", "dark mode", "log out"):
        assert page.get_by_role("button", name=name, exact=True).bounding_box()["height"] >= 44, name
    # The byline's "following x" (once 8 x 22 px), as forum.js redraws it and as the server does.
    page.goto(forum.seed.get_absolute_url())
    page.locator(".post-byline").get_by_role("button", name="follow", exact=True).click()
    for _ in range(2):
        unfollow = page.locator(".post-byline").get_by_role("button", name="unfollow zzyzzx")
        expect(unfollow).to_have_text("x")
        box = unfollow.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box
        page.reload()
