"""Stored post and comment HTML made fit for a feed: every link and image absolute.

A page resolves `/user/NAME` or `/media/...` against the site; a feed reader shows the HTML
elsewhere, where they would lead nowhere. Runs on the sanitizer's output, whose serialization is
regular (see forum/markup/links.py): `<` is escaped in text and `"` inside values, so a tag is
found only where one is, and one attribute at a time from its start.
"""

import re
from urllib.parse import urljoin

_LINKING_TAG = re.compile(r"<(a|img)((?: [a-z-]+(?:=\"[^\"]*\")?)*)( ?/?)>")
_ATTRIBUTE = re.compile(r' ([a-z-]+)(?:="([^"]*)")?')
_ABSOLUTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def absolute_links(html, base):
    """html with each relative href and src resolved against base (the item's own address)."""

    def tag(match):
        name, attributes, end = match.groups()
        return f"<{name}{_ATTRIBUTE.sub(attribute, attributes)}{end}>"

    def attribute(match):
        name, value = match.groups()
        if name not in ("href", "src") or value is None or _ABSOLUTE.match(value):
            return match[0]
        return f' {name}="{urljoin(base, value)}"'

    return _LINKING_TAG.sub(tag, html)
