"""Many clients at once against real processes: gunicorn app servers on the test database and a
Redis of their own (as tests/scaleout starts them), job workers (`manage.py procrastinate
worker`), and a mail server the tests control (smtp.py).

- `crowd`: one gunicorn with 2 workers of 8 threads each, so that requests really overlap.
- `single`: one gunicorn with one sync worker, as production runs them (README): anything that
  holds that worker after a response shows as the next reader's wait.
Both run the suite's production-like settings with TRUSTED_PROXY_COUNT=1, so that each anonymous
client may come from an address of its own (X-Forwarded-For), as readers behind a load balancer do.
"""

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client

from tests.jobs.queue import empty_queue  # noqa: F401 - a fixture of the mail tests
from tests.scaleout.client import AppServer, Browser
from tests.scaleout.conftest import (
    BASE_DIR,
    database_url_for_tests,
    free_port,
    log_tail,
    redis_client,  # noqa: F401 - a fixture of the tests
    redis_url,  # noqa: F401 - a fixture the ones below use
    scaleout_folder,  # noqa: F401 - a fixture the ones below use
    stop,
    wait_until_serving,
)

START_ATTEMPTS = 3


class AddressedBrowser(Browser):
    """A browser on a network of its own: the address our (trusted) proxy says it came from."""

    def __init__(self, address):
        super().__init__()
        self.address = address

    def _request(self, server, method, path, headers, body=None):
        return super()._request(server, method, path, {"X-Forwarded-For": self.address, **headers}, body)


def member_browser(user, address="192.0.2.1"):
    """A browser logged in as user: a session made here, in the database the servers read."""
    client = Client()
    client.force_login(user)
    browser = AddressedBrowser(address)
    browser.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return browser


def read(browser, server, path):
    response = browser.get(server, path)
    assert response.status == 200, f"GET {path}: {response.status}\n{response.text[:1000]}\n{server.log()}"
    return response


def timed(call, *args):
    started = time.monotonic()
    result = call(*args)
    return result, time.monotonic() - started


def all_at_once(call, items, *, threads=None):
    """call(item) for every item, each in a thread of its own (or `threads` of them), in order."""
    items = list(items)
    with ThreadPoolExecutor(max_workers=threads or len(items)) as pool:
        return list(pool.map(call, items))


@dataclass(frozen=True)
class Server(AppServer):
    log_path: str = ""

    def log(self):
        return log_tail(self.log_path, 60)


def start_gunicorn(name, *, env, folder, options):
    port = free_port()
    log = folder / f"gunicorn-{name}.log"
    # fmt: off
    command = [
        sys.executable, "-m", "gunicorn", "forum.wsgi:application", "--bind", f"127.0.0.1:{port}",
        *options, "--timeout", "30", "--graceful-timeout", "3", "--chdir", str(BASE_DIR),
        "--access-logfile", "-", "--error-logfile", "-",
    ]
    # fmt: on
    with open(log, "wb") as output:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    return Server(name=name, port=port, log_path=str(log)), process, log


SERVERS = {
    "crowd": ["--workers", "2", "--threads", "8", "--worker-class", "gthread"],
    "single": ["--workers", "1", "--worker-class", "sync"],
}


@dataclass(frozen=True)
class Servers:
    crowd: Server
    single: Server


@pytest.fixture(scope="package")  # stopped once this folder's tests are done
def servers(django_db_setup, redis_url, scaleout_folder):  # noqa: F811
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url_for_tests(),
        "REDIS_URL": redis_url,
        "SECRET_KEY": settings.SECRET_KEY,  # the sessions made here are read there
        "ANONYMOUS_NAME_KEY": settings.ANONYMOUS_NAME_KEY,
        "TRUSTED_PROXY_COUNT": "1",
        "PYTHONUNBUFFERED": "1",
    }
    processes = []
    try:
        pending = [start_gunicorn(name, env=env, folder=scaleout_folder, options=o) for name, o in SERVERS.items()]
        processes.extend(process for _, process, _ in pending)
        started = {}
        for server, process, log in pending:
            for attempt in range(START_ATTEMPTS):
                if attempt:
                    server, process, log = start_gunicorn(
                        server.name, env=env, folder=scaleout_folder, options=SERVERS[server.name]
                    )
                    processes.append(process)
                if wait_until_serving(server, process, log):
                    break
            else:
                pytest.fail(f"app server {server.name} found its port taken {START_ATTEMPTS} times")
            started[server.name] = server
        yield Servers(**started)
    finally:
        for process in processes:
            stop(process)
