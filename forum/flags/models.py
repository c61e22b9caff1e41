"""Flags: a member's word to the moderators that a comment breaks the forum's rules.

One flag per member per comment (a database constraint), kept with who, when and why, after the
comment is judged: it is what the moderators read in the admin. FLAGS_TO_HOLD of them hold the
comment for review (services.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import TrustLevel
from forum.bans.rules import is_banned_member

DEFAULT_FLAGS_TO_HOLD = 3
DEFAULT_FLAGS_PER_DAY = 20


def flags_to_hold():
    """How many members' flags hold a comment for review: one member alone cannot hide anyone's words."""
    return getattr(settings, "FLAGS_TO_HOLD", DEFAULT_FLAGS_TO_HOLD)


def flags_per_day():
    return getattr(settings, "FLAGS_PER_DAY", DEFAULT_FLAGS_PER_DAY)


def may_flag(user):
    """Flagging is for members the forum trusts (BEHAVIOUR.md: normal members and up): active,
    not moderated, and established (accounts.User.is_established: a few days old, email verified),
    since a handful of fresh accounts holding anyone's comment would be the cheapest censorship
    there is. None of this for visitors, who have no account to answer for a flag, nor for a
    member under a ban (forum/bans), whose flags would still hold others' words."""
    if not (user.is_authenticated and user.is_active):
        return False
    trusted = (user.is_moderator or user.trust_level >= TrustLevel.NORMAL) and user.is_established
    return trusted and not is_banned_member(user)


class FlagQuerySet(models.QuerySet):
    def on(self, comment):
        return self.filter(comment=comment)

    def by(self, member):
        return self.filter(flagger=member)

    def newest_first(self):
        return self.order_by("-created_at", "-id")


class Reason(models.TextChoices):
    # The reasons a moderator holds a comment for (comments.Comment.Status), and "other", in words.
    SPAM = "spam", "spam"
    PERSONAL_ATTACK = "personal_attack", "personal attack"
    ANTI_FORUM = "anti_forum", "anti-forum"
    DOXING = "doxing", "doxing (someone's private details)"
    OTHER = "other", "other"


class Flag(models.Model):
    Reason = Reason

    NOTE_MAX = 180  # with "other: " it fits the moderation log's reason (200)

    comment = models.ForeignKey("comments.Comment", on_delete=models.CASCADE, related_name="flags")
    # Members are never deleted, only emptied (accounts/services.py member_delete): a flag keeps its flagger.
    flagger = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="flags")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.CharField(max_length=NOTE_MAX, blank=True, help_text="The flagger's words, for “other”.")
    created_at = models.DateTimeField(default=timezone.now)

    objects = FlagQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "flagger"], name="flags_one_per_member_per_comment"),
            models.CheckConstraint(condition=Q(reason__in=Reason.values), name="flags_known_reason"),
            models.CheckConstraint(condition=~Q(reason="other") | ~Q(note=""), name="flags_other_says_why"),
        ]
        indexes = [models.Index(fields=["flagger", "-created_at"], name="flags_by_flagger")]

    def __str__(self):
        return f"{self.flagger} flagged comment {self.comment_id}: {self.why}"

    @property
    def why(self):
        """The reason in words, with the flagger's own for "other"."""
        return f"other: {self.note}" if self.reason == self.Reason.OTHER else self.get_reason_display()
