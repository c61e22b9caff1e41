"""allauth's emails (confirm an address, reset a password) leave the request through the job queue
too, and the job keeps none of their secret links once they are sent."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from tests.jobs.queue import jobs, run_worker

pytestmark = pytest.mark.usefixtures("empty_queue")


@pytest.fixture
def queued(settings):
    settings.ACCOUNT_EMAILS_QUEUED = True


def test_a_password_reset_email_is_sent_by_the_worker_and_forgotten(queued):
    member = make_user()
    response = Client().post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 302
    assert mail.outbox == []  # not sent inside the request
    (job,) = jobs("send_account_email")
    assert job.args["to"] == [member.email] and "/accounts/password/reset/key/" in job.args["body"]
    run_worker()
    assert [message.to for message in mail.outbox] == [[member.email]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    (job,) = jobs("send_account_email")
    assert job.status == "succeeded" and job.args == {}


def test_a_signup_confirmation_is_sent_by_the_worker(queued):
    response = Client().post(
        reverse("account_signup"),
        {
            "username": "newcomer",
            "email": "newcomer@example.com",
            "password1": "a long pass phrase 42",
            "password2": "a long pass phrase 42",
        },
    )
    assert response.status_code == 302 and mail.outbox == []
    run_worker()
    assert [message.to for message in mail.outbox] == [["newcomer@example.com"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
