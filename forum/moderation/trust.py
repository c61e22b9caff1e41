"""How far the forum trusts a writer (accounts.models.TrustLevel), and the one way up from
moderated that needs no moderator's decision: enough of their comments approved."""

from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.models import TrustLevel
from forum.comments.models import Comment

from .log import record

DEFAULT_PROMOTE_AFTER_APPROVED_COMMENTS = 3


def promote_after_approved_comments():
    return getattr(settings, "PROMOTE_AFTER_APPROVED_COMMENTS", DEFAULT_PROMOTE_AFTER_APPROVED_COMMENTS)


def links_wait_for(member, *, established=None):
    """Whether links from this writer wait for a moderator: an anonymous visitor (None), a
    moderated member, or a member not yet established (new, or email unverified), since a fresh
    account is no cheaper way round the rule than no account. Pass `established` when known: it
    costs a query. Moderators' links never wait."""
    if member is None:
        return True
    if member.is_moderator:
        return False
    if member.is_moderated:
        return True
    return not (member.is_established if established is None else established)


def promote_if_due(member_id, *, by=None):
    """Make a moderated member normal once PROMOTE_AFTER_APPROVED_COMMENTS of their comments
    (not deleted) are approved. Called in the transaction that approved one; `by` is who approved
    it (None: the site). Returns True if the member was promoted, logged as a "promote" action.

    The member's row is locked before counting, so that two approvals committing at once cannot
    both count one short (no promotion) or both promote (two log rows)."""
    members = get_user_model().objects.filter(pk=member_id)
    member = members.select_for_update().first()
    if member is None or not member.is_active or not member.is_moderated:
        return False
    approved = Comment.objects.filter(author=member, status=Comment.Status.APPROVED, deleted_at__isnull=True)
    if approved.count() < promote_after_approved_comments():
        return False
    members.update(trust_level=TrustLevel.NORMAL)
    record(
        by,
        "promote",
        "member",
        member.pk,
        reason="approved comments",
        before={"trust_level": int(member.trust_level)},
        after={"trust_level": int(TrustLevel.NORMAL)},
    )
    return True
