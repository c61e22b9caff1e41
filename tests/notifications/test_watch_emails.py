"""A new comment visible to everyone is emailed to the post's watchers: who gets it, what it says,
and every link in it followed."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import Ignore
from forum.comments.models import Comment
from forum.comments.services import comment_create_anonymous, comment_create_by_member, comments_set_status
from forum.notifications.models import EmailSettings
from forum.watches.models import Watch
from tests.factories import PASSWORD, make_post, make_user, make_visitor
from tests.jobs.queue import jobs, run_fan_outs_only, run_worker

from .mail import html_part, link_after, only_email_to, path_of, sent_to, unsubscribe_header

pytestmark = pytest.mark.usefixtures("empty_queue")


@pytest.fixture
def thread():
    """A post by its author, watched by a reader; a writer about to comment."""
    author, reader, writer = make_user("author"), make_user("reader"), make_user("writer")
    post = make_post(author=author, title="Rents & prices")
    Watch.start(user=author, post=post)
    Watch.start(user=reader, post=post)
    return post, author, reader, writer


def test_a_comment_is_emailed_to_every_watcher_but_its_writer(thread, client):
    post, author, reader, writer = thread
    Watch.start(user=writer, post=post)
    client.login(username=writer.username, password=PASSWORD)
    response = client.post(reverse("threads:comment-create", args=[post.pk]), {"body": "Prices *fall*."})
    assert response.status_code == 302
    comment = Comment.objects.get(author=writer)
    assert mail.outbox == []  # nothing is sent inside the request: the worker sends
    assert [(job.task_name.rsplit(".")[-1], job.args) for job in jobs()] == [
        ("fan_out_comment", {"comment_id": comment.pk})
    ]
    run_worker()
    assert {message.to[0] for message in sent_from_worker()} == {author.email, reader.email}
    assert sent_to(writer) == []
    message = only_email_to(reader)
    assert message.subject == f'[{settings.SITE_NAME}] writer commented on "Rents & prices"'
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert 'writer commented on "Rents & prices", a post you watch' in message.body
    assert "Prices *fall*." in message.body  # the text as written
    assert "<em>fall</em>" in html_part(message) and "Rents &amp; prices" in html_part(message)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_header(message) == link_after(message.body, "Stop all emails of new comments")
    # One job per comment, fanned out into one per watcher, all done.
    assert sorted(job.task_name.rsplit(".")[-1] for job in jobs()) == ["fan_out_comment", "send_email", "send_email"]
    assert {job.status for job in jobs()} == {"succeeded"}


def sent_from_worker():
    return mail.outbox


def test_the_read_link_leads_to_the_comment(thread):
    post, author, reader, writer = thread
    comment = comment_create_by_member(post=post, author=writer, body="Read me")
    run_worker()
    url = link_after(only_email_to(reader).body, "Read it and reply:")
    assert f'href="{url}"' in html_part(only_email_to(reader))
    response = Client().get(path_of(url), follow=True)
    assert response.status_code == 200 and f'id="comment-{comment.pk}"' in response.content.decode()


def test_stop_watching_link_works_without_logging_in_and_only_by_post(thread):
    post, author, reader, writer = thread
    comment_create_by_member(post=post, author=writer, body="Hello")
    run_worker()
    url = link_after(only_email_to(reader).body, "Stop watching this post:")
    assert url in html_part(only_email_to(reader))
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(path_of(url))
    assert page.status_code == 200 and "Rents &amp; prices" in page.content.decode()
    assert Watch.objects.filter(user=reader, post=post).exists()  # a GET changes nothing
    assert b"<button" in page.content
    done = visitor.post(path_of(url))
    assert done.status_code == 200
    assert not Watch.objects.filter(user=reader, post=post).exists()
    assert Watch.objects.filter(user=author, post=post).exists()
    assert not EmailSettings.objects.filter(user=reader).exists()  # the other switches untouched
    # Stopped: the next comment does not reach them.
    comment_create_by_member(post=post, author=make_user(), body="Again")
    run_worker()
    assert len(sent_to(reader)) == 1


def test_one_click_unsubscribe_is_a_post_from_the_mail_client(thread):
    post, author, reader, writer = thread
    comment_create_by_member(post=post, author=writer, body="Hello")
    run_worker()
    url = unsubscribe_header(only_email_to(reader))
    assert url.startswith(settings.SITE_URL)
    # What RFC 8058 has the mail client send: a POST, no cookies, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        path_of(url), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert EmailSettings.objects.get(user=reader).watched_comments is False
    assert Watch.objects.filter(user=reader, post=post).exists()  # still watching: shown, not emailed
    comment_create_by_member(post=post, author=make_user(), body="More")
    run_worker()
    assert len(sent_to(reader)) == 1 and len(sent_to(author)) == 2


def test_the_settings_link_asks_to_log_in_then_shows_the_settings(thread):
    post, author, reader, writer = thread
    comment_create_by_member(post=post, author=writer, body="Hello")
    run_worker()
    url = link_after(only_email_to(reader).body, "Email settings:")
    client = Client()
    response = client.get(path_of(url))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    client.login(username=reader.username, password=PASSWORD)
    assert client.get(path_of(url)).status_code == 200


def test_members_ignoring_the_writer_or_with_watch_emails_off_get_nothing(thread):
    post, author, reader, writer = thread
    Ignore.objects.create(ignorer=reader, ignored=writer)
    EmailSettings.switch_off(author, "watched_comments")
    comment_create_by_member(post=post, author=writer, body="Hello")
    run_worker()
    assert sent_from_worker() == []


def test_an_anonymous_comment_is_emailed_too(thread):
    post, author, reader, writer = thread
    comment = comment_create_anonymous(post=post, visitor=make_visitor(), body="From nowhere")
    run_worker()
    message = only_email_to(reader)
    assert message.subject.endswith(f'{comment.anonymous.name} commented on "Rents & prices"')
    assert len(sent_to(author)) == 1


def test_a_waiting_comment_is_emailed_when_approved_not_before(thread):
    post, author, reader, writer = thread
    comment = comment_create_anonymous(post=post, visitor=make_visitor(), body="See https://example.org/x")
    assert comment.is_pending and jobs() == []
    run_worker()
    assert sent_from_worker() == []
    comments_set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    assert len(jobs("fan_out_comment")) == 1
    run_worker()
    assert "https://example.org/x" in only_email_to(reader).body


def test_a_comment_held_before_the_worker_runs_is_not_emailed(thread):
    post, author, reader, writer = thread
    comment = comment_create_by_member(post=post, author=writer, body="Rude words")
    comments_set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.PERSONAL_ATTACK)
    run_worker()
    assert sent_from_worker() == []


def test_who_stops_watching_after_the_fan_out_gets_nothing(thread):
    post, author, reader, writer = thread
    comment_create_by_member(post=post, author=writer, body="Hello")
    run_fan_outs_only()
    assert {job.args["recipient_id"] for job in jobs("send_email")} == {author.pk, reader.pk}
    Watch.objects.filter(user=reader).delete()
    run_worker()
    assert sent_to(reader) == [] and len(sent_to(author)) == 1
    assert {job.status for job in jobs()} == {"succeeded"}


def test_unverified_or_inactive_members_are_not_emailed(thread):
    post, author, reader, writer = thread
    unverified, gone = make_user(new=True), make_user(active=False)
    Watch.start(user=unverified, post=post)
    Watch.start(user=gone, post=post)
    comment_create_by_member(post=post, author=writer, body="Hello")
    run_worker()
    assert sent_to(unverified) == [] and sent_to(gone) == []
    assert len(sent_to(reader)) == 1


@pytest.mark.parametrize("held_as", [Comment.Status.PENDING, Comment.Status.PERSONAL_ATTACK])
def test_a_comment_approved_again_after_being_held_is_not_emailed_again(thread, held_as):
    post, author, reader, writer = thread
    mallory = make_user("mallory")
    comment = comment_create_by_member(post=post, author=writer, body="Hello @mallory")
    run_worker()
    assert (len(sent_to(reader)), len(sent_to(mallory))) == (1, 1)
    comments_set_status(Comment.objects.filter(pk=comment.pk), held_as)
    comments_set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    assert len(jobs("fan_out_comment")) == 2
    run_worker()
    assert (len(sent_to(reader)), len(sent_to(mallory)), len(sent_to(author))) == (1, 1, 1)
    assert len(jobs("send_email")) == 3


def test_a_comment_approved_twice_before_the_worker_runs_is_emailed_once(thread):
    post, author, reader, writer = thread
    comment = comment_create_anonymous(post=post, visitor=make_visitor(), body="See https://example.org/x")
    for status in (Comment.Status.APPROVED, Comment.Status.PENDING, Comment.Status.APPROVED):
        comments_set_status(Comment.objects.filter(pk=comment.pk), status)
    run_worker()
    assert len(sent_to(reader)) == len(sent_to(author)) == 1


def test_a_comment_held_before_its_first_announcement_is_announced_when_approved_again(thread):
    post, author, reader, writer = thread
    comment = comment_create_by_member(post=post, author=writer, body="Hello")
    comments_set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.PENDING)
    run_worker()
    assert sent_from_worker() == []
    comments_set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    run_worker()
    assert len(sent_to(reader)) == 1


def test_a_busy_thread_emails_each_watcher_a_few_times_an_hour_at_most(thread, settings):
    settings.WATCH_EMAILS_PER_POST_PER_HOUR = 3
    post, author, reader, writer = thread
    other = make_post(title="Another thread")
    Watch.start(user=reader, post=other)
    for n in range(5):  # a flame war
        comment_create_by_member(post=post, author=make_user(), body=f"Comment number {n}")
    comment_create_by_member(post=other, author=writer, body="Elsewhere")
    run_worker()
    assert len(sent_to(reader)) == 3 + 1  # three of the busy thread's, and the other thread's
    assert len(sent_to(author)) == 3
