"""A mail server that is down, and a worker that dies: the email still goes out, once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from accounts.models import Follow
from forum.jobs.retry import OUTAGE_PROOF
from forum.jobs.tasks import retry_stalled_jobs
from forum.notifications import events
from tests.factories import make_user

from .backends import DownBackend
from .queue import jobs, make_due, run_worker

pytestmark = pytest.mark.usefixtures("empty_queue")


@pytest.fixture
def mail_server_down(settings, monkeypatch):
    settings.EMAIL_BACKEND = "tests.jobs.backends.DownBackend"
    return lambda failures: monkeypatch.setattr(DownBackend, "failures", failures)


def follower_email():
    followed, follower = make_user("followed"), make_user("follower")
    Follow.objects.create(follower=follower, followed=followed)
    events.member_followed(follower, followed)
    return followed


def test_a_failed_send_is_retried_later_and_then_delivered(mail_server_down):
    mail_server_down(1)
    followed = follower_email()
    before = timezone.now()
    run_worker()
    (job,) = jobs()
    assert mail.outbox == []
    assert (job.status, job.attempts) == ("todo", 1)
    assert job.scheduled_at >= before + timedelta(seconds=2)  # backoff: not at once
    run_worker()
    assert mail.outbox == [] and jobs()[0].status == "todo"  # not due yet
    make_due()
    run_worker()
    assert [message.to for message in mail.outbox] == [[followed.email]]
    assert [(job.status, job.attempts) for job in jobs()] == [("succeeded", 2)]


def test_the_backoff_doubles_and_gives_up_after_a_day_and_a_half_of_failures(mail_server_down):
    mail_server_down(10_000)
    follower_email()
    waits = []
    while (job := jobs()[0]).status == "todo":
        started = timezone.now()
        run_worker()
        job = jobs()[0]
        if job.status == "todo":
            waits.append(round((job.scheduled_at - started).total_seconds()))
            make_due()
    assert job.status == "failed" and mail.outbox == []
    assert len(waits) == OUTAGE_PROOF.max_attempts == 16
    assert waits[:4] == [2, 4, 8, 16] and waits[-1] == 2**16
    assert timedelta(seconds=sum(waits)) > timedelta(hours=36)


def test_the_jobs_of_a_worker_that_died_are_retried(transactional_db):
    followed = follower_email()
    # A worker took the job and was killed: its heartbeat stopped a minute and more ago.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now() - interval '1 hour') RETURNING id"
        )
        (worker_id,) = cursor.fetchone()
        cursor.execute("UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s", [worker_id])
    retry_stalled_jobs.defer(timestamp=0)
    run_worker()
    run_worker()
    assert [message.to for message in mail.outbox] == [[followed.email]]
    assert [job.status for job in jobs()] == ["succeeded"]


def test_the_jobs_of_a_live_worker_are_left_alone(transactional_db):
    follower_email()
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now()) RETURNING id")
        (worker_id,) = cursor.fetchone()
        cursor.execute("UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s", [worker_id])
    retry_stalled_jobs.defer(timestamp=0)
    run_worker()
    assert mail.outbox == [] and [job.status for job in jobs()] == ["doing"]


def test_retrying_stalled_jobs_is_on_the_workers_clock():
    from procrastinate.contrib.django import app

    periodic = {task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()}
    assert periodic["forum.jobs.tasks.retry_stalled_jobs"] == "* * * * *"
