"""rel="nofollow ugc noopener" on links that leave the site.

Runs on the sanitizer's output, whose serialization is regular: attributes double-quoted, `"` and
`>` escaped inside values, and the only attributes an <a> can have are href and title.
"""
import re
from urllib.parse import urlsplit

from django.conf import settings

EXTERNAL_REL = "nofollow ugc noopener"
_ANCHOR = re.compile(r'<a((?: [a-z]+="[^"]*")*)>')
_HREF = re.compile(r' href="([^"]*)"')


def _host(href):
    href = href.replace("&amp;", "&")
    if not re.match(r"^(?:https?:)?//", href, re.IGNORECASE):
        return None
    host = (urlsplit(href).hostname or "").lower()
    return None if host in _own_hosts() else host


def _own_hosts():
    return {host.lower().lstrip(".") for host in [getattr(settings, "SITE_DOMAIN", ""), *settings.ALLOWED_HOSTS]} - {
        "",
        "*",
    }


def mark_external_links(html: str) -> str:
    def add_rel(match):
        href = _HREF.search(match[1])
        if href and _host(href[1]) is not None:
            return f'<a{match[1]} rel="{EXTERNAL_REL}">'
        return match[0]

    return _ANCHOR.sub(add_rel, html)


def external_hosts(html: str) -> list[str]:
    """Hosts of links, images and players pointing off the site, in order of appearance."""
    hosts = []
    for href in re.findall(r' (?:href|src)="([^"]*)"', html):
        host = _host(href)
        if host and host not in hosts:
            hosts.append(host)
    return hosts
