"""The notification jobs (procrastinate; discovered by procrastinate.contrib.django as `tasks`).

An event (events.py) defers one fan-out job in the transaction of the change. The fan-out job
works out who is told and defers one email job per member in one statement, so a failing mail
server costs retries of the emails that failed, never a second email to those already sent.
"""

from django.conf import settings
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
