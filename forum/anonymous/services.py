"""Bans on anonymous visitors and their networks: each one atomic, returning what changed so the
admin can log every row it touched."""

from dataclasses import dataclass, field

from django.db import transaction

from .models import AnonymousIdentity, NetworkBan


@dataclass
class BanResult:
    banned: list = field(default_factory=list)  # identities newly banned
    networks_banned: list = field(default_factory=list)  # identities whose network was newly banned
    no_known_network: list = field(default_factory=list)  # identities with no network to ban
    lifted: list = field(default_factory=list)  # identities whose ban (or network ban) was lifted


@transaction.atomic
def visitors_ban(identities, *, by, with_network=False) -> BanResult:
    """Ban these visitors; with_network, also every anonymous comment from the network each last used."""
    result = BanResult()
    for identity in AnonymousIdentity.objects.select_for_update().filter(pk__in=[i.pk for i in identities]):
        if not identity.is_banned:
            identity.is_banned = True
            identity.save(update_fields=["is_banned"])
            result.banned.append(identity)
        if not with_network:
            continue
        if not identity.network_is_known:
            result.no_known_network.append(identity)
            continue
        _, created = NetworkBan.objects.get_or_create(
            digest=identity.network_digest, defaults={"identity": identity, "banned_by": by}
        )
        if created:
            result.networks_banned.append(identity)
    return result


@transaction.atomic
def visitors_unban(identities) -> BanResult:
    """Lift these visitors' bans and any ban on the network each last used."""
    result = BanResult()
    for identity in AnonymousIdentity.objects.select_for_update().filter(pk__in=[i.pk for i in identities]):
        lifted_network, _ = NetworkBan.objects.filter(digest=identity.network_digest).delete()
        if identity.is_banned or lifted_network:
            identity.is_banned = False
            identity.save(update_fields=["is_banned"])
            result.lifted.append(identity)
    return result
