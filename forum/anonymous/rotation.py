"""Rotating ANONYMOUS_NAME_KEY without renaming anyone or lifting a ban.

The database keeps only keyed digests of a browser's token and of a network, never the token or
the address, so rows cannot be re-keyed in one batch. Instead, while ANONYMOUS_NAME_OLD_KEYS lists
the keys that were replaced, the first request of a returning browser (or from a banned network)
moves its row from the old digest to the new one. A marker in the shared cache makes that one
UPDATE per browser or network per rotation, not one per request.
"""

from django.core.cache import cache
from django.db import IntegrityError, transaction

from .keys import keyed, keyed_before
from .models import AnonymousIdentity, NetworkBan

# Long enough that a rotation finishes under it; a lost marker only costs one more UPDATE.
MARKER_SECONDS = 90 * 24 * 3600


def rekey_visitor(token: str) -> None:
    _rekey(AnonymousIdentity, f"visitor:{token}")


def rekey_network(network: str) -> None:
    _rekey(NetworkBan, f"network:{network}")


def _rekey(model, message):
    current, old = keyed(message), keyed_before(message)
    marker = f"rekeyed:{model._meta.label_lower}:{current}"
    if not old or cache.get(marker):
        return
    try:
        with transaction.atomic():
            model.objects.filter(digest__in=old).update(digest=current)
    except IntegrityError:
        pass  # a row under the new key exists already: it is the one in use, leave the old one be
    cache.set(marker, True, MARKER_SECONDS)
