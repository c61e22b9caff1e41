"""Browser tests: one headless Debian Chromium per session, a fresh context and page per test,
against pytest-django's live server.

Every page records console errors, uncaught script errors and Content-Security-Policy
violations; a test that produced any of them fails after its own assertions pass.
"""

import os

import pytest
from playwright.sync_api import expect, sync_playwright

from forum.core.demo.seed import seed_paragraphs, seed_title

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 5_000
# Dates in the expectations are Los Angeles times; forum.js tells the server the browser's zone.
BROWSER_TIMEZONE = "America/Los_Angeles"

# Reports every CSP violation to the test through an exposed binding. Init scripts are
# injected by the browser itself, so the page's own policy does not block this one.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (event) {
  window.__reportCspViolation(
    event.violatedDirective + " blocked " + (event.blockedURI || "inline") +
    " at " + event.sourceFile + ":" + event.lineNumber
  );
});
"""

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium`")
    # Playwright's sync API keeps an asyncio event loop running in the main thread for as long
    # as the browser lives, and Django refuses ORM calls from a thread with a running loop unless
    # told this is safe (it is: the loop only carries Playwright's messages).
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class BrowserProblems:
    """What went wrong in the page, collected from its events."""

    def __init__(self, page):
        self.page = page
        self.console_errors = []
        self.page_errors = []
        self.csp_violations = []
        # Messages a test expects (e.g. the console's note about a 400 response it asked for).
        self.allowed = []

    def allow(self, fragment):
        self.allowed.append(fragment)

    def on_console(self, message):
        if message.type != "error":
            return
        url = message.location.get("url", "")
        if not any(fragment in message.text for fragment in self.allowed):
            self.console_errors.append(f"{message.text} ({url})")

    def report(self):
        if not self.page.is_closed():
            try:
                self.page.evaluate("0")  # a round trip delivers any events still in flight
            except Exception:  # a page mid-navigation: what arrived so far will do
                pass
        lines = (
            [f"console error: {text}" for text in self.console_errors]
            + [f"uncaught error: {text}" for text in self.page_errors]
            + [f"CSP violation: {text}" for text in self.csp_violations]
        )
        return "\n".join(lines)


@pytest.fixture
def javascript_enabled():
    """Override with @pytest.mark.parametrize("javascript_enabled", [False]) for a no-JS reader."""
    return True


@pytest.fixture
def context(browser, live_server, transactional_db, javascript_enabled):
    context = browser.new_context(
        base_url=live_server.url,
        timezone_id=BROWSER_TIMEZONE,
        locale="en-US",
        java_script_enabled=javascript_enabled,
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def browser_problems(request, context):
    """The problems of the test's page; checked by pytest_runtest_call below."""
    problems = watched_page(context)
    request.node.browser_problems = problems
    return problems


def watched_page(context):
    """A new page of this browser context, its console errors, uncaught script errors and CSP
    violations collected (BrowserProblems, whose .page is the page)."""
    page = context.new_page()
    problems = BrowserProblems(page)
    page.on("console", problems.on_console)
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    page.expose_function("__reportCspViolation", lambda text: problems.csp_violations.append(text))
    page.add_init_script(CSP_LISTENER)
    return problems


@pytest.fixture
def page(browser_problems):
    return browser_problems.page


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail a browser test whose page logged an error or violated the CSP, after its own checks."""
    result = yield
    problems = getattr(item, "browser_problems", None)
    if problems is not None:
        report = problems.report()
        if report:
            pytest.fail(f"the page reported problems:\n{report}", pytrace=False)
    return result


def log_in(page, user):
    """Fill in and send the login form the page shows (allauth's, by username)."""
    from tests.factories import PASSWORD

    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    page.locator("input[name=login]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="log in", exact=True).click()


# The seed post's text, from the demo data (forum/core/demo/seed.py): the one copy of it.
SEED_TITLE = seed_title()
SEED_PARAGRAPHS = seed_paragraphs()


@pytest.fixture
def seed_post(transactional_db):
    """The seed page's post (191 views before the test's own), with a post before and after it."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from tests.factories import make_post, make_user

    created_at = datetime(2017, 11, 9, 10, 29, tzinfo=ZoneInfo("America/Los_Angeles"))
    make_post(title="The post before", created_at=created_at - timedelta(days=1))
    post = make_post(
        author=make_user("zzyzzx"),
        title=SEED_TITLE,
        body="\n\n".join(SEED_PARAGRAPHS),
        created_at=created_at,
        view_count=191,
    )
    make_post(title="The post after", created_at=created_at + timedelta(days=1))
    return post


def log_in_by_cookie(context, user, base_url):
    """Log the browser context in as user without the login form: a session made the way the test
    client's force_login makes one, its cookie given to the browser (base_url: the live server's).
    For tests about what a member's pages look like, not how one logs in (log_in drives the form)."""
    from django.conf import settings as django_settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])
