"""render_markdown(): the one way user text becomes HTML. Called on save; pages show the result.

Markdown -> HTML (cmark-gfm, commonmark.py) -> raw HTML kept within bounds (nesting.py) -> the
allowlist (nh3, sanitize.py) -> images and players built from the sanitized links (images.py,
embeds.py) -> rel on links that leave the site (links.py) -> `@name` links to members
(mentions.py). Every step is linear in the text, so any text up to the longest a post may be
renders in tens of milliseconds at most (benchmarks/markup.py; tests/markup/test_pathological.py).
"""

import html as htmllib
import itertools
import re
from dataclasses import dataclass, field

from .commonmark import markdown_to_html
from .embeds import embed_players
from .images import show_images
from .links import external_hosts, mark_external_links
from .mentions import link_mentions
from .nesting import limit_nesting
from .sanitize import sanitize_html

EXCERPT_WORDS = 30
# Post.first_image_url is a URLField(max_length=2000): a longer URL would not save.
FIRST_IMAGE_URL_MAX = 2000
# A tag in the text ("<" then a letter, or "</" then one) is the only way raw HTML that opens or
# closes an element reaches the output (cmark escapes every other "<"); without one, cmark's
# output is balanced and needs no limiting.
_MAY_HOLD_HTML = re.compile(r"</?[A-Za-z]")
_BLOCK_END = re.compile(r"</(?:p|li|h\d|blockquote|pre|tr|td|th)>|<br>")
_ANY_TAG = re.compile(r"<[^>]*>")  # sanitized HTML escapes ">" in text and attribute values
_WORD = re.compile(r"\S+")
# Images from other sites, or uploaded here (forum/uploads stores them under /media/).
_IMAGE_SRC = re.compile(r'<img [^>]*?src="((?:https?://|/media/)[^"]+)"')


@dataclass(frozen=True)
class Rendered:
    html: str
    excerpt: str
    first_image_url: str = ""
    external_hosts: list[str] = field(default_factory=list)

    @property
    def has_external_links(self):
        return bool(self.external_hosts)


def render_markdown(text: str) -> Rendered:
    html = markdown_to_html(text)
    if _MAY_HOLD_HTML.search(text):
        html = limit_nesting(html)
    body = sanitize_html(html).rstrip("\n")  # cmark ends every block with a newline: none after the last
    body = link_mentions(mark_external_links(embed_players(show_images(body))))
    return Rendered(
        html=body,
        excerpt=_excerpt(body),
        first_image_url=_first_image_url(body),
        external_hosts=external_hosts(body),
    )


def _excerpt(body):
    # The first words only: a growing prefix of the body, cut before any tag it splits.
    for size in (4_096, 65_536, len(body)):
        part = body[:size]
        if size < len(body) and (cut := part.rfind("<")) > part.rfind(">"):
            part = part[:cut]
        text = _ANY_TAG.sub("", _BLOCK_END.sub(" ", part))
        # A no-break space, written &nbsp;, splits words as the unescaped text would.
        words = list(itertools.islice(_WORD.finditer(text.replace("&nbsp;", " ")), EXCERPT_WORDS + 2))
        if len(words) > EXCERPT_WORDS + 1 or size >= len(body):
            break  # past the cut, only the last word may be cut short: it is not shown
    words = [_unescape_text(word[0]) for word in words[: EXCERPT_WORDS + 1]]
    return " ".join(words[:EXCERPT_WORDS]) + (" …" if len(words) > EXCERPT_WORDS else "")


def _unescape_text(text):
    # The sanitizer's serializer writes exactly these four in text (html.unescape would call back
    # into Python for each of the 50,000 in "&#" * 50,000). &amp; last, so "&amp;lt;" stays "&lt;".
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", "\xa0").replace("&amp;", "&")


def _first_image_url(body):
    for image in _IMAGE_SRC.finditer(body):
        if len(url := htmllib.unescape(image[1])) <= FIRST_IMAGE_URL_MAX:
            return url
    return ""
