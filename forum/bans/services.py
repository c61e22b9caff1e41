"""Setting and lifting bans of every kind, each logged (forum/moderation/log.py) in its transaction.

`impose` and `lift` are the one way a ban row changes: they return the terms the row had before
(None: there was no ban), which the log shows and a nuke keeps to put back (nuking.py).
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from forum.anonymous.models import NetworkBan
from forum.moderation.log import record

from .emails import normalized_email
from .models import EmailBan, MemberBan


class BanRefused(Exception):
    """A ban (or nuke) the rules turn away; the message is for the admin."""


def staff_refusal(member):
    """Why this member may not be banned or nuked as they are, or "". A ban takes nothing from
    staff: a banned moderator still approves comments (their own nuked ones too) and reaches the
    admin. So moderators and admins are demoted first, which is itself logged."""
    if member.is_forum_admin:
        return f"{member} is an admin: demote them first (take away their admin rights)."
    if member.is_moderator:
        return f"{member} is a moderator: demote them first."
    return ""


def impose(model, lookup, *, by, until=None, reason="", now=None, extra=None):
    """Ban the target `lookup` names (e.g. {"member": m}) on these terms, replacing any earlier
    ones. Returns (ban, the previous terms as JSON values or None)."""
    ban = model.objects.select_for_update().filter(**lookup).first()
    terms = {"banned_by": by, "created_at": now or timezone.now(), "until": until, "reason": reason[:200]}
    if ban is None:
        return model.objects.create(**lookup, **terms, **(extra or {})), None
    previous = terms_as_json(ban)
    for name, value in terms.items():
        setattr(ban, name, value)
    ban.save()
    return ban, previous


def lift(model, lookup):
    """Remove the ban on this target. Returns its terms as JSON values, or None if there was none."""
    ban = model.objects.select_for_update().filter(**lookup).first()
    if ban is None:
        return None
    previous = terms_as_json(ban)
    ban.delete()
    return previous


def terms_as_json(ban):
    terms = ban.terms()
    if isinstance(ban, NetworkBan):
        terms["identity_id"] = ban.identity_id  # the visitor it was banned from
    return {name: value.isoformat() if isinstance(value, datetime) else value for name, value in terms.items()}


def terms_from_json(terms):
    return {
        name: parse_datetime(value) if name in ("created_at", "until") and value else value
        for name, value in terms.items()
    }


def restore(model, lookup, previous):
    """Put a ban back as `previous` (terms_as_json) had it; None: no ban, so remove any."""
    if previous is None:
        model.objects.filter(**lookup).delete()
        return
    terms = terms_from_json(previous)
    if not model.objects.filter(**lookup).update(**terms):
        model.objects.create(**lookup, **terms)


def _logged(by, action, kind, target_id, *, reason, before, after, public):
    record(
        by, action, kind, target_id, reason=reason[:200], before={"ban": before}, after={"ban": after}, public=public
    )


@transaction.atomic
def ban_member(member, *, by, until=None, reason=""):
    """Raises BanRefused for a moderator or admin (staff_refusal)."""
    if refusal := staff_refusal(member):
        raise BanRefused(refusal)
    ban, before = impose(MemberBan, {"member": member}, by=by, until=until, reason=reason)
    _logged(by, "ban", "member", member.pk, reason=reason, before=before, after=terms_as_json(ban), public=True)
    return ban


@transaction.atomic
def unban_member(member, *, by):
    before = lift(MemberBan, {"member": member})
    if before is not None:
        _logged(by, "unban", "member", member.pk, reason="", before=before, after=None, public=True)
    return before is not None


# Emails and networks are private: their log rows stay off the public log.


@transaction.atomic
def ban_email(address, *, by, until=None, reason=""):
    ban, before = impose(EmailBan, {"address": normalized_email(address)}, by=by, until=until, reason=reason)
    _logged(by, "ban", "email", ban.pk, reason=reason, before=before, after=terms_as_json(ban), public=False)
    return ban


@transaction.atomic
def unban_email(ban, *, by):
    before = lift(EmailBan, {"pk": ban.pk})
    if before is not None:
        _logged(by, "unban", "email", ban.pk, reason="", before=before, after=None, public=False)
    return before is not None


@transaction.atomic
def ban_network(digest, *, by, until=None, reason="", identity=None):
    ban, before = impose(
        NetworkBan, {"digest": digest}, by=by, until=until, reason=reason, extra={"identity": identity}
    )
    _logged(by, "ban", "network", ban.pk, reason=reason, before=before, after=terms_as_json(ban), public=False)
    return ban


@transaction.atomic
def unban_network(ban, *, by):
    before = lift(NetworkBan, {"pk": ban.pk})
    if before is not None:
        _logged(by, "unban", "network", ban.pk, reason="", before=before, after=None, public=False)
    return before is not None
