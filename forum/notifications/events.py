"""What other apps tell the notifications app happened. Each is called inside the transaction of
the change that causes it: the jobs it defers are rows written in that transaction (procrastinate
uses Django's connection), so they exist exactly when the change does, and no email is ever sent
inside a request. Each defers one job; working out who is told is the worker's (tasks.py)."""

from django.db import transaction
from procrastinate.exceptions import AlreadyEnqueued

from forum.watches.models import Watch

from .models import EmailSettings, FollowerEmail
from .tasks import fan_out_comment, fan_out_post, send_email


def post_published(post):
    """A member's new post is visible: its author watches it, and their followers (and the
    members it @mentions) may be emailed."""
    Watch.start(user=post.author, post=post)
    fan_out_post.defer(post_id=post.pk)


def comment_published(comment):
    """A comment became visible to everyone (posted approved, or approved later): the post's
    watchers and the members it @mentions may be emailed."""
    fan_out_comment.defer(comment_id=comment.pk)


def member_followed(follower, followed):
    """follower now follows followed: followed may be emailed, once per FollowerEmail.INTERVAL
    however often the follow is toggled (the job claims the pair). Toggling adds no job once the
    email went, and while one waits (a queueing lock per pair)."""
    if FollowerEmail.sent_recently(follower_id=follower.pk, followed_id=followed.pk):
        return
    try:
        with transaction.atomic():  # a savepoint: the refused insert must not end the caller's transaction
            send_email.configure(queueing_lock=f"follower:{follower.pk}:{followed.pk}").defer(
                kind="follower", recipient_id=followed.pk, about_id=follower.pk
            )
    except AlreadyEnqueued:
        pass  # the waiting job sends it, if the follow still stands then


def comment_written(comment):
    """A member wrote a comment, approved or waiting: they watch its post if their settings say so
    (by default), so the answers reach them even while their own comment waits for approval."""
    if comment.author_id and EmailSettings.watches_on_comment(comment.author):
        Watch.start(user=comment.author, post=comment.post)
