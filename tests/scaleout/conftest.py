"""Two app servers and one Redis, as N servers behind a load balancer run in production.

- Redis: Debian's `redis-server` (installed with apt-get the first time, when it is missing),
  started on a free loopback port with no persistence and a temporary folder, once per session.
- The app servers: gunicorn from the virtualenv serving forum.wsgi, one sync worker each, on
  two free loopback ports, once per module. Both run the test suite's production-like settings
  (tests.settings) against the test database pytest-django created, and REDIS_URL names the
  Redis above. Tests create their rows with `django_db(transaction=True)`, so the rows are
  committed and the servers, being other processes, see them.

The servers are stopped (SIGTERM, then SIGKILL for what is left) when the module ends,
before pytest-django drops the test database, which PostgreSQL refuses while they are connected.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psutil
import pytest
import redis

from .client import AppServer, Browser

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_START_TIMEOUT = 15
SERVER_START_TIMEOUT = 45  # gunicorn and Django importing; seconds on a quiet machine
STOP_TIMEOUT = 10
APT_TIMEOUT = 900  # the first run on a clean machine downloads the package
START_ATTEMPTS = 3  # a free port may be taken by someone else before the server binds it
PORT_TAKEN = "Address already in use"


def free_port():
    """A port nobody listens on now (the OS picks it; a small race until the server binds it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process):
    """Stop a process this module started and the ones it started (a gunicorn worker): SIGTERM,
    then SIGKILL for whatever is left. psutil tells a leftover from a new process with its pid."""
    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.Error:
        children = []
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(STOP_TIMEOUT)
    for child in children:
        try:
            child.kill()
        except psutil.Error:  # gone already, as it should be
            pass


def log_tail(path, lines=40):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def redis_server_binary():
    """Debian's redis-server, installed now if missing (CI starts on a clean machine)."""
    found = shutil.which("redis-server")
    if found:
        return found
    if os.geteuid() != 0:
        pytest.fail("redis-server is missing and only root may install it: apt-get install -y redis-server")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    wait_for_lock = ["-o", "DPkg::Lock::Timeout=300"]  # another session may be installing too
    for command in (
        ["apt-get", *wait_for_lock, "update"],
        ["apt-get", *wait_for_lock, "install", "-y", "redis-server"],
    ):
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=APT_TIMEOUT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"`{' '.join(command)}` took more than {APT_TIMEOUT} s")
        if done.returncode:
            output = done.stdout[-2000:] + done.stderr[-2000:]
            pytest.fail(f"`{' '.join(command)}` failed ({done.returncode}):\n{output}")
    found = shutil.which("redis-server")
    if not found:
        pytest.fail("apt-get installed redis-server but it is not on PATH")
    return found


@pytest.fixture(scope="session")
def scaleout_folder():
    """Logs and Redis's working folder. Not under pytest's tmp_path: every pytest session started
    on the machine prunes /tmp/pytest-of-<user>, other people's running sessions' folders too."""
    folder = Path(tempfile.mkdtemp(prefix="forum-scaleout-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def start_redis(binary, folder):
    """redis-server on a free loopback port; (port, process) once it answers, or None when
    another program took the port first."""
    port = free_port()
    log = folder / "redis.log"
    # fmt: off
    command = [
        binary, "--port", str(port), "--bind", "127.0.0.1", "--protected-mode", "yes",
        "--save", "", "--appendonly", "no", "--dir", str(folder), "--daemonize", "no",
        "--logfile", str(log),
    ]
    # fmt: on
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=2, socket_connect_timeout=2)
    deadline = time.monotonic() + REDIS_START_TIMEOUT
    try:
        while True:
            if process.poll() is not None:
                if PORT_TAKEN in log_tail(log):
                    return None
                pytest.fail(f"redis-server exited ({process.returncode}):\n{log_tail(log)}")
            try:
                client.ping()
                return port, process
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    stop(process)
                    pytest.fail(f"redis-server did not answer on port {port} in {REDIS_START_TIMEOUT} s")
                time.sleep(0.1)
    finally:
        client.close()


@pytest.fixture(scope="session")
def redis_url(scaleout_folder):
    """A Redis of our own on loopback, for the session: `redis://127.0.0.1:PORT/0`."""
    binary = redis_server_binary()
    folder = scaleout_folder / "redis"
    folder.mkdir()
    for _ in range(START_ATTEMPTS):
        started = start_redis(binary, folder)
        if started:
            break
    else:
        pytest.fail(f"redis-server found its port taken {START_ATTEMPTS} times")
    port, process = started
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)


