"""The embedded PostgreSQL starts when DATABASE_URL is unset and leaves no server behind."""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import psutil
import psycopg
import pytest
from django.conf import settings

from forum import embedded_postgres

WAIT_FOREVER = "import os, time; print(os.environ['DATABASE_URL'], flush=True); time.sleep(120)"


@pytest.fixture
def scratch():
    """A folder for the test's servers in the checkout's .tmp/, not pytest's tmp_path, which another
    pytest session may lock or delete under a running server (see embedded_postgres.SCRATCH_DIR)."""
    folder = embedded_postgres.scratch_folder("test-pg-")
    yield folder
    stop_leftover_servers(folder)
    shutil.rmtree(folder, ignore_errors=True)


def stop_leftover_servers(folder):
    """Stop any server a failed test left running, so that none outlives its deleted folder."""
    for pid_file in folder.glob("**/postmaster.pid"):
        with contextlib.suppress(ValueError, OSError, psutil.Error):
            server = psutil.Process(int(pid_file.read_text().split()[0]))
            if str(pid_file.parent) in server.cmdline():  # not a stranger that reuses a dead server's pid
                server.send_signal(signal.SIGQUIT)  # PostgreSQL's immediate shutdown


def start(command, data_dir):
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    env.update(EMBEDDED_PGDATA=str(data_dir), DEBUG="1", DJANGO_SETTINGS_MODULE="forum.settings")
    return subprocess.Popen(
        command, cwd=Path(settings.BASE_DIR), env=env, stdout=subprocess.PIPE, text=True, preexec_fn=hear_ctrl_c
    )


def hear_ctrl_c():
    # As in a terminal. A suite started in the background (`make test &`) ignores SIGINT, as a
    # shell makes its background jobs do, and the child would inherit that and never hear it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def assert_server_gone(url):
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=3).close()


@pytest.mark.parametrize("stop_with", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "ctrl-c"])
def test_manage_py_starts_the_server_and_stops_it_on_exit(scratch, stop_with):
    process = start([sys.executable, "manage.py", "shell", "-v", "0", "-c", WAIT_FOREVER], scratch / "pg")
    try:
        url = process.stdout.readline().strip()
        with psycopg.connect(url) as connection:
            assert connection.execute("SELECT current_database()").fetchone() == ("forum",)
        process.send_signal(stop_with)
        process.wait(timeout=30)
    finally:
        process.kill()
    assert_server_gone(url)
    assert not (scratch / "pg" / "postmaster.pid").exists()


def test_wrapper_runs_a_command_against_a_throwaway_server_and_cleans_up(scratch):
    process = start(
        [sys.executable, "-m", "forum.embedded_postgres", "--throwaway", "--", sys.executable, "-c", WAIT_FOREVER],
        scratch,
    )
    try:
        url = process.stdout.readline().strip()
        psycopg.connect(url).close()
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    finally:
        process.kill()
    assert_server_gone(url)
    socket_dir = Path(unquote(urlsplit(url).netloc.split("@")[1]))
    throwaway = socket_dir.parent  # the socket sits in the data folder: .tmp/forum-pg-…/data
    assert throwaway.parent == embedded_postgres.SCRATCH_DIR and throwaway.name.startswith("forum-pg-")
    assert not throwaway.exists()


def test_a_process_killed_without_goodbye_does_not_keep_the_server_alive(scratch):
    """SIGKILL leaves a stale entry; the next process to leave must still stop the server."""
    killed = start([sys.executable, "manage.py", "shell", "-v", "0", "-c", WAIT_FOREVER], scratch / "pg")
    url = killed.stdout.readline().strip()
    killed.kill()
    killed.wait(timeout=30)
    joiner = start([sys.executable, "manage.py", "shell", "-v", "0", "-c", WAIT_FOREVER], scratch / "pg")
    try:
        assert joiner.stdout.readline().strip() == url
        joiner.send_signal(signal.SIGTERM)
        joiner.wait(timeout=30)
    finally:
        joiner.kill()
    assert_server_gone(url)


def test_embedded_pgdata_may_be_set_in_dot_env(tmp_path, monkeypatch):
    monkeypatch.delenv("EMBEDDED_PGDATA", raising=False)
    monkeypatch.setattr(embedded_postgres, "BASE_DIR", tmp_path)
    (tmp_path / ".env").write_text(f"EMBEDDED_PGDATA={tmp_path / 'elsewhere'}\n")
    embedded_postgres._load_dotenv()
    try:
        assert embedded_postgres.data_dir() == tmp_path / "elsewhere"
    finally:
        os.environ.pop("EMBEDDED_PGDATA", None)


def test_two_first_starts_at_once_share_one_server(scratch):
    command = [sys.executable, "manage.py", "shell", "-v", "0", "-c", WAIT_FOREVER]
    first, second = start(command, scratch / "pg"), start(command, scratch / "pg")
    try:
        urls = {first.stdout.readline().strip(), second.stdout.readline().strip()}
        assert len(urls) == 1 and "" not in urls
        (url,) = urls
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=30)
        psycopg.connect(url).close()  # still up: the second process uses it
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
    finally:
        first.kill()
        second.kill()
    assert_server_gone(url)
