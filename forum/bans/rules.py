"""Whether a ban stops someone now: the predicates the services that write ask (comments, posts,
sign-up), each answering with a BanNotice (what is banned, until when) or None.

A ban whose `until` has passed stops applying by itself (terms.py): nothing has to lift it.
"""

from dataclasses import dataclass
from datetime import datetime

from forum.anonymous.models import NetworkBan
from forum.core.templatetags.forum_format import forum_date

from .models import EmailBan, MemberBan

MEMBER, VISITOR, NETWORK = "member", "visitor", "network"


@dataclass(frozen=True)
class BanNotice:
    """What the banned are told: which kind of ban stops them and until when (None: for good).
    Never which network, nor why (a ban's reason is for staff)."""

    kind: str
    until: datetime | None = None

    @property
    def until_text(self):
        """`until 2017 Nov 9, 10:29am` in the reader's zone, or "" for good."""
        return f"until {forum_date(self.until)}" if self.until else ""

    @property
    def message(self):
        """One sentence for a refused form. Visitors' and networks' say "blocked", as they did."""
        when = f" {self.until_text}" if self.until else ""
        if self.kind == MEMBER:
            return f"Your account is banned from posting and commenting{when}."
        if self.kind == NETWORK:
            return f"Comments and sign-ups from your network are blocked{when}."
        return f"Comments from you are blocked{when}."


def member_ban(user, now=None):
    """The ban in force on this member, as a BanNotice, or None (visitors: None)."""
    if not getattr(user, "is_authenticated", False):
        return None
    ban = MemberBan.objects.in_force(now).filter(member_id=user.pk).only("until").first()
    return BanNotice(MEMBER, ban.until) if ban else None


def is_banned_member(user, now=None):
    return member_ban(user, now) is not None


def network_ban(network_digest, now=None):
    """The ban in force on this network (a keyed digest, forum/anonymous/keys.py), or None."""
    ban = NetworkBan.objects.in_force_for(network_digest, now)
    return BanNotice(NETWORK, ban.until) if ban else None


def is_banned_network(network_digest, now=None):
    return network_ban(network_digest, now) is not None


def visitor_ban(identity, network_digest, now=None):
    """An anonymous visitor's own ban, else their network's, or None."""
    own = identity.ban_in_force(now)
    if own is not None:
        return BanNotice(VISITOR, None if own is True else own.until)
    return network_ban(network_digest, now)


def is_banned_email(address, now=None):
    """Banned in any spelling that reaches the same mailbox (emails.py)."""
    return bool(address) and EmailBan.objects.refusing(address, now).exists()
