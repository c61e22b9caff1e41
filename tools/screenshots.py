"""`make screenshots`: the pages a newcomer sees first, at 360 and 1280 px, light and dark, into
docs/screenshots/. Runs the site with the demo data on a throwaway embedded PostgreSQL (started by
the Makefile) and Debian's Chromium, as the browser tests do.

Pages: the home page, the seed post, the long demo thread, a profile, the new-post form (logged
in) and a refused comment (an empty one sent)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = Path(__file__).resolve().parents[1]
OUT = BASE / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
WIDTHS = {"phone": (360, 780), "desktop": (1280, 900)}
SCHEMES = ("light", "dark")
DEMO_MEMBER, DEMO_PASSWORD = "zzyzzx", "demo-password"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE, env=env, check=True, stdout=subprocess.DEVNULL)


def serve(env):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=BASE, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(url + "/", timeout=2)
            return server, url
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the site did not start")


def address_of(code, env):
    """A page's address, from the demo data (the seed post is from 2017: on no first page)."""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=BASE,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip().splitlines()[-1]


POSTS = "from forum.posts.models import Post; "
SEED = POSTS + "print(Post.objects.get(author__username='zzyzzx', view_count=192).get_absolute_url())"
LONGEST = POSTS + "print(Post.objects.order_by('-comment_count').first().get_absolute_url())"


def pages(page, url, seed, longest):
    """(name, what to do to show it), in order; the last one needs the member logged in."""
    yield "home", lambda: page.goto(url + "/")
    yield "seed-post", lambda: page.goto(url + seed)
    yield "long-thread", lambda: page.goto(url + longest)
    yield "profile", lambda: page.goto(f"{url}/user/{DEMO_MEMBER}")
    yield "refused-comment", lambda: _refused_comment(page, url + seed)
    yield "new-post", lambda: _new_post_form(page, url)


def _refused_comment(page, post_url):
    page.goto(post_url)
    page.locator("textarea[name=body]").fill("\u200b")  # invisible only: refused as empty
    page.locator("#comment-form button[type=submit], form[action$='/comments/new'] button[type=submit]").first.click()
    page.wait_for_timeout(500)


def _new_post_form(page, url):
    if not page.context.cookies() or not any(c["name"] == "sessionid" for c in page.context.cookies()):
        page.goto(url + "/accounts/login/")
        page.locator("input[name=login]").fill(DEMO_MEMBER)
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        page.locator("form button[type=submit]").last.click()
        page.wait_for_load_state()
    page.goto(url + "/post/new")


def main():
    env = {**os.environ, "DEBUG": "1", "SECRET_KEY": os.environ.get("SECRET_KEY", "screenshots-only")}
    manage("migrate", "--noinput", env=env)
    manage("load_demo_data", env=env)
    seed, longest = address_of(SEED, env), address_of(LONGEST, env)
    server, url = serve(env)
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for scheme in SCHEMES:
                for device, (width, height) in WIDTHS.items():
                    context = browser.new_context(
                        viewport={"width": width, "height": height}, color_scheme=scheme,
                        timezone_id="America/Los_Angeles",
                    )  # fmt: skip
                    page = context.new_page()
                    for name, show in pages(page, url, seed, longest):
                        show()
                        page.wait_for_load_state("networkidle")
                        path = OUT / f"{name}-{device}-{scheme}.png"
                        page.screenshot(path=path)
                        print(path.relative_to(BASE))
                    context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
