import pytest
from django.core import mail
from django.db import transaction

from forum.notifications import events
from tests.factories import make_comment, make_post, make_user

from .queue import jobs, run_worker


@pytest.mark.django_db
def test_a_job_is_a_row_of_the_transaction_that_caused_it():
    post = make_post()
    follower = make_user()
    with transaction.atomic():
        events.member_followed(follower, post.author)
        assert [job.task_name for job in jobs()] == ["forum.notifications.tasks.send_email"]
    assert jobs()[0].args == {"kind": "follower", "recipient_id": post.author.pk, "about_id": follower.pk}


@pytest.mark.django_db
def test_a_rolled_back_transaction_leaves_no_job():
    post = make_post()
    comment = make_comment(post, status="pending")

    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        events.comment_published(comment)
        assert len(jobs("fan_out_comment")) == 1
        raise Refused
    assert jobs() == []


def test_the_worker_runs_jobs_until_the_queue_is_empty(empty_queue):
    author, follower = make_user(), make_user()
    events.member_followed(follower, author)  # no follow row: nothing is sent
    run_worker()
    assert [job.status for job in jobs()] == ["succeeded"]
    assert mail.outbox == []
