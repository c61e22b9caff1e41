"""Flagging a comment: the flag, its log row, and at FLAGS_TO_HOLD flags the comment held for review
with the moderators told, in one transaction."""

from dataclasses import dataclass

from django.core.cache import caches
from django.db import transaction

from forum.bans.models import MemberBan
from forum.comments.models import Comment
from forum.comments.services import comments_set_status
from forum.core.limits import take_slot
from forum.moderation.log import record
from forum.moderation.models import ModerationAction
from forum.notifications import moderators

from .models import Flag, flags_per_day, flags_to_hold, may_flag

NOT_ALLOWED = (
    "Flagging is for members whose comments no longer wait for approval and whose account is a few days "
    "old with a verified email address."
)
OWN = "This is your own comment: edit or delete it instead of flagging it."
DELETED = "This comment was deleted: there is nothing left to flag."
WAITING = "This comment is waiting for approval already: the moderators will judge it before anyone else sees it."
TOO_MANY = "You have flagged as many comments as a day allows. Please flag this one tomorrow."


class FlagRefused(Exception):
    """A flag the rules turn away; the message is for the member."""


class FlagLimitReached(FlagRefused):
    """Over FLAGS_PER_DAY: try again later."""


@dataclass(frozen=True)
class Flagged:
    flag: Flag
    held: bool  # this flag was the one that held the comment


def refusal(comment, member):
    """Why this member may not flag this comment now (a message), or "" if they may. The comment
    is one the member may see (the view's lookup)."""
    if not may_flag(member):
        return NOT_ALLOWED
    if comment.author_id == member.pk:
        return OWN
    if comment.is_deleted:
        return DELETED
    if comment.is_pending:
        return WAITING
    if not comment.is_approved:
        return f"This comment is held already ({comment.get_status_display()}): the moderators have it."
    earlier = Flag.objects.on(comment).by(member).first()
    if earlier:
        return f"You flagged this comment already ({earlier.why}). Thank you: the moderators can see it."
    return ""


@transaction.atomic
def comment_flag(*, comment, member, reason, note=""):
    """Record member's flag on comment (Flag.Reason; note: their words for "other"), and hold the
    comment once FLAGS_TO_HOLD members flagged it. Raises FlagRefused (see refusal) or
    FlagLimitReached, and then records nothing."""
    # Locked: flags on one comment count one at a time, so exactly one of them holds it.
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    message = refusal(comment, member)
    if message:
        raise FlagRefused(message)
    if not take_flag_allowance(member.pk):
        raise FlagLimitReached(TOO_MANY)
    flag = Flag.objects.create(comment=comment, flagger=member, reason=reason, note=note)
    record(member, "flag", "comment", comment.pk, reason=flag.why, public=False)
    count = flags_since_judged(comment)
    if count < flags_to_hold():
        return Flagged(flag, held=False)
    comments_set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.FLAGGED)
    record(
        None,
        "hold",
        "comment",
        comment.pk,
        reason=f"{count} flags",
        before={"status": comment.status},
        after={"status": Comment.Status.FLAGGED.value},
    )
    moderators.comment_held_by_flags(comment)
    return Flagged(flag, held=True)


def flags_since_judged(comment):
    """The flags on this comment since a moderator last approved it (all of them if none has):
    a comment held by flags and approved needs FLAGS_TO_HOLD new flags to be held again, not
    one, or a single member could hide it, and email every moderator, once each judgment."""
    flags = Flag.objects.on(comment)
    # A banned member's flags no longer count towards holding anyone's words.
    flags = flags.exclude(flagger__in=MemberBan.objects.in_force().values("member"))
    approved = ModerationAction.objects.filter(action="approve", target_kind="comment", target_id=comment.pk)
    last = approved.newest_first().values_list("at", flat=True).first()
    return (flags if last is None else flags.filter(created_at__gt=last)).count()


def take_flag_allowance(member_id):
    """Count one flag for this member; False once FLAGS_PER_DAY were used in the past 24 hours.
    In the shared cache every app server sees (forum/core/limits.py)."""
    return take_slot(caches["default"], f"flags:{member_id}", flags_per_day(), 24 * 3600)
