"""Writes that touch a comment and the post it counts toward, in one transaction each.

Every write keeps three things true together: a post's comment_count is the number of its
numbered comments (everything but those waiting for approval), those comments are numbered
1..comment_count in order of writing, and latest_activity_at is the newest approved comment's
time (or the post's own).
"""

from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Count, F, Max, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from forum.anonymous.models import AnonymousIdentity
from forum.bans.rules import member_ban, network_ban, visitor_ban
from forum.core.pagecache import sitewide_changed
from forum.markup import render_markdown
from forum.moderation import trust
from forum.moderation.log import record
from forum.notifications import events
from forum.posts.models import Post

from . import spam
from .models import Comment

# Two comments from one visitor within this interval is a double click or a script.
MIN_INTERVAL = timedelta(seconds=2)
TOO_FAST = "That was too fast. Please wait a couple of seconds and send it again."
BLOCKED = "Comments from you or your network are blocked."


class CommentRefused(Exception):
    """A comment the rules turn away; the message is for the writer. `ban`: the
    forum.bans.rules.BanNotice when a ban turned it away (the view answers a network's with the
    403 page)."""

    def __init__(self, message, *, ban=None):
        super().__init__(message)
        self.ban = ban


def comment_create_by_member(*, post, author, body, network_digest=""):
    """Save a member's comment and count it. Raises CommentRefused (see _save).

    A moderated member's comments all wait for approval, and the spam rules (spam.py) hold others:
    links from a member who is not yet established (new, or email unverified) wait as anonymous
    ones do, since an account is no cheaper way round the rule. A member who is not established
    cannot comment from a banned network either, so a banned visitor gains nothing by signing up.
    """
    rendered = render_markdown(body)  # before any lock or transaction: the slow part
    with transaction.atomic():
        if ban := member_ban(author):
            raise CommentRefused(ban.message, ban=ban)
        established = author.is_established
        if not established and (ban := network_ban(network_digest)):
            raise CommentRefused(ban.message, ban=ban)
        _lock("comment-writer", f"member:{author.pk}")
        comment = _save(post=post, writer={"author": author}, body=body, rendered=rendered, established=established)
        events.comment_written(comment)  # the writer watches the post, if their email settings say so
        return comment


def comment_create_anonymous(*, post, visitor, body):
    """Save an anonymous visitor's comment (a Visitor: browser and network digests) and count it.

    A refused comment leaves nothing behind, not even a new anonymous identity. A comment linking
    to another site waits for approval (spam.py has the rules); its writer still sees it.
    """
    rendered = render_markdown(body)  # before any lock or transaction: the slow part
    with transaction.atomic():
        now = timezone.now()
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
        if ban := visitor_ban(anonymous, visitor.network_digest):
            raise CommentRefused(ban.message, ban=ban)
        _lock("comment-writer", f"anon:{anonymous.pk}")
        comment = _save(post=post, writer={"anonymous": anonymous}, body=body, rendered=rendered, established=False)
        AnonymousIdentity.objects.filter(pk=anonymous.pk).update(last_seen_at=comment.created_at)
        return comment


