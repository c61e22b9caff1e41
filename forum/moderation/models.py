"""The moderation log: every moderation action, who took it, on what, why, and what it changed.

Append-only: the database itself refuses UPDATE and DELETE on the table (migration 0001's
trigger), so no admin, bug or script can rewrite what moderators did. The admin shows it read-only;
the public page (views.py) shows what was done without private details.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ActionQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-at", "-id")

    def public(self):
        return self.filter(is_public=True)


class ModerationAction(models.Model):
    # What was acted on: its kind and id, kept as plain values so the row outlives its target.
    TARGET_KINDS = ["comment", "post", "member", "visitor", "network", "email"]

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # None: the site itself (a rule: too many flags, spam rules, an expired ban).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    action = models.CharField(max_length=40)
    target_kind = models.CharField(max_length=20, choices=[(kind, kind) for kind in TARGET_KINDS])
    target_id = models.BigIntegerField()
    reason = models.CharField(max_length=200, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    # Shown on the public log (without reason details about networks, emails or visitors).
    is_public = models.BooleanField(default=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["target_kind", "target_id"], name="moderation_by_target")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_kind} {self.target_id}"
