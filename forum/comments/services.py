"""Writes that touch a comment and the post it counts toward, in one transaction each."""

from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Count, F, Max, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from forum.anonymous.models import AnonymousIdentity
from forum.posts.models import Post

from .models import Comment

# Two comments from one visitor within this interval is a double click or a script.
MIN_INTERVAL = timedelta(seconds=2)
TOO_FAST = "That was too fast. Please wait a couple of seconds and send it again."


class CommentRefused(Exception):
    """A comment the rules turn away; the message is for the writer."""


@transaction.atomic
def comment_create(*, post, body, author=None, visitor=None):
    """Save a comment by a member (author) or an anonymous visitor (a Visitor) and count it.

    Raises CommentRefused for a banned writer, a comment that comes too fast, or one that repeats
    the writer's last one in the thread. A refused comment leaves nothing behind, not even a new
    anonymous identity.
    """
    assert (author is None) != (visitor is None), "a comment has exactly one writer"
    now = timezone.now()
    if visitor is not None:
        # Per network too: a script that drops its visitor cookie is a new visitor every time.
        # (Not where no address could be read, which every visitor would share.)
        if visitor.network_is_known:
            _lock("comment-network", visitor.network_digest)
            recent = Comment.objects.filter(
                anonymous__network_digest=visitor.network_digest, created_at__gt=now - MIN_INTERVAL
            )
            if recent.exists():
                raise CommentRefused(TOO_FAST)
        anonymous = AnonymousIdentity.for_visitor(visitor)
        if anonymous.is_blocked_from(visitor.network_digest):
            raise CommentRefused("Comments from you or your network are blocked.")
        writer = {"anonymous": anonymous}
    else:
        writer = {"author": author}
    # One at a time per writer, so two simultaneous submissions cannot both pass the checks.
    _lock("comment-writer", f"{author.pk}" if author else f"anon-{anonymous.pk}")

    previous = Comment.objects.filter(**writer).order_by("-created_at", "-id").first()
    if previous and now - previous.created_at < MIN_INTERVAL:
        raise CommentRefused(TOO_FAST)
    last_here = Comment.objects.filter(**writer, post=post).order_by("-created_at", "-id").first()
    if last_here and last_here.body.strip() == body.strip():
        raise CommentRefused("You already said that.")

    comment = Comment(post=post, created_at=now, **writer)
    rendered = comment.set_body(body)
    # An anonymous link may be spam: a moderator approves it first. Its writer still sees it.
    if visitor is not None and rendered.has_external_links:
        comment.status = Comment.Status.PENDING
    comment.save()
    if visitor is not None:
        anonymous.last_seen_at = now
        anonymous.save(update_fields=["last_seen_at"])
    if comment.is_approved:
        # Greatest: two writers committing out of order must not move activity backwards.
        Post.objects.filter(pk=post.pk).update(
            comment_count=F("comment_count") + 1, latest_activity_at=Greatest("latest_activity_at", Value(now))
        )
    return comment


def _lock(kind, key):
    """A lock held until the transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{kind}:{key}"])


@transaction.atomic
def comments_set_status(comments, status):
    """Approve or hold comments (from the admin), then recount every post they belong to."""
    return _recounting_posts(comments, lambda: comments.exclude(status=status).update(status=status))


@transaction.atomic
def comments_delete(comments):
    """Delete comments (from the admin) and recount every post they belonged to."""
    return _recounting_posts(comments, lambda: comments.delete()[0])


def _recounting_posts(comments, change):
    """Run change() on comments, then recount the posts they belong(ed) to; returns change()'s result."""
    post_ids = set(comments.values_list("post_id", flat=True))
    result = change()
    for post_id in post_ids:
        post_recount_comments(post_id)
    return result


@transaction.atomic
def post_recount_comments(post_id):
    """Recompute a post's comment count and latest activity from its comments: the self-healing
    counters of the original. Latest activity never moves before the post itself."""
    # Lock the post before counting: a comment committed meanwhile is then either counted here
    # or adds its own +1 after this write, never lost between the two.
    post = Post.objects.select_for_update().only("created_at").get(pk=post_id)
    stats = Comment.objects.filter(post_id=post_id).approved().aggregate(count=Count("id"), latest=Max("created_at"))
    Post.objects.filter(pk=post_id).update(
        comment_count=stats["count"],
        latest_activity_at=max(filter(None, [stats["latest"], post.created_at])),
    )
