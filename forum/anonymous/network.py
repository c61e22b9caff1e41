import ipaddress

from django.conf import settings

# Where no address could be read (a Unix socket, a misconfigured proxy): never banned as a network.
UNKNOWN_NETWORK = "unknown"


def client_address(request) -> str:
    """The visitor's address: REMOTE_ADDR, or the entry our own proxies added to X-Forwarded-For.

    Only the last TRUSTED_PROXY_COUNT entries are ours; anything before them the client could forge.
    """
    address = request.META.get("REMOTE_ADDR", "")
    if settings.TRUSTED_PROXY_COUNT:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= settings.TRUSTED_PROXY_COUNT:
            address = without_port(forwarded[-settings.TRUSTED_PROXY_COUNT])
    return address


def without_port(address):
    """Some proxies write `203.0.113.5:41234` or `[2001:db8::1]:41234`; the visitor is the address."""
    if address.startswith("[") and "]" in address:
        return address[1 : address.index("]")]
    if address.count(":") == 1:
        return address.split(":", 1)[0]
    return address


def visitor_network(address: str) -> str:
    """What identifies one visitor: the IPv4 address, or the /64 of an IPv6 one (a single
    household or phone is handed a whole /64 and may rotate within it at will)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return UNKNOWN_NETWORK
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{ip}/64", strict=False))
    return str(ip)