def _save(*, post, writer, body, rendered, established):
    """The checks every writer passes, then the comment and its post's counters, numbered under
    the post's row lock, or the comment waiting for approval if a rule holds it (spam.py: its
    Hold is logged, and left on the comment as `hold` for the page to tell the writer why).
    Runs inside the caller's transaction, holding the writer's lock."""
    now = timezone.now()
    mine = Comment.objects.filter(**writer).order_by("-created_at", "-id")
    previous = mine.first()
    if previous and now - previous.created_at < MIN_INTERVAL:
        raise CommentRefused(TOO_FAST)
    last_here = mine.filter(post=post).first()
    if last_here and last_here.body.strip() == body.strip():
        raise CommentRefused("You already said that.")

    hold = spam.comment_hold(post=post, writer=writer, body=body, rendered=rendered, established=established)
    comment = Comment(post=post, **writer)
    comment.set_body(body, rendered)
    if hold:
        comment.status = Comment.Status.PENDING
        comment.created_at = now
    else:
        # Under the post's row lock, numbers follow the order of commits, and the time is read
        # after taking it, so they follow the order of times too. NO KEY: a lock that does not
        # stop the rows pointing at the post (a member's read mark, a vote, a watch) from being
        # written meanwhile, so a reader never waits on a comment being written.
        count = Post.objects.select_for_update(no_key=True).values_list("comment_count", flat=True).get(pk=post.pk)
        comment.number = count + 1
        comment.created_at = timezone.now()
        # Greatest: a post dated in the future (an admin's edit) keeps its place.
        Post.objects.filter(pk=post.pk).update(
            comment_count=F("comment_count") + 1,
            latest_activity_at=Greatest("latest_activity_at", Value(comment.created_at)),
            thread_version=F("thread_version") + 1,
        )
        sitewide_changed()  # the lists show the count and the latest activity
    comment.save()
    comment.hold = hold
    if hold:
        record(None, "hold", "comment", comment.pk, reason=hold.reason)
    if comment.is_approved:
        events.comment_published(comment)
    return comment


def _lock(kind, key):
    """A lock held until the transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{kind}:{key}"])


@transaction.atomic
def comments_set_status(comments, status, *, by=None):
    """Approve or hold comments (from the admin, the queue, a moderator's controls), then
    renumber and recount every post they belong to. A moderated member whose approved comments
    reach the number for promotion becomes normal (moderation/trust.py), logged with `by`, who
    approved (None: the site). Returns the comments that changed, as they were before."""
    changing = list(comments.exclude(status=status).select_related("author", "anonymous"))
    unnumber = {"number": None} if status == Comment.Status.PENDING else {}
    Comment.objects.filter(pk__in=[c.pk for c in changing]).update(status=status, **unnumber)
    for post_id in {comment.post_id for comment in changing}:
        post_recount_comments(post_id)
    if status == Comment.Status.APPROVED:
        for comment in changing:
            events.comment_published(comment)
        for member_id in sorted({c.author_id for c in changing if c.author_id and c.author.is_moderated}):
            trust.promote_if_due(member_id, by=by)
    return changing


@transaction.atomic
def comments_delete(comments):
    """Delete comments (from the admin) and renumber and recount every post they belonged to.
    Returns how many were deleted."""
    post_ids = set(comments.values_list("post_id", flat=True))
    deleted = comments.delete()[0]
    for post_id in post_ids:
        post_recount_comments(post_id)
    return deleted


@transaction.atomic
def post_recount_comments(post_id):
    """Renumber a post's comments and recompute its comment count and latest activity from them:
    the self-healing counters of the original. Latest activity never moves before the post."""
    # Lock the post first: a comment being written meanwhile waits for this, then takes the
    # next number after the ones given here.
    post = Post.objects.select_for_update(no_key=True).only("created_at").get(pk=post_id)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {Comment._meta.db_table} AS comment SET number = ordered.place
            FROM (
                SELECT id, row_number() OVER (ORDER BY created_at, id) AS place
                FROM {Comment._meta.db_table} WHERE post_id = %s AND status <> %s
            ) AS ordered
            WHERE comment.id = ordered.id AND comment.number IS DISTINCT FROM ordered.place
            """,
            [post_id, Comment.Status.PENDING],
        )
    stats = Comment.objects.filter(post_id=post_id).aggregate(
        count=Count("id", filter=Q(number__isnull=False)),
        latest=Max("created_at", filter=Q(status=Comment.Status.APPROVED)),
    )
    Post.objects.filter(pk=post_id).update(
        comment_count=stats["count"],
        latest_activity_at=max(filter(None, [stats["latest"], post.created_at])),
        thread_version=F("thread_version") + 1,
    )
    sitewide_changed()
