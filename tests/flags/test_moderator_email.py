"""When flags hold a comment, the moderators are emailed once, by the worker, with links to the
comment in the admin and in the thread."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.test import Client

from accounts.models import TrustLevel
from forum.comments.models import Comment
from forum.comments.services import comments_set_status
from forum.flags.services import comment_flag
from forum.notifications.messages import BUILDERS
from tests.factories import make_comment, make_post, make_user
from tests.jobs.queue import jobs, run_worker
from tests.notifications.mail import html_part, link_after, path_of

pytestmark = pytest.mark.usefixtures("empty_queue")


@pytest.fixture
def cast():
    """The moderators who are told, and members who are not."""
    trusted = make_user("trusted")
    trusted.trust_level = TrustLevel.MODERATOR
    trusted.save(update_fields=["trust_level"])
    unverified = make_user("unverified", staff=True)
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    told = [make_user("mod", staff=True), make_user("boss", superuser=True), trusted]
    not_told = [make_user("plain"), unverified, make_user("gone", staff=True, active=False)]
    return told, not_told


def flag_three_times(comment, reasons=("spam", "spam", "other")):
    for index, reason in enumerate(reasons):
        note = "Same link in ten threads" if reason == "other" else ""
        comment_flag(comment=comment, member=make_user(f"flagger{index}"), reason=reason, note=note)


def test_the_moderators_are_emailed_once_when_flags_hold_a_comment(cast):
    told, not_told = cast
    post = make_post(title="Rents & prices")
    comment = make_comment(post, author=make_user("spammer"), body="Buy <cheap> pills at [shop](https://spam.example)")
    comment_flag(comment=comment, member=make_user("first"), reason="spam")
    run_worker()
    assert mail.outbox == [] and jobs() == []  # one flag tells nobody

    for index, reason in enumerate(("doxing", "other")):
        note = "Same link in ten threads" if reason == "other" else ""
        comment_flag(comment=comment, member=make_user(f"flagger{index}"), reason=reason, note=note)
    assert mail.outbox == []  # never inside the request
    assert [(job.task_name.rsplit(".")[-1], job.args) for job in jobs()] == [
        ("fan_out_flagged_comment", {"comment_id": comment.pk})
    ]
    run_worker()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(user.email for user in told)
    assert sorted(job.task_name.rsplit(".")[-1] for job in jobs()) == ["fan_out_flagged_comment"] + ["send_email"] * 3
    assert {job.status for job in jobs()} == {"succeeded"}

    message = next(message for message in mail.outbox if message.to == [told[0].email])
    assert message.subject == f'[{settings.SITE_NAME}] Flags held a comment by spammer on "Rents & prices"'
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert "List-Unsubscribe" not in message.extra_headers
    body = message.body
    assert "3 members flagged a comment by spammer" in body
    assert "first, " in body and ": spam" in body and ": doxing (someone's private details)" in body
    assert "other: Same link in ten threads" in body
    assert "Buy <cheap> pills at [shop](https://spam.example)" in body  # as written
    html = html_part(message)
    assert "Buy &lt;cheap&gt; pills" in html and 'href="https://spam.example"' not in html
    assert "Rents &amp; prices" in html

    admin_url = link_after(body, "Judge it in the admin:")
    site_url = link_after(body, "See it in the thread:")
    assert f'href="{admin_url}"' in html and f'href="{site_url}"' in html
    moderator = Client()
    moderator.force_login(told[1])  # the admin (plain staff need the admin's permissions granted)
    page = moderator.get(path_of(admin_url))
    assert page.status_code == 200 and "Buy &lt;cheap&gt; pills" in page.content.decode()
    thread = moderator.get(path_of(site_url), follow=True)
    assert thread.status_code == 200 and f'id="comment-{comment.pk}"' in thread.content.decode()


def test_nobody_is_emailed_if_a_moderator_judged_the_comment_first(cast):
    comment = make_comment(make_post())
    flag_three_times(comment)
    comments_set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    run_worker()
    assert mail.outbox == []


def test_judged_between_the_fan_out_and_the_emails(cast, monkeypatch):
    comment = make_comment(make_post())
    flag_three_times(comment)
    real = BUILDERS["flagged"]
    sent = []

    def judge_after_the_first(recipient_id, comment_id):
        message = real(recipient_id, comment_id)
        sent.append(message is not None)
        comments_set_status(Comment.objects.filter(pk=comment_id), Comment.Status.SPAM)
        return message

    monkeypatch.setitem(BUILDERS, "flagged", judge_after_the_first)
    run_worker()
    assert sent == [True, False, False] and len(mail.outbox) == 1
