"""Bans on anonymous visitors and their networks: each one atomic, logged, and returning what
changed so the admin can say what it did. Their terms (who, when, until, why) are BanTerms
(forum/bans/terms.py); `is_banned` on the identity is set and cleared with the visitor's ban."""

from dataclasses import dataclass, field

from django.db import transaction

from forum.bans.services import impose, lift, terms_as_json
from forum.moderation.log import record

from .models import AnonymousIdentity, NetworkBan, VisitorBan


@dataclass
class BanResult:
    banned: list = field(default_factory=list)  # identities newly banned
    networks_banned: list = field(default_factory=list)  # identities whose network was newly banned
    no_known_network: list = field(default_factory=list)  # identities with no network to ban
    lifted: list = field(default_factory=list)  # identities whose ban (or network ban) was lifted


@transaction.atomic
def visitors_ban(identities, *, by, with_network=False, until=None, reason="") -> BanResult:
    """Ban these visitors (until `until`; None: for good); with_network, also every anonymous
    comment from the network each last used. Banning again replaces the terms."""
    result = BanResult()
    for identity in AnonymousIdentity.objects.select_for_update().filter(pk__in=[i.pk for i in identities]):
        was_banned = identity.is_banned
        ban, before = impose(VisitorBan, {"identity": identity}, by=by, until=until, reason=reason)
        if not was_banned:
            identity.is_banned = True
            identity.save(update_fields=["is_banned"])
            result.banned.append(identity)
        record(
            by, "ban", "visitor", identity.pk, reason=reason,
            before={"is_banned": was_banned, "ban": before}, after={"is_banned": True, "ban": terms_as_json(ban)},
        )  # fmt: skip
        if not with_network:
            continue
        if not identity.network_is_known:
            result.no_known_network.append(identity)
            continue
        network_ban, before = impose(
            NetworkBan, {"digest": identity.network_digest}, by=by, until=until, reason=reason,
            extra={"identity": identity},
        )  # fmt: skip
        if before is None:
            result.networks_banned.append(identity)
        record(
            by, "ban", "network", network_ban.pk, reason=reason, public=False,
            before={"ban": before}, after={"ban": terms_as_json(network_ban)},
        )  # fmt: skip
    return result


@transaction.atomic
def visitors_unban(identities, *, by=None) -> BanResult:
    """Lift these visitors' bans and any ban on the network each last used."""
    result = BanResult()
    for identity in AnonymousIdentity.objects.select_for_update().filter(pk__in=[i.pk for i in identities]):
        network_ban = NetworkBan.objects.filter(digest=identity.network_digest).first()
        network_before = lift(NetworkBan, {"pk": network_ban.pk}) if network_ban else None
        if network_before is not None:
            record(by, "unban", "network", network_ban.pk, public=False, before={"ban": network_before})
        own_before = lift(VisitorBan, {"identity": identity})
        if identity.is_banned or network_before is not None:
            record(
                by, "unban", "visitor", identity.pk,
                before={"is_banned": identity.is_banned, "ban": own_before}, after={"is_banned": False},
            )  # fmt: skip
            identity.is_banned = False
            identity.save(update_fields=["is_banned"])
            result.lifted.append(identity)
    return result
