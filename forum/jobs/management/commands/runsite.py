"""`manage.py runsite [ADDRPORT]`: the development server and a job worker, as `make run` starts
them: both stop on one Ctrl-C (or SIGTERM), and either stopping stops the other.

Emails are sent by the worker, so with the console backend they are printed in this terminal.
In production the two run apart: gunicorn, and `manage.py procrastinate worker` (README).
"""

import signal
import subprocess
import sys
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

# How long a child may take to finish what it is doing (the worker: the job in hand) once asked to stop.
STOP_TIMEOUT_SECONDS = 15


class Command(BaseCommand):
    help = "Run the development server and a job worker together; Ctrl-C stops both."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        stop = threading.Event()
        previous = {signum: signal.signal(signum, lambda *_: stop.set()) for signum in (signal.SIGINT, signal.SIGTERM)}
        children = []
        try:
            # The children inherit DATABASE_URL: they share this process's embedded server.
            children.append(subprocess.Popen([*manage, "runserver", addrport]))
            children.append(subprocess.Popen([*manage, "procrastinate", "worker"]))
            while not stop.is_set() and all(child.poll() is None for child in children):
                stop.wait(0.5)
        finally:
            _stop(children)
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        failed = [child.returncode for child in children if child.returncode not in (0, -signal.SIGTERM)]
        if failed and not stop.is_set():
            sys.exit(failed[0])


def _stop(children):
    """SIGTERM, as Ctrl-C may already have sent SIGINT to the whole process group: both stop
    cleanly on either (the worker finishes its job in hand first)."""
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
