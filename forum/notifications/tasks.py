"""The notification jobs (procrastinate; discovered by procrastinate.contrib.django as `tasks`).

An event (events.py) defers one fan-out job in the transaction of the change. The fan-out job
works out who is told and defers one email job per member in one statement, so a failing mail
server costs retries of the emails that failed, never a second email to those already sent.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from procrastinate.contrib.django import app

from forum.comments.models import Comment
from forum.jobs.retry import OUTAGE_PROOF
from forum.posts.models import Post

from . import recipients
from .mentions import mentioned_names
from .messages import BUILDERS

QUEUE = "email"


@app.task(queue=QUEUE, retry=OUTAGE_PROOF)
def fan_out_comment(*, comment_id):
    comment = Comment.objects.filter(pk=comment_id, status=Comment.Status.APPROVED).select_related("post").first()
    if comment is None or not comment.post.is_published:
        return
    mentioned = _mentioned_ids(comment.body_html, comment.author_id)
    watchers = set(recipients.watchers_of(comment).values_list("pk", flat=True)) - mentioned
    _send_each([("mention_comment", mentioned), ("comment", watchers)], comment_id)


@app.task(queue=QUEUE, retry=OUTAGE_PROOF)
def fan_out_post(*, post_id):
    post = Post.objects.filter(pk=post_id, status=Post.Status.PUBLISHED).first()
    if post is None:
        return
    mentioned = _mentioned_ids(post.body_html, post.author_id)
    followers = set(recipients.followers_of(post).values_list("pk", flat=True)) - mentioned
    _send_each([("mention_post", mentioned), ("post", followers)], post_id)


@app.task(queue=QUEUE, retry=OUTAGE_PROOF)
def send_email(*, kind, recipient_id, about_id):
    """One email to one member, built when it is sent (messages.py), or nothing if it is no
    longer wanted. A failing mail server raises here, and the job is retried (OUTAGE_PROOF)."""
    message = BUILDERS[kind](recipient_id, about_id)
    if message is not None:
        message.send()


@app.task(queue=QUEUE, retry=OUTAGE_PROOF, pass_context=True)
def send_account_email(context, *, subject, body, html, from_email, to, headers):
    """An email allauth composed in a request (confirm an address, reset a password), sent here.
    Its links are secrets: once it is sent, the job's record keeps none of its text."""
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET args = '{}'::jsonb WHERE id = %s", [context.job.id])


def as_job_arguments(message):
    """An EmailMultiAlternatives as send_account_email's arguments (JSON)."""
    html = next((content for content, mimetype in message.alternatives if mimetype == "text/html"), "")
    return {
        "subject": message.subject,
        "body": message.body,
        "html": html,
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
    }


def _mentioned_ids(html, writer_id):
    """The first MENTION_EMAILS_MAX names mentioned, of members who may be summoned: a comment
    naming a hundred members is no way to mail them all."""
    names = mentioned_names(html)[: settings.MENTION_EMAILS_MAX]
    if not names:
        return set()
    return set(recipients.mentioned_in(names, writer_id).values_list("pk", flat=True))


def _send_each(kinds_and_members, about_id):
    jobs = [
        {"kind": kind, "recipient_id": member_id, "about_id": about_id}
        for kind, members in kinds_and_members
        for member_id in sorted(members)
    ]
    if jobs:
        send_email.batch_defer(*jobs)
