"""Nuke and unnuke (admins only): one member's or anonymous visitor's every post and comment
hidden from everyone and every way back in banned, then, if it was a mistake, all of it put back
exactly as it was.

A nuke changes only what it must and writes down each change with the state before it (Nuke.changes):
- comments shown in threads (approved, or held for another reason) become spam, through
  comments_set_status, which heals the posts' counters. They keep their numbers, so no other
  comment moves. Comments waiting for approval are left waiting: nobody but their writer and
  staff sees them, and holding them as spam would number them into the threads;
- published posts are held (as spam), their threads and the lists moved on;
- bans for good: the member (MemberBan) or the visitor (VisitorBan), their email addresses
  (EmailBan, normalized), their name (a RetiredName, as a deleted member's: nobody can take it
  or a look-alike) and their networks (NetworkBan: a visitor's last one; a member's, those they
  signed up or logged in from in the past NETWORK_DAYS), each ban's previous terms kept. A ban
  already in force for good is changed by nobody, but the nuke still notes that it relies on it.

Moderators and admins are not nuked: they are demoted first (services.staff_refusal).

Unnuke puts back each row that is still as the nuke left it (a moderator may have judged one
since: that one is left alone and counted), recounts the posts, and restores every ban's previous
terms, removing those the nuke made, but never from under another standing nuke that relies on
the same ban (two members, or a member and a visitor, on one network): that nuke is handed the
previous terms instead, and puts them back when it is undone in turn. Comments come back without
notifying anyone again: they were published once already. Both are logged
(forum/moderation/log.py) in their transaction.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import RetiredName, name_skeleton
from forum.anonymous.models import AnonymousIdentity, NetworkBan, VisitorBan, is_known_network
from forum.comments.models import Comment
from forum.comments.services import comments_set_status, post_recount_comments
from forum.core.pagecache import sitewide_changed
from forum.moderation.log import record
from forum.posts.models import Post

from .emails import normalized_email
from .models import EmailBan, MemberBan, MemberNetwork, Nuke
from .services import BanRefused, impose, restore, staff_refusal, terms_as_json

# A member's networks banned by a nuke: those they used lately, not every café of years past.
NETWORK_DAYS = 30

BAN_MODELS = {"member": MemberBan, "visitor": VisitorBan, "email": EmailBan, "network": NetworkBan}


class NukeRefused(BanRefused):
    """A nuke or unnuke the rules turn away; the message is for the admin."""


def _held_post_fields():
    """A held post's fields: its status, and why, where posts record it (Post.held_reason)."""
    names = {field.name for field in Post._meta.get_fields()}
    return ["status", "held_reason"] if "held_reason" in names else ["status"]


def _may_nuke(by):
    if not (by and by.is_authenticated and by.is_forum_admin):
        raise PermissionDenied("Only admins may nuke or unnuke.")


@transaction.atomic
def nuke_member(member, *, by, reason=""):
    """Nuke this member. Returns the Nuke. Raises PermissionDenied, NukeRefused."""
    _may_nuke(by)
    member = get_user_model().objects.select_for_update().get(pk=member.pk)
    if member.pk == by.pk:
        raise NukeRefused("You cannot nuke yourself.")
    if refusal := staff_refusal(member):
        raise NukeRefused(refusal)
    if Nuke.objects.standing().filter(member=member).exists():
        raise NukeRefused(f"{member} is nuked already.")
    now = timezone.now()
    changes = {
        "comments": _hide_comments(Comment.objects.filter(author=member)),
        "posts": _hold_posts(Post.objects.filter(author=member)),
        "bans": [],
    }
    _ban(changes, "member", {"member_id": member.pk}, by=by, reason=reason, now=now)
    for address in member_addresses(member):
        _ban(changes, "email", {"address": address}, by=by, reason=reason, now=now)
    for digest in member_networks(member, now=now):
        _ban(changes, "network", {"digest": digest}, by=by, reason=reason, now=now)
    skeleton = name_skeleton(member.username)
    changes["retired_name"] = None
    if not RetiredName.objects.filter(skeleton=skeleton).exists():
        changes["retired_name"] = RetiredName.objects.create(skeleton=skeleton, retired_at=now).pk
    return _finish(Nuke(member=member, by=by, at=now, reason=reason[:200], changes=changes), "member", member.pk)


