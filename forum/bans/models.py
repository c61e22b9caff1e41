"""Bans of members and of email addresses, the networks members come from (so that a nuke can
ban them), and the record of each nuke, from which unnuke puts everything back.

Visitors' and networks' bans live with the visitors (forum/anonymous/models.py); every kind has
the same terms (terms.py).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .emails import normalized_email
from .terms import BanQuerySet, BanTerms


class MemberBan(BanTerms):
    """The member may read and log in, but not post or comment."""

    member = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ban")

    def __str__(self):
        return f"ban of {self.member}"


class EmailBanQuerySet(BanQuerySet):
    def refusing(self, address, now=None):
        """The bans in force on this address or any spelling that reaches the same mailbox."""
        return self.in_force(now).filter(address=normalized_email(address))


class EmailBan(BanTerms):
    """No sign-up with this address (accounts/adapter.py), kept normalized (emails.py)."""

    address = models.CharField(max_length=254, unique=True, help_text="Normalized: see forum/bans/emails.py.")

    objects = EmailBanQuerySet.as_manager()

    def __str__(self):
        return f"ban of {self.address}"

    def save(self, *args, **kwargs):
        self.address = normalized_email(self.address)
        super().save(*args, **kwargs)


class MemberNetwork(models.Model):
    """A network a member signed up or logged in from (its keyed digest, as for visitors), so
    that nuking a member can ban where they come from. Written by forum/bans/signals.py."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "digest"], name="bans_member_network_once")]

    def __str__(self):
        return f"a network of {self.member}"


class NukeQuerySet(models.QuerySet):
    def standing(self):
        return self.filter(undone_at__isnull=True)


STANDING = models.Q(undone_at__isnull=True)


class Nuke(models.Model):
    """One nuke of a member or an anonymous visitor (forum/bans/nuking.py) and everything it
    changed, as it was before: the rows' ids with their previous states and the bans' previous
    terms, so that unnuke puts back exactly that."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="nukes"
    )
    visitor = models.ForeignKey(
        "anonymous.AnonymousIdentity", null=True, blank=True, on_delete=models.CASCADE, related_name="nukes"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, editable=False)
    undone_at = models.DateTimeField(null=True, blank=True, editable=False)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = NukeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(member__isnull=False, visitor__isnull=True)
                | models.Q(member__isnull=True, visitor__isnull=False),
                name="bans_nuke_one_target",
            ),
            # One standing nuke per target: a second would record the first one's work as "before".
            models.UniqueConstraint(fields=["member"], condition=STANDING, name="bans_nuke_member_once"),
            models.UniqueConstraint(fields=["visitor"], condition=STANDING, name="bans_nuke_visitor_once"),
        ]  # fmt: skip

    def __str__(self):
        return f"nuke of {self.target}"

    @property
    def target(self):
        return self.member if self.member_id else self.visitor

    @property
    def is_undone(self):
        return self.undone_at is not None
