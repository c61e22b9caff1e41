"""The job queue in tests: the real procrastinate tables and a real worker.

Tests that run the worker need committed rows (`django_db(transaction=True)`): the worker reads
the queue on its own connection, as in production, and its jobs run on Django connections of
their own threads. procrastinate's tables are not Django-managed, so the test flush leaves them:
`empty_queue` clears them before and after each such test.
"""

import threading

import pytest
from django.db import connection, connections
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from forum.jobs.tasks import HOUSEKEEPING

TABLES = ["procrastinate_events", "procrastinate_periodic_defers", "procrastinate_jobs", "procrastinate_workers"]


def clear_queue():
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} CASCADE")


@pytest.fixture
def empty_queue(transactional_db):
    clear_queue()
    yield
    clear_queue()


def run_worker():
    """Run every job that is due, until none is left, with the worker `manage.py procrastinate
    worker` runs (its own psycopg connection), then return.

    Jobs close their Django connection when done (CONN_MAX_AGE 0 for the run; the wrappers of the
    worker's threads read this same dict), so none is left open on the test database."""
    settings_dict = connections["default"].settings_dict
    max_age = settings_dict["CONN_MAX_AGE"]
    settings_dict["CONN_MAX_AGE"] = 0
    failures = []

    def work():
        try:
            with app.replace_connector(app.connector.get_worker_connector()):
                app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)
        except BaseException as error:  # handed to the test's thread below
            failures.append(error)

    # In a thread of its own: the worker runs its own event loop (asyncio.run), which a thread
    # that already has one running (the browser tests' Playwright leaves one) may not start.
    worker = threading.Thread(target=work)
    try:
        worker.start()
        worker.join()
    finally:
        settings_dict["CONN_MAX_AGE"] = max_age
    if failures:
        raise failures[0]


def run_fan_outs_only():
    """Run the queued fan-out jobs here and now, leaving the email jobs they defer in the queue."""
    for job in jobs():
        if job.task_name.rsplit(".")[-1].startswith("fan_out_"):
            app.tasks[job.task_name](**job.args)
            with connection.cursor() as cursor:
                cursor.execute("UPDATE procrastinate_jobs SET status = 'succeeded' WHERE id = %s", [job.id])


def jobs(task_name=None):
    """The queue's rows, oldest first, but the queue's own housekeeping (forum/jobs/tasks.py),
    which a worker defers on its clock; task_name: the tail of the task's dotted name."""
    rows = ProcrastinateJob.objects.exclude(queue_name=HOUSEKEEPING).order_by("id")
    if task_name:
        rows = rows.filter(task_name__endswith=f".{task_name}")
    return list(rows)


def make_due():
    """Move retries scheduled for later (the backoff) to now, as the clock would."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET scheduled_at = now() WHERE status = 'todo'")