@transaction.atomic
def nuke_visitor(identity, *, by, reason=""):
    """Nuke this anonymous visitor. Returns the Nuke. Raises PermissionDenied, NukeRefused."""
    _may_nuke(by)
    identity = AnonymousIdentity.objects.select_for_update().get(pk=identity.pk)
    if Nuke.objects.standing().filter(visitor=identity).exists():
        raise NukeRefused(f"{identity} is nuked already.")
    now = timezone.now()
    changes = {
        "comments": _hide_comments(Comment.objects.filter(anonymous=identity)),
        "posts": [],
        "bans": [],
        "is_banned": identity.is_banned,
    }
    _ban(changes, "visitor", {"identity_id": identity.pk}, by=by, reason=reason, now=now)
    AnonymousIdentity.objects.filter(pk=identity.pk).update(is_banned=True)
    if identity.network_is_known:
        _ban(changes, "network", {"digest": identity.network_digest}, by=by, reason=reason, now=now, identity=identity)
    return _finish(Nuke(visitor=identity, by=by, at=now, reason=reason[:200], changes=changes), "visitor", identity.pk)


def member_addresses(member):
    """The email addresses a nuke of this member bans, normalized (emails.py)."""
    addresses = {member.email, *EmailAddress.objects.filter(user=member).values_list("email", flat=True)}
    return sorted({normalized_email(a) for a in addresses if a})


def member_networks(member, *, now=None):
    """The networks a nuke of this member bans: those seen in the past NUKE_NETWORK_DAYS."""
    since = (now or timezone.now()) - timedelta(days=getattr(settings, "NUKE_NETWORK_DAYS", NETWORK_DAYS))
    digests = MemberNetwork.objects.filter(member=member, last_seen_at__gte=since).values_list("digest", flat=True)
    return sorted(d for d in digests if is_known_network(d))


def _hide_comments(comments):
    """Every comment others can see (approved, or held for another reason) held as spam.
    Returns [[id, previous status], ...]."""
    shown = comments.filter(deleted_at__isnull=True).exclude(status__in=[Comment.Status.SPAM, Comment.Status.PENDING])
    changed = comments_set_status(shown, Comment.Status.SPAM)
    return sorted([comment.pk, comment.status] for comment in changed)


def _hold_posts(posts):
    """Published posts held (as spam, where posts say why). Returns [{id, status, ...}, ...]."""
    fields = _held_post_fields()
    published = list(posts.filter(status=Post.Status.PUBLISHED).select_for_update(no_key=True).values("id", *fields))
    if published:
        held = {"status": Post.Status.HELD, **({"held_reason": "spam"} if "held_reason" in fields else {})}
        Post.objects.filter(pk__in=[row["id"] for row in published]).update(
            **held, thread_version=F("thread_version") + 1
        )
        sitewide_changed()
    return sorted(published, key=lambda row: row["id"])


def _ban(changes, kind, lookup, *, by, reason, now, identity=None):
    """A ban for good, noting the terms it replaced (None: there was no ban) and `made`: whether
    this nuke set it. One in force for good already is left as it is (made: False), but noted, so
    that undoing another nuke that did set it does not lift it from under this one (_put_back)."""
    model = BAN_MODELS[kind]
    standing = model.objects.select_for_update().filter(**lookup, until__isnull=True).first()
    if standing is not None:
        changes["bans"].append({"kind": kind, "lookup": lookup, "before": terms_as_json(standing), "made": False})
        return
    extra = {"identity": identity} if kind == "network" else None
    _, before = impose(model, lookup, by=by, until=None, reason=reason or "nuked", now=now, extra=extra)
    changes["bans"].append({"kind": kind, "lookup": lookup, "before": before, "made": True})


def _made(ban):
    return ban.get("made", True)  # (nukes recorded before `made` noted only the bans they set)


def _finish(nuke, kind, target_id):
    nuke.save()
    changes = nuke.changes
    record(
        nuke.by, "nuke", kind, target_id, reason=nuke.reason,
        before=_summary(changes, before=True), after={**_summary(changes, before=False), "nuke": nuke.pk},
    )  # fmt: skip
    return nuke


def _summary(changes, *, before):
    """What the log shows: each comment's and post's state, and which kinds of ban changed (the
    addresses and networks themselves stay in the Nuke row, for admins only)."""
    return {
        "comments": {str(pk): status if before else Comment.Status.SPAM for pk, status in changes["comments"]},
        "posts": {str(row["id"]): row["status"] if before else Post.Status.HELD for row in changes["posts"]},
        "bans": sorted({ban["kind"] for ban in changes["bans"] if _made(ban)}),
    }


