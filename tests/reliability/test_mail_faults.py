"""The mail server down, and a worker killed in the middle of sending: real worker processes
(`manage.py procrastinate worker`) sending by SMTP to a mail server the tests control (smtp.py).

What holds (forum/notifications/delivery.py): no email is ever lost, and the mailbox gets each
once, except when the worker dies after the mail server had the whole message but before it
answered; the mailbox then gets it twice, with one Message-ID, which mail stores use to show one.
"""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from procrastinate.exceptions import AlreadyEnqueued

from accounts.models import Follow
from forum.jobs.tasks import retry_stalled_jobs
from forum.notifications import events
from forum.notifications.models import Delivery
from tests.factories import make_post, make_user
from tests.jobs.queue import jobs
from tests.scaleout.conftest import BASE_DIR, database_url_for_tests, log_tail, stop

from .smtp import SmtpSink

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_queue")]

WAIT = 30  # seconds for what a worker does: start (Django's import), fail, retry, send


@pytest.fixture
def sink():
    server = SmtpSink()
    server.start()
    yield server
    server.stop()


class Workers:
    """Worker processes on the test database, sending to the sink; all stopped at the end."""

    def __init__(self, sink, folder):
        self.sink, self.folder, self.started = sink, folder, []

    def start(self):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.reliability.settings",
            "DATABASE_URL": database_url_for_tests(),
            "EMAIL_PORT": str(self.sink.port),
            "SECRET_KEY": settings.SECRET_KEY,
            "ANONYMOUS_NAME_KEY": settings.ANONYMOUS_NAME_KEY,
            "PYTHONUNBUFFERED": "1",
        }
        self.log = self.folder / f"worker-{time.monotonic_ns()}.log"
        with open(self.log, "wb") as output:
            process = subprocess.Popen(
                [sys.executable, "manage.py", "procrastinate", "worker"],
                cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        self.started.append(process)
        return process

    def stop_all(self):
        for process in self.started:
            stop(process)

    def logs(self):
        return log_tail(self.log, 40)


@pytest.fixture
def workers(sink, empty_queue, scaleout_folder):  # noqa: F811 - empty_queue first: it empties the workers' table
    started = Workers(sink, scaleout_folder)
    yield started
    started.stop_all()


def follower_email():
    """A job that sends one email (forum/notifications/tasks.send_email); whom it goes to."""
    followed, follower = make_user(), make_user()
    Follow.objects.create(follower=follower, followed=followed)
    events.member_followed(follower, followed)
    return followed.email


def wait_for(condition, what, workers):
    deadline = time.monotonic() + WAIT
    while not (found := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} in {WAIT} s: {[(j.status, j.attempts) for j in jobs()]}\n{workers.logs()}")
        time.sleep(0.1)
    return found


def the_job():
    (job,) = jobs("send_email")
    return job


def test_mail_server_down_the_jobs_wait_with_backoff_and_deliver_once_it_is_back(sink, workers):
    sink.stop()
    addresses = [follower_email() for _ in range(3)]
    before = timezone.now()
    workers.start()

    failed = wait_for(lambda: all(j.attempts == 1 for j in jobs("send_email")), "failed first attempts", workers)
    for job in jobs("send_email"):
        assert job.status == "todo", workers.logs()  # to be retried, not failed for good
        assert job.scheduled_at >= before + timedelta(seconds=2)  # with backoff, not at once
    assert failed and sink.received == []

    sink.start()  # the same port, as the worker's settings say
    wait_for(lambda: all(j.status == "succeeded" for j in jobs("send_email")), "deliveries", workers)
    for address in addresses:
        assert [message.answered for message in sink.to(address)] == [True]  # once each
    assert all(job.attempts == 2 for job in jobs("send_email"))
    assert Delivery.objects.filter(sent_at__isnull=False).count() == 3


def retry_stalled_jobs_soon():
    """What the workers do every minute (forum/jobs/tasks.py), now."""
    try:
        retry_stalled_jobs.defer(timestamp=int(time.time()))
    except AlreadyEnqueued:
        pass


def kill_while_held(sink, workers, stage):
    """Start a worker on the email job, and kill it while the mail server holds its answer at
    `stage`; then start another, which retries the dead one's job. The job once it is done."""
    hold = sink.hold(stage)
    dying = workers.start()
    assert hold.reached.wait(WAIT), f"the worker never got to {stage}\n{workers.logs()}"
    dying.kill()
    dying.wait()
    hold.released.set()
    assert the_job().status == "doing"  # the dead worker's, until its heartbeat is old

    workers.start()

    def done():
        retry_stalled_jobs_soon()
        return the_job().status == "succeeded"

    wait_for(done, "retry of the dead worker's job", workers)
    return the_job()


def test_a_worker_killed_while_the_mail_server_answers_the_message_sends_it_again_with_one_message_id(sink, workers):
    address = follower_email()
    kill_while_held(sink, workers, "data")

    copies = sink.to(address)
    # The server kept the first copy but could not say so: sent again, as the same message.
    assert [copy.answered for copy in copies] == [False, True]
    assert copies[0].message_id and copies[0].message_id == copies[1].message_id


def test_a_worker_killed_after_the_mail_server_took_the_message_does_not_send_it_again(sink, workers):
    address = follower_email()
    job = kill_while_held(sink, workers, "quit")  # the message answered, the connection not yet closed

    assert [copy.answered for copy in sink.to(address)] == [True]
    delivery = Delivery.objects.get(job_id=job.id)
    assert delivery.sent_at is not None and delivery.message_id == sink.to(address)[0].message_id


def test_deliveries_are_forgotten_with_their_jobs():
    from forum.notifications.tasks import forget_deliveries

    follower_email()
    Delivery.objects.create(job_id=the_job().id, message_id="<kept@example.com>")
    Delivery.objects.create(job_id=the_job().id + 1000, message_id="<gone@example.com>")
    forget_deliveries(timestamp=0)
    assert list(Delivery.objects.values_list("message_id", flat=True)) == ["<kept@example.com>"]


def test_a_post_fan_out_run_again_after_its_worker_died_defers_each_email_once():
    """A worker killed after the fan-out deferred the emails, before the job was marked done:
    the job runs again (retry_stalled_jobs), and must not queue every follower's email again."""
    from forum.notifications.tasks import fan_out_post

    author, follower = make_user(), make_user()
    Follow.objects.create(follower=follower, followed=author)
    post = make_post(author=author, title="News for followers")
    for _ in range(2):  # the run that was cut off, and its retry
        fan_out_post(post_id=post.pk)
    assert [job.args["recipient_id"] for job in jobs("send_email")] == [follower.pk]
