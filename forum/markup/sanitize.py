"""The security boundary for everything users write: an nh3 (ammonia) allowlist.

Markdown output and any raw HTML a writer typed both pass through here; nothing reaches a page
that this allowlist did not keep. No <iframe>, <style>, <svg>, <math>, <form>, event attribute,
style attribute or non-http(s)/mailto URL survives. Video players are added afterwards by
embeds.py from a strict pattern, never taken from the writer's HTML.
"""

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": set(),  # none on every tag: ammonia's default would let `title` and `lang` onto all of them
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    # Dropped with everything inside them, not just unwrapped.
    clean_content_tags={"script", "style", "template", "iframe", "object", "embed", "svg", "math", "noscript"},
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    strip_comments=True,
    link_rel=None,  # links.py adds rel to links that leave the site
)


def sanitize_html(html: str) -> str:
    return _cleaner.clean(html)


def plain_text(html: str) -> str:
    """The text of an HTML fragment, entities still escaped."""
    return nh3.clean(html, tags=set(), clean_content_tags={"script", "style"})