@transaction.atomic
def unnuke(nuke, *, by):
    """Put back what this nuke changed. Returns {"restored": n, "left": n}: rows put back, and rows
    left as a moderator judged them since. Raises PermissionDenied, NukeRefused."""
    _may_nuke(by)
    nuke = Nuke.objects.select_for_update().get(pk=nuke.pk)
    if nuke.is_undone:
        raise NukeRefused("That nuke was undone already.")
    changes = nuke.changes
    counts = {"restored": 0, "left": 0}
    _restore_comments(changes["comments"], counts)
    _restore_posts(changes["posts"], counts)
    for ban in reversed(changes["bans"]):
        _put_back(nuke, ban)
    if nuke.visitor_id:
        AnonymousIdentity.objects.filter(pk=nuke.visitor_id).update(is_banned=changes["is_banned"])
    if changes.get("retired_name") and not (nuke.member and nuke.member.is_deleted):
        # (A member who deleted their account since keeps their name retired, as any does.)
        RetiredName.objects.filter(pk=changes["retired_name"]).delete()
    nuke.undone_at, nuke.undone_by = timezone.now(), by
    nuke.save(update_fields=["undone_at", "undone_by"])
    kind, target_id = ("member", nuke.member_id) if nuke.member_id else ("visitor", nuke.visitor_id)
    summary_before, summary_after = _summary(changes, before=False), _summary(changes, before=True)
    record(by, "unnuke", kind, target_id, before=summary_before, after={**summary_after, "nuke": nuke.pk, **counts})
    return counts


def _put_back(nuke, ban):
    """Put this ban back as it was before `nuke` set it, unless another standing nuke relies on
    it: then that one is handed the previous terms, to put back when it is undone in turn."""
    if not _made(ban):
        return  # it was in force before this nuke, and stays
    entry = {"kind": ban["kind"], "lookup": ban["lookup"]}
    heir = (
        Nuke.objects.standing()
        .exclude(pk=nuke.pk)
        .filter(changes__bans__contains=[entry])
        .select_for_update()
        .order_by("at", "pk")
        .first()
    )
    if heir is None:
        restore(BAN_MODELS[ban["kind"]], ban["lookup"], ban["before"])
        return
    for relied in heir.changes["bans"]:
        if relied["kind"] == ban["kind"] and relied["lookup"] == ban["lookup"] and not _made(relied):
            # It found the ban in force and left it; now it is the one that set it, as far as
            # putting back goes. (One that set it itself keeps the terms it found.)
            relied.update(before=ban["before"], made=True)
    heir.save(update_fields=["changes"])


def _restore_comments(rows, counts):
    still_spam = set(
        Comment.objects.filter(pk__in=[pk for pk, _ in rows], status=Comment.Status.SPAM)
        .select_for_update()
        .values_list("pk", flat=True)
    )
    by_status = {}
    for pk, status in rows:
        if pk in still_spam:
            by_status.setdefault(status, []).append(pk)
    counts["left"] += len(rows) - len(still_spam)
    for status, pks in by_status.items():
        # Straight to the rows: comments_set_status would mail watchers about comments they were
        # told of when they were first published, and promote the writer as if newly approved.
        unnumber = {"number": None} if status == Comment.Status.PENDING else {}
        counts["restored"] += Comment.objects.filter(pk__in=pks).update(status=status, **unnumber)
    for post_id in sorted(set(Comment.objects.filter(pk__in=still_spam).values_list("post_id", flat=True))):
        post_recount_comments(post_id)


def _restore_posts(rows, counts):
    fields = _held_post_fields()
    held = {"status": Post.Status.HELD, **({"held_reason": "spam"} if "held_reason" in fields else {})}
    still_held = set(Post.objects.filter(pk__in=[row["id"] for row in rows], **held).values_list("pk", flat=True))
    counts["left"] += len(rows) - len(still_held)
    for row in rows:
        if row["id"] in still_held:
            previous = {name: row[name] for name in fields if name in row}
            Post.objects.filter(pk=row["id"]).update(**previous, thread_version=F("thread_version") + 1)
            counts["restored"] += 1
    if still_held:
        sitewide_changed()
