"""Keyed digests: what the database keeps of a visitor's browser token and network address.

HMAC with ANONYMOUS_NAME_KEY, never a plain hash: an address space of 4 billion is brute-forced
in minutes, so an unkeyed hash of an address is the address.
"""

import hashlib
import hmac

from django.conf import settings

from .network import UNKNOWN_NETWORK, client_address, visitor_network


def keyed(message: str) -> str:
    return keyed_with(settings.ANONYMOUS_NAME_KEY, message)


def keyed_with(key: str, message: str) -> str:
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def keyed_before(message: str) -> list[str]:
    """The digests the message had under the keys ANONYMOUS_NAME_KEY replaced (rotation.py)."""
    return [keyed_with(key, message) for key in settings.ANONYMOUS_NAME_OLD_KEYS]


def visitor_digest(token: str) -> str:
    return keyed(f"visitor:{token}")


def network_digest(network: str) -> str:
    return keyed(f"network:{network}")


def is_known_network(digest: str) -> bool:
    """False where no address could be read: a network every such visitor would share."""
    return bool(digest) and digest != network_digest(UNKNOWN_NETWORK)


def request_network_digest(request) -> str:
    """The network a request comes from, for members too (signup and bans)."""
    network = visitor_network(client_address(request))
    if settings.ANONYMOUS_NAME_OLD_KEYS and network != UNKNOWN_NETWORK:
        from .rotation import rekey_network  # models import this module

        rekey_network(network)
    return network_digest(network)
