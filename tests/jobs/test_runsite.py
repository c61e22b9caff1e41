"""`make run`'s last step, `manage.py runsite`: the web server and a worker, stopped together."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import quote

import psutil
import pytest
from django.conf import settings
from django.db import connection

from accounts.models import Follow
from forum.notifications import events
from tests.factories import make_user

from .queue import jobs

pytestmark = pytest.mark.usefixtures("empty_queue")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url_of_the_tests():
    """The test database, as DATABASE_URL, for processes of its own."""
    params = connection.settings_dict
    return f"postgres://{params['USER']}@{quote(params['HOST'], safe='')}:{params['PORT'] or 5432}/{params['NAME']}"


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.2)
    raise AssertionError("timed out")


def answers(url):
    try:
        return urllib.request.urlopen(url, timeout=2).status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


@pytest.fixture
def site(tmp_path):
    port = free_port()
    log = (tmp_path / "runsite.log").open("w")
    env = {**os.environ, "DATABASE_URL": database_url_of_the_tests(), "DJANGO_SETTINGS_MODULE": "tests.settings"}
    process = subprocess.Popen(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "runsite", f"127.0.0.1:{port}"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        wait_for(lambda: answers(f"http://127.0.0.1:{port}/health") or answers(f"http://127.0.0.1:{port}/"))
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def children_of(process):
    return psutil.Process(process.pid).children(recursive=True)


def worker_ran_a_job():
    followed, follower = make_user(), make_user()
    Follow.objects.create(follower=follower, followed=followed)
    events.member_followed(follower, followed)
    wait_for(lambda: jobs() and jobs()[0].status == "succeeded")


@pytest.mark.parametrize("stop", ["ctrl-c", "sigterm"])
def test_one_signal_stops_the_server_and_the_worker(site, stop):
    worker_ran_a_job()
    children = children_of(site)
    commands = " ".join(" ".join(child.cmdline()) for child in children)
    assert "runserver" in commands and "procrastinate worker" in commands
    if stop == "ctrl-c":
        os.killpg(site.pid, signal.SIGINT)  # the terminal signals the whole foreground group
    else:
        site.send_signal(signal.SIGTERM)  # `kill` of make's process (make exec's runsite)
    site.wait(30)
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert alive == []


def test_when_the_worker_dies_the_server_stops_too(site):
    (worker,) = [child for child in children_of(site) if "procrastinate" in child.cmdline()]
    server = [child for child in children_of(site) if "runserver" in child.cmdline()]
    worker.kill()
    assert site.wait(30) != 0
    gone, alive = psutil.wait_procs(server, timeout=10)
    assert alive == []
