"""Rotating ANONYMOUS_NAME_KEY without renaming anyone or lifting a ban.

The database keeps only keyed digests of a browser's token and of a network, never the token or
the address, so rows cannot be re-keyed in one batch. Instead, while ANONYMOUS_NAME_OLD_KEYS lists
the keys that were replaced, the first request of a returning browser (or from a banned network)
moves its row from the old digest to the new one. A marker in the shared cache makes that one
UPDATE per browser or network a day, not one per request.

The markers live in the pages cache, never the default one: any cookie of the right shape makes a
marker, so a script sending a new made-up token with each request writes a key each time. In the
default cache, which holds the rate limits' counters, such a flood would push them out (the
database cache culls a third of its keys when full, rate limits' among them; a Redis without
eviction fills up). A marker lost costs one UPDATE that finds nothing to move.
"""

from django.core.cache import caches
from django.db import IntegrityError, transaction

from .keys import keyed, keyed_before
from .models import AnonymousIdentity, NetworkBan

MARKER_CACHE = "pages"
# A returning browser costs one indexed UPDATE a day; a flood's markers are gone within one.
MARKER_SECONDS = 24 * 3600


def rekey_visitor(token: str) -> None:
    _rekey(AnonymousIdentity, f"visitor:{token}")


def rekey_network(network: str) -> None:
    _rekey(NetworkBan, f"network:{network}")


def _rekey(model, message):
    current, old = keyed(message), keyed_before(message)
    marker = f"rekeyed:{model._meta.label_lower}:{current}"
    cache = caches[MARKER_CACHE]
    if not old or cache.get(marker):
        return
    try:
        with transaction.atomic():
            model.objects.filter(digest__in=old).update(digest=current)
    except IntegrityError:
        pass  # a row under the new key exists already: it is the one in use, leave the old one be
    cache.set(marker, True, MARKER_SECONDS)
