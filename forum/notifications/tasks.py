"""The notification jobs (procrastinate; discovered by procrastinate.contrib.django as `tasks`).

An event (events.py) defers one fan-out job in the transaction of the change. The fan-out job
works out who is told and defers one email job per member in one statement, so a failing mail
server costs retries of the emails that failed, never a second email to those already sent.

What no click or script may turn into a stream of email is decided here, in the worker: a
comment's emails go out once (AnnouncedComment), a new follower is news once a month per pair
(FollowerEmail), and @mentions email only from established members, within limits.py.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from forum.comments.models import Comment
from forum.jobs.retry import OUTAGE_PROOF
from forum.jobs.tasks import HOUSEKEEPING
from forum.posts.models import Post

from . import recipients
from .delivery import send_once
from .limits import take_mention_allowance, take_watch_allowance
from .mentions import mentioned_names
from .messages import BUILDERS
from .models import AnnouncedComment, AnnouncedPost, Delivery, FollowerEmail

QUEUE = "email"


@app.task(queue=QUEUE, retry=OUTAGE_PROOF)
def fan_out_comment(*, comment_id):
    comments = Comment.objects.filter(pk=comment_id, status=Comment.Status.APPROVED)
    comment = comments.select_related("post", "author").first()
    if comment is None or not comment.post.is_published:
        return
    # A comment approved, held and approved again is announced once; the claim commits with the
    # email jobs (and the database cache's counts of limits.py), or not at all.
    with transaction.atomic():
        if not AnnouncedComment.claim(comment.pk):
            return
        mentioned = _mentioned_ids(comment.body_html, comment.author)
        watchers = set(recipients.watchers_of(comment).values_list("pk", flat=True)) - mentioned
        # A thread written into every two seconds (a script, or a flame war) mails each watcher
        # a few times an hour at most; the rest they read on the page.
        watchers = {member for member in watchers if take_watch_allowance(post_id=comment.post_id, recipient_id=member)}
        _send_each([("mention_comment", mentioned), ("comment", watchers)], comment_id)


@app.task(queue=QUEUE, retry=OUTAGE_PROOF)
def fan_out_post(*, post_id):
    post = Post.objects.filter(pk=post_id, status=Post.Status.PUBLISHED).select_related("author").first()
    if post is None:
        return
    # As fan_out_comment: the claim commits with the email jobs, so a run cut off after deferring
    # them (its worker killed) and run again defers none a second time.
    with transaction.atomic():
        if not AnnouncedPost.claim(post.pk):
            return
        mentioned = _mentioned_ids(post.body_html, post.author)
        followers = set(recipients.followers_of(post).values_list("pk", flat=True)) - mentioned
        _send_each([("mention_post", mentioned), ("post", followers)], post_id)


@app.task(queue=QUEUE, retry=OUTAGE_PROOF, pass_context=True)
def send_email(context, *, kind, recipient_id, about_id):
    """One email to one member, built when it is sent (messages.py), or nothing if it is no
    longer wanted. A failing mail server raises here, and the job is retried (OUTAGE_PROOF);
    a retry of a job whose email went out sends nothing (delivery.py)."""
    message = BUILDERS[kind](recipient_id, about_id)
    if message is None:
        return
    claim = None
    if kind == "follower":
        # Following, unfollowing and following again: one email per pair in FollowerEmail.INTERVAL.
        # The claim commits only with the sending, so a retry after a mail server error is not
        # refused by its own failed attempt.
        def claim():
            return FollowerEmail.claim(follower_id=about_id, followed_id=recipient_id)

    send_once(context.job.id, message, claim=claim)


@app.task(queue=QUEUE, retry=OUTAGE_PROOF, pass_context=True)
def send_account_email(context, *, subject, body, html, from_email, to, headers):
    """An email allauth composed in a request (confirm an address, reset a password), sent here.
    Its links are secrets: once it is sent, the job's record keeps none of its text."""
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers)
    if html:
        message.attach_alternative(html, "text/html")
    send_once(context.job.id, message)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET args = '{}'::jsonb WHERE id = %s", [context.job.id])


@app.periodic(cron="27 4 * * *", periodic_id="forget_deliveries")
@app.task(queue=HOUSEKEEPING, queueing_lock="forget_deliveries")
def forget_deliveries(timestamp):
    """A Delivery is needed while its job may still run; the jobs go (remove_old_jobs), so do they."""
    Delivery.objects.exclude(job_id__in=ProcrastinateJob.objects.values("id")).delete()


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


def _mentioned_ids(html, writer):
    """Who is emailed for the @mentions in a text by writer (a member, or None for an anonymous
    visitor): of the first MENTION_EMAILS_MAX names, the members who may be summoned, within the
    limits per writer and per recipient (limits.py); a text naming a hundred members is no way to
    mail them all. Only established members summon anyone by email: an anonymous visitor or a
    fresh account costs nothing to make, and would put its text in anyone's inbox. Their mentions
    still link to the profile."""
    names = mentioned_names(html)[: settings.MENTION_EMAILS_MAX]
    if not names or writer is None or not writer.is_established:
        return set()
    members = sorted(recipients.mentioned_in(names, writer.pk).values_list("pk", flat=True))
    return {member for member in members if take_mention_allowance(writer_id=writer.pk, recipient_id=member)}


def _send_each(kinds_and_members, about_id):
    jobs = [
        {"kind": kind, "recipient_id": member_id, "about_id": about_id}
        for kind, members in kinds_and_members
        for member_id in sorted(members)
    ]
    if jobs:
        send_email.batch_defer(*jobs)
