"""What moderators and admins do to comments, posts and members, each change logged with what it
was before and after (log.record), in the transaction of the change.

Moderators judge comments; admins also judge posts and members (accounts.User.is_moderator,
is_forum_admin). The callers (the admin, the controls on the post page) check who may; these
functions only do it. Each returns the rows that changed, as they were before.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F

from accounts.models import TrustLevel
from forum.bans.rules import is_banned_member
from forum.comments.models import Comment
from forum.comments.services import comments_set_status
from forum.core.pagecache import sitewide_changed
from forum.notifications import events
from forum.posts.models import Post

from .log import record


def action_for(status):
    """The log's word for moving a comment to this state: approve, spam, or hold (its reason
    kept beside it)."""
    if status == Comment.Status.APPROVED:
        return "approve"
    return "spam" if status == Comment.Status.SPAM else "hold"


@transaction.atomic
def comments_judge(comments, status, *, by):
    """Approve or hold comments (a Comment.Status), through comments_set_status (numbers,
    counters, thread versions, emails on approval), one log row each."""
    changing = comments_set_status(comments, status, by=by)
    reason = "" if status == Comment.Status.APPROVED else str(status)
    for comment in changing:
        record(
            by,
            action_for(status),
            "comment",
            comment.pk,
            reason=reason,
            before={"status": comment.status},
            after={"status": str(status)},
        )
    return changing


@transaction.atomic
def posts_judge(posts, *, held_reason=None, by):
    """Publish posts (held_reason None) or hold them for a reason (Post.HeldReason). Their
    threads and every list move on (thread_version, sitewide counters); a post approved from
    waiting (held by the spam rules, never yet published) reaches its author's followers now,
    as it would have when written. One log row each."""
    status = Post.Status.PUBLISHED if held_reason is None else Post.Status.HELD
    reason = held_reason or ""
    changing = list(
        posts.exclude(status=status, held_reason=reason)
        .select_for_update(of=("self",), no_key=True)
        .select_related("author")
    )
    if not changing:
        return []
    ids = [post.pk for post in changing]
    Post.objects.filter(pk__in=ids).update(status=status, held_reason=reason, thread_version=F("thread_version") + 1)
    sitewide_changed()  # lists, neighbours, random and profiles show only published posts
    for post in changing:
        record(
            by,
            _post_action(status, reason),
            "post",
            post.pk,
            reason=reason,
            before={"status": post.status, "held_reason": post.held_reason},
            after={"status": str(status), "held_reason": reason},
        )
        if status == Post.Status.PUBLISHED and post.status == Post.Status.HELD and not post.held_reason:
            events.post_published(post)
    return changing


def _post_action(status, reason):
    """action_for, for a post."""
    if status == Post.Status.PUBLISHED:
        return "approve"
    return "spam" if reason == Post.HeldReason.SPAM else "hold"


@dataclass(frozen=True)
class TrustChange:
    changed: list  # the members whose level changed, as they were before
    skipped: list  # (member, why) for those left as they were


def staff_for(level):
    """Moderators and admins reach the admin (is_staff); nobody below them does."""
    return level >= TrustLevel.MODERATOR


def trust_refusal(member, level, *, by):
    """Why `by` may not move `member` to `level` (a sentence), or "". Nobody changes their own
    level; a superuser's powers come from is_superuser, not from a level; making or unmaking an
    admin (who judges members, and so could unmake the one who made them) is for superusers."""
    if member.pk == by.pk:
        return "your own level is for another admin to change"
    if member.is_superuser:
        return "a superuser's powers do not come from a trust level"
    if (level == TrustLevel.ADMIN or member.trust_level == TrustLevel.ADMIN) and not by.is_superuser:
        return "only a superuser makes or unmakes admins"
    if member.deleted_at is not None:
        return "the account is deleted"
    if level >= TrustLevel.MODERATOR and is_banned_member(member):
        return "the member is banned: lift the ban first"
    return ""


@transaction.atomic
def members_move_trust(members, step, *, by):
    """Promote (step +1) or demote (step -1) each member one trust level, between moderated and
    admin, with is_staff kept in step (staff_for). Returns a TrustChange; one log row for each
    member changed."""
    changed, skipped = [], []
    for member in get_user_model().objects.filter(pk__in=members.values("pk")).select_for_update().order_by("pk"):
        level = member.trust_level + step
        if level not in TrustLevel.values:
            skipped.append((member, f"already {TrustLevel(member.trust_level).label}"))
            continue
        if why := trust_refusal(member, level, by=by):
            skipped.append((member, why))
            continue
        get_user_model().objects.filter(pk=member.pk).update(trust_level=level, is_staff=staff_for(level))
        record(
            by,
            "promote" if step > 0 else "demote",
            "member",
            member.pk,
            reason=TrustLevel(level).label,
            before={"trust_level": int(member.trust_level), "is_staff": member.is_staff},
            after={"trust_level": int(level), "is_staff": staff_for(level)},
        )
        changed.append(member)
    return TrustChange(changed, skipped)
