"""rel="nofollow ugc noopener" on links that leave the site, and the hosts a text points to.

Runs on the sanitizer's output, whose serialization is regular: attributes double-quoted, `"`,
`<` and `>` escaped inside values, `<` escaped in text, and the only attributes an <a> can have
are href and title. So every pattern here reads one tag at a time and is linear.
"""

import html as htmllib
import re
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from django.conf import settings

EXTERNAL_REL = "nofollow ugc noopener"
_ANCHOR = re.compile(r'<a((?: [a-z]+="[^"]*")*)>')
# One attribute at a time, from the start of the tag: nh3 writes every value double-quoted with
# `"` escaped, so a value never holds a `"`. Searching for ` href="` anywhere in the tag instead
# would find it inside another attribute's value (`title="x href="`) and miss the real link.
_ATTRIBUTE = re.compile(r' ([a-z-]+)(?:="([^"]*)")?')
_LINKING_TAG = re.compile(r'<(?:a|img|iframe)((?: [a-z-]+(?:="[^"]*")?)*)>')
_TRIMMED = "".join(map(chr, range(0x21)))  # C0 controls and space
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME_AND_SLASHES = re.compile(r"^(https?:)?/*", re.IGNORECASE)
# Most links: a scheme, a host of plain characters, perhaps a port, then the path. Nothing in it
# for a browser to read differently, so its host needs none of the work below.
_PLAIN_URL = re.compile(r"(?i:https?)://([A-Za-z0-9.-]+)(?::[0-9]*)?(?=[/?#]|$)")


def as_browser_reads(href):
    """The href as a browser reads it, not as written.

    Entities decoded, C0 controls and spaces trimmed, tabs and newlines dropped anywhere, and a
    backslash is a slash in an http(s) URL (the sanitizer keeps all of these as relative or http(s)
    URLs). Otherwise /\\spam.example, " //spam.example", /&#9;/spam.example, https:\\\\spam.example
    or https://spam.example\\@own.host leave the site without rel="nofollow" and, from an anonymous
    writer, without being held for a moderator (comments/services.py).
    """
    return _TAB_OR_NEWLINE.sub("", htmllib.unescape(href).strip(_TRIMMED)).replace("\\", "/")


def split_authority(url):
    """(host, rest) of a URL as_browser_reads() returned, or None for one without a host."""
    start = _SCHEME_AND_SLASHES.match(url)
    if not start[1] and not start[0].startswith("//"):
        return None  # a path on this site, or a URL without a host such as mailto:
    authority = url[start.end() :]
    try:
        host = (urlsplit("//" + authority).hostname or "").lower()
    except ValueError:  # "//[spam": no host Python can read, so not one of ours (and no 500)
        host = re.split(r"[/?#]", authority, maxsplit=1)[0].lower() or "?"
    return as_browser_host(host), authority


def as_browser_host(host):
    """The host a browser connects to: `local%68ost`, `ｌｏｃａｌｈｏｓｔ` (full-width) and
    `localhost.` are all `localhost` to it, and must be to us."""
    host = unquote(host)
    try:
        host = host.encode("idna").decode("ascii")  # IDNA maps full-width and other look-alikes
    except UnicodeError:
        pass
    return host.lower().rstrip(".")


def own_hosts():
    """This site's names, as production configures them."""
    return {host.lower().lstrip(".") for host in settings.ALLOWED_HOSTS} - {"", "*"}


@lru_cache(maxsize=4096)  # a page repeats its links; links and hosts below both read each one
def _host(href):
    if plain := _PLAIN_URL.match(href):
        return plain[1].lower().rstrip(".")
    parts = split_authority(as_browser_reads(href))
    return None if parts is None else parts[0]


def off_site_host(href, own=None):
    """The host an href leaves the site for, or None if it stays here (or has no host)."""
    host = _host(href)
    return None if host is None or host in (own_hosts() if own is None else own) else host


def attribute_values(attributes, names):
    """The values of these attributes in a tag's attribute text (as the patterns above capture
    it), read one attribute at a time."""
    return [value for name, value in _ATTRIBUTE.findall(attributes) if name in names]


def mark_external_links(html: str) -> str:
    own = own_hosts()

    def add_rel(match):
        hrefs = attribute_values(match[1], ("href",))
        if hrefs and off_site_host(hrefs[0], own) is not None:
            return f'<a{match[1]} rel="{EXTERNAL_REL}">'
        return match[0]

    return _ANCHOR.sub(add_rel, html)


def external_hosts(html: str) -> list[str]:
    """Hosts of links, images and players pointing off the site, in order of appearance."""
    return list(dict.fromkeys(host for _, host in _off_site_links(html)))  # ordered, each once


def external_urls(html: str) -> set[str]:
    """The addresses of links, images and players pointing off the site, as a browser reads them:
    what a moderator approved, so that an edit swapping one for another can be told apart."""
    return {as_browser_reads(href) for href, _ in _off_site_links(html)}


def _off_site_links(html):
    own = own_hosts()
    # Attributes inside tags only: text keeps its quotes unescaped, so a writer's own words
    # ' href="' would otherwise swallow the real link after them and hide it from moderation.
    for tag in _LINKING_TAG.finditer(html):
        for href in attribute_values(tag[1], ("href", "src")):
            if host := off_site_host(href, own):
                yield href, host
