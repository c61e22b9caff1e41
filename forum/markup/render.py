"""render_markdown(): the one way user text becomes HTML. Called on save; pages show the result."""

import html as htmllib
import re
from dataclasses import dataclass, field

import markdown

from .conveniences import ForumConveniences
from .embeds import embed_players
from .links import external_hosts, mark_external_links
from .sanitize import plain_text, sanitize_html

EXCERPT_WORDS = 30
_BLOCK_END = re.compile(r"</(?:p|li|h\d|blockquote|pre|tr|td|th)>|<br>")
_FIRST_IMAGE = re.compile(r'<img [^>]*?src="(https?://[^"]+)"')


@dataclass(frozen=True)
class Rendered:
    html: str
    excerpt: str
    first_image_url: str = ""
    external_hosts: list[str] = field(default_factory=list)

    @property
    def has_external_links(self):
        return bool(self.external_hosts)


def _markdown():
    return markdown.Markdown(
        extensions=[
            "fenced_code",
            "tables",
            "sane_lists",
            "nl2br",  # a newline is a line break, as writers on the original expect
            "pymdownx.magiclink",  # bare URLs become links
            "pymdownx.tilde",  # ~~strike~~
            ForumConveniences(),  # image URLs become images
        ],
        # Column alignment as an attribute the sanitizer allows, not the style it strips.
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )


def render_markdown(text: str) -> Rendered:
    body = mark_external_links(embed_players(sanitize_html(_markdown().convert(text))))
    words = htmllib.unescape(plain_text(_BLOCK_END.sub(" ", body))).split()
    excerpt = " ".join(words[:EXCERPT_WORDS]) + (" …" if len(words) > EXCERPT_WORDS else "")
    image = _FIRST_IMAGE.search(body)
    return Rendered(
        html=body,
        excerpt=excerpt,
        first_image_url=htmllib.unescape(image.group(1)) if image else "",
        external_hosts=external_hosts(body),
    )
