"""What every ban records, whoever or whatever it bans: who banned, when, until when, and why.

An abstract model, so that each kind of ban keeps its own table (a member, a visitor, a network,
an email address) with the same terms and the same rule for whether it is in force: a ban whose
`until` has passed stops applying by itself, with no job to lift it. The row stays until the ban
is lifted or set again, so the admin still shows what was decided.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class BanQuerySet(models.QuerySet):
    def in_force(self, now=None):
        return self.filter(models.Q(until__isnull=True) | models.Q(until__gt=now or timezone.now()))


class BanTerms(models.Model):
    banned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    until = models.DateTimeField(null=True, blank=True, help_text="Empty: for good.")
    # Never on the ban's page; a reason in plain words does show on the public moderation log.
    reason = models.CharField(max_length=200, blank=True, help_text="A few words: plain words show on the public log.")

    objects = BanQuerySet.as_manager()

    # The terms as values: what a nuke records before it changes a ban, and what unnuke puts back.
    TERMS = ("banned_by_id", "created_at", "until", "reason")

    class Meta:
        abstract = True

    def in_force(self, now=None):
        return self.until is None or self.until > (now or timezone.now())

    def terms(self):
        return {name: getattr(self, name) for name in self.TERMS}
