"""Faults while the site serves: one gunicorn app server (as tests/scaleout starts them) whose
database connection goes through a proxy the tests cut (tests/faults/proxy.py), and whose Redis
is a server of this module's own that the tests stop and start again."""

import os
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis

from tests.scaleout.conftest import (
    database_url_for_tests,
    log_tail,
    redis_server_binary,
    scaleout_folder,  # noqa: F401 - a fixture the ones below use
    start_app_server,
    start_redis,
    stop,
    wait_until_serving,
)

from .proxy import TcpProxy, database_address

START_ATTEMPTS = 3


class RedisServer:
    """A redis-server that can be stopped and started again on its port."""

    def __init__(self, binary, folder):
        self.binary, self.folder = binary, folder
        self.port = self.process = None

    def start(self):
        for _ in range(START_ATTEMPTS):
            started = start_redis(self.binary, self.folder) if self.port is None else self._restart()
            if started:
                self.port, self.process = started
                return
        pytest.fail("redis-server could not start")

    def _restart(self):
        from tests.scaleout import conftest

        free_port = conftest.free_port
        conftest.free_port = lambda: self.port  # the same port: the app server's REDIS_URL names it
        try:
            return start_redis(self.binary, self.folder)
        finally:
            conftest.free_port = free_port

    def stop(self):
        stop(self.process)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2, socket_connect_timeout=2)


@pytest.fixture(scope="module")
def fault_redis(scaleout_folder):  # noqa: F811
    folder = scaleout_folder / f"redis-faults-{time.monotonic_ns()}"
    folder.mkdir()
    server = RedisServer(redis_server_binary(), folder)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def database_proxy(django_db_setup):
    proxy = TcpProxy(database_address(os.environ["DATABASE_URL"]))
    proxy.start()
    yield proxy
    proxy.cut()


@pytest.fixture(scope="module")
def app_server(django_db_setup, database_proxy, fault_redis, scaleout_folder):  # noqa: F811
    from django.conf import settings

    direct = urlsplit(database_url_for_tests())
    user = direct.username or "postgres"
    through_proxy = urlunsplit(direct._replace(netloc=f"{user}@127.0.0.1:{database_proxy.port}"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": through_proxy,
        "DATABASE_CONNECT_TIMEOUT": "2",
        "REDIS_URL": fault_redis.url,
        "SECRET_KEY": settings.SECRET_KEY,
        "ANONYMOUS_NAME_KEY": settings.ANONYMOUS_NAME_KEY,
        "PYTHONUNBUFFERED": "1",
    }
    processes = []
    try:
        for _ in range(START_ATTEMPTS):
            server, process, log = start_app_server("faults", env=env, folder=scaleout_folder)
            processes.append(process)
            if wait_until_serving(server, process, log):
                break
        else:
            pytest.fail("the app server found its port taken every time")
        LOGS[server] = log
        yield server
    finally:
        for process in processes:
            stop(process)


LOGS = {}


def server_log(server):
    return log_tail(LOGS[server], 60)
