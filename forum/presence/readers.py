"""Which requests are a reader reading, and who they are (plain values for the tracker)."""

import hashlib

from django.conf import settings

from forum.core.http import is_page_navigation

from .tracking import LURKER, MEMBER

# Machines' addresses, never a reader's page: feeds, robots.txt, sitemaps, icons, manifests.
_MACHINE_SUFFIXES = (".txt", ".xml", ".ico", ".json", ".rss", ".atom", ".webmanifest")
_MACHINE_NAMESPACES = {"syndication"}
_MACHINE_NAMES = ("feed", "health", "robots", "sitemap")


def reader_of(request):
    """(kind, id) of whoever reads this page: a member by id, a logged-out reader (a lurker) by a
    digest of their network and browser, which the cache may hold (the network digest is keyed,
    see forum/anonymous/keys.py). None for a request that is not a reader opening a page."""
    if not _is_reading(request):
        return None
    if request.user.is_authenticated:
        return MEMBER, str(request.user.pk)
    # The network rather than the visitor cookie: a reader who never got one (most never comment),
    # or a crawler that drops it, is still one lurker for all their requests.
    agent = request.META.get("HTTP_USER_AGENT", "")[:500]
    digest = hashlib.sha256(f"{request.visitor.network_digest}\n{agent}".encode()).hexdigest()
    return LURKER, digest[:20]


def _is_reading(request):
    if not is_page_navigation(request):  # prefetches, images, scripts' requests, HEADs
        return False
    path = request.path_info
    if path.startswith(_static_prefixes()) or path.lower().endswith(_MACHINE_SUFFIXES):
        return False
    match = request.resolver_match
    if match is None:
        return True
    if _MACHINE_NAMESPACES.intersection(match.namespaces):
        return False
    return not any(word in (match.url_name or "") for word in _MACHINE_NAMES)


def _static_prefixes():
    return tuple("/" + url.strip("/") + "/" for url in (settings.STATIC_URL, settings.MEDIA_URL) if url)
