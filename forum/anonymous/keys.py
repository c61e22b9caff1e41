"""Keyed digests: what the database keeps of a visitor's browser token and network address.

HMAC with ANONYMOUS_NAME_KEY, never a plain hash: an address space of 4 billion is brute-forced
in minutes, so an unkeyed hash of an address is the address.
"""

import hashlib
import hmac

from django.conf import settings

from .network import UNKNOWN_NETWORK, client_address, visitor_network


def keyed(message: str) -> str:
    return hmac.new(settings.ANONYMOUS_NAME_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()


def visitor_digest(token: str) -> str:
    return keyed(f"visitor:{token}")


def network_digest(network: str) -> str:
    return keyed(f"network:{network}")


def is_known_network(digest: str) -> bool:
    """False where no address could be read: a network every such visitor would share."""
    return bool(digest) and digest != network_digest(UNKNOWN_NETWORK)


def request_network_digest(request) -> str:
    """The network a request comes from, for members too (signup and bans)."""
    return network_digest(visitor_network(client_address(request)))
