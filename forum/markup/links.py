"""rel="nofollow ugc noopener" on links that leave the site.

Runs on the sanitizer's output, whose serialization is regular: attributes double-quoted, `"` and
`>` escaped inside values, and the only attributes an <a> can have are href and title.
"""

import html as htmllib
import re
from urllib.parse import urlsplit

from django.conf import settings

EXTERNAL_REL = "nofollow ugc noopener"
_ANCHOR = re.compile(r'<a((?: [a-z]+="[^"]*")*)>')
_HREF = re.compile(r' href="([^"]*)"')
_TAG = re.compile(r'<[a-z][a-z0-9]*((?: [a-z-]+(?:="[^"]*")?)*)>')


def _host(href):
    # Read the href as a browser does, not as written: entities decoded, C0 controls and spaces
    # trimmed, tabs and newlines dropped anywhere, and a backslash is a slash in an http(s) URL
    # (the sanitizer keeps all of these as relative or http(s) URLs). Otherwise /\spam.example,
    # " //spam.example", /&#9;/spam.example, https:\\spam.example or
    # https://spam.example\@own.host leave the site without rel="nofollow" and, from an
    # anonymous writer, without being held for a moderator (comments/services.py).
    href = re.sub(r"[\t\n\r]", "", htmllib.unescape(href).strip("".join(map(chr, range(0x21))))).replace("\\", "/")
    start = re.match(r"^(https?:)?/*", href, re.IGNORECASE)
    if not start[1] and not start[0].startswith("//"):
        return None  # a path on this site, or a URL without a host such as mailto:
    authority = href[start.end() :]
    try:
        host = (urlsplit("//" + authority).hostname or "").lower()
    except ValueError:  # "//[spam": no host Python can read, so not one of ours (and no 500)
        host = re.split(r"[/?#]", authority, maxsplit=1)[0].lower() or "?"
    return None if host in _own_hosts() else host


def _own_hosts():
    """This site's names, as production configures them."""
    return {host.lower().lstrip(".") for host in settings.ALLOWED_HOSTS} - {"", "*"}


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
    # Attributes inside tags only: text keeps its quotes unescaped, so a writer's own words
    # ' href="' would otherwise swallow the real link after them and hide it from moderation.
    for tag in _TAG.finditer(html):
        for href in re.findall(r' (?:href|src)="([^"]*)"', tag[1]):
            host = _host(href)
            if host and host not in hosts:
                hosts.append(host)
    return hosts