@pytest.fixture
def redis_client(redis_url):
    client = redis.Redis.from_url(redis_url, socket_timeout=5, socket_connect_timeout=5)
    yield client
    client.close()


def database_url_for_tests():
    """DATABASE_URL (set by the harness) with the test database's name in place of the main one."""
    from django.db import connection

    url = os.environ.get("DATABASE_URL")
    if not url:
        pytest.fail("DATABASE_URL is unset: run through `python -m forum.embedded_postgres --throwaway -- pytest`")
    name = connection.settings_dict["NAME"]  # pytest-django's test_<name>, once django_db_setup ran
    assert name.startswith("test_"), f"not a test database: {name}"
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def start_app_server(name, *, env, folder):
    """gunicorn serving forum.wsgi on a free loopback port, starting: (AppServer, process, log)."""
    port = free_port()
    server = AppServer(name=name, port=port)
    log = folder / f"gunicorn-{name}.log"
    # fmt: off
    command = [
        sys.executable, "-m", "gunicorn", "forum.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", "1", "--worker-class", "sync",
        "--timeout", "30", "--graceful-timeout", "3", "--chdir", str(BASE_DIR),
        "--access-logfile", "-", "--error-logfile", "-",
    ]
    # fmt: on
    with open(log, "wb") as output:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    return server, process, log


def wait_until_serving(server, process, log):
    """True once the server answers; False when it gave up because its port was taken."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while True:
        if process.poll() is not None:
            if "in use" in log_tail(log):  # gunicorn: "Connection in use: ('127.0.0.1', PORT)"
                return False
            pytest.fail(f"app server {server.name} exited ({process.returncode}):\n{log_tail(log)}")
        try:
            # /accounts/login/ reads nothing the tests create and needs the database to answer.
            response = Browser()._request(server, "GET", "/accounts/login/", {})
        except OSError:
            response = None
        if response is not None:
            if response.status != 200:
                pytest.fail(f"app server {server.name} answered {response.status}:\n{log_tail(log)}")
            return True
        if time.monotonic() > deadline:
            pytest.fail(f"app server {server.name} did not answer in {SERVER_START_TIMEOUT} s:\n{log_tail(log)}")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def app_servers(django_db_setup, redis_url, scaleout_folder):
    """Servers A and B: two gunicorn processes, one database, one Redis."""
    from django.conf import settings

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.scaleout.settings",
        "DATABASE_URL": database_url_for_tests(),
        "REDIS_URL": redis_url,
        # One secret for every server, as production has: sessions, CSRF, signed message cookies
        # and anonymous names must read the same on each.
        "SECRET_KEY": settings.SECRET_KEY,
        "ANONYMOUS_NAME_KEY": settings.ANONYMOUS_NAME_KEY,
        "PYTHONUNBUFFERED": "1",
    }
    processes = []  # every one started, stopped at the end whatever happens
    try:
        # Both start at once (Django's import is most of the wait), then each is waited for.
        pending = [start_app_server(name, env=env, folder=scaleout_folder) for name in ("A", "B")]
        processes.extend(process for _, process, _ in pending)
        servers = []
        for server, process, log in pending:
            for attempt in range(START_ATTEMPTS):
                if attempt:
                    server, process, log = start_app_server(server.name, env=env, folder=scaleout_folder)
                    processes.append(process)
                if wait_until_serving(server, process, log):
                    break
            else:
                pytest.fail(f"app server {server.name} found its port taken {START_ATTEMPTS} times")
            servers.append(server)
        yield tuple(servers)
    finally:
        for process in processes:
            stop(process)


@pytest.fixture
def server_logs(scaleout_folder):
    """The servers' logs, for a failing assertion's message."""

    def read():
        return "\n".join(
            f"--- {path.name} ---\n{log_tail(path)}" for path in sorted(scaleout_folder.glob("gunicorn-*.log"))
        )

    return read
