"""Whatever a str holds, render_markdown() returns, quickly, the same safe HTML every time.

Safe: no <script>, no event attribute, no URL with a scheme other than http(s) and mailto in any
URL attribute, nothing off the sanitizer's allowlist but the exact players (problems_in, from
test_sanitizer_xss.py). The same holds for what a rendering is made into elsewhere: its first
image (list thumbnails, og:image) is an http(s) or site URL; and for its HTML written back as a
text (a quote, an edit of pasted output).

The comment form refuses control characters, but posts written through the admin (and any
future import) are not checked, so the texts here include NUL, every control character and lone
surrogates, alongside Markdown and HTML syntax, repeated up to the comment limit.
"""

import re
import time
from html.parser import HTMLParser
from unittest import mock

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from forum.markup import nesting, render_markdown
from forum.markup.commonmark import markdown_to_html
from forum.markup.nesting import limit_nesting

from .pathological import COMMENT_MAX
from .test_sanitizer_xss import CORPUS, problems_in

SECONDS = 1.0
SYNTAX = [
    "*", "**", "_", "~~", "`", "```\n", "[", "]", "(", ")", "![", "](", "<", ">", "</", "/>", "=", '"', "'",
    "\\", "|", "|-|", "#", "---", "===", "\n", "\n\n", " ", "    ", "\t", "\r", "- ", "1. ", "+ ", "> ",
    "&", "&amp;", "&#", "&#x6A;", ";", "https://", "www.", "@", ".png", "youtu.be/dQw4w9WgXcQ",
    "javascript:", "data:", "vbscript:", " onerror=alert(1)", "a", "b", "<div>", "</div>", "<p>", "</p>",
    "<b>", "</b>", "<a href=x>", "</a>", '<a href="javascript:alert(1)">', "<li>", "<ul>", "<table>",
    "<td>", "<tr>", "</table>", "<script>", "</script>", "<style>", "</style>", "<textarea>", "<svg>",
    "<math>", "<![CDATA[", "]]>", "<!--", "-->", "<?", "<img src=x>", "<iframe>", "<select>", "<form>",
    "</form>", "<h1>", "</h2>", "<font size=1>", "\x00", "\x01", "\x0c", "\ud800", "\udfff", "\u202e",
    "\u200b", "\xa0", "\u2028", "K", "@mallory", "m",
]  # fmt: skip

syntax = st.lists(st.sampled_from(SYNTAX), max_size=60).map("".join)
# The XSS corpus's vectors, cut anywhere and spliced into each other and into syntax: the states a
# parser is left in by one vector are where the next one lands.
VECTORS = [param.values[0] for param in CORPUS]
vector_pieces = st.tuples(st.sampled_from(VECTORS), st.integers(0, 200), st.integers(0, 200)).map(
    lambda cut: cut[0][min(cut[1], cut[2]) : max(cut[1], cut[2]) or None]
)
hostile = st.lists(st.one_of(st.sampled_from(VECTORS), vector_pieces, syntax), min_size=1, max_size=8).map("".join)
texts = st.one_of(
    hostile,
    st.text(st.characters(), max_size=300),  # anything a str can hold, surrogates included
    syntax,
    st.lists(st.one_of(syntax, st.text(st.characters(), max_size=20)), max_size=20).map("".join),
    # A short unit repeated up to the comment limit: how parsers go quadratic or deep.
    st.tuples(syntax.filter(bool), st.integers(1, COMMENT_MAX)).map(lambda unit: (unit[0] * unit[1])[:COMMENT_MAX]),
)
PROPERTY_SETTINGS = hypothesis_settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


class _Attributes(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attributes = []

    def handle_starttag(self, tag, attrs):
        self.attributes += attrs

    handle_startendtag = handle_starttag


def _attributes(html):
    parser = _Attributes()
    parser.feed(html)
    parser.close()
    return parser.attributes


@PROPERTY_SETTINGS
@given(texts)
def test_any_text_renders_fast_safe_and_stable(text):
    start = time.perf_counter()
    rendered = render_markdown(text)
    assert time.perf_counter() - start < SECONDS
    html = rendered.html
    assert "<script" not in html.lower()
    for name, value in _attributes(html):
        assert not name.startswith("on"), name
        if name in {"href", "src"}:
            url = re.sub(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]", "", value or "").lower()
            assert not url.startswith(("javascript:", "data:", "vbscript:")), (name, value)
    assert problems_in(html, player_allowed=True) == []
    assert render_markdown(text) == rendered
    _assert_derived_fields_are_safe(rendered)


def _assert_derived_fields_are_safe(rendered):
    # The excerpt is plain text (templates escape it); the first image is put in an <img src> and
    # og:image by templates that do not judge URLs.
    assert isinstance(rendered.excerpt, str)
    url = rendered.first_image_url
    assert url == "" or url.startswith(("https://", "http://", "/")) and not url.startswith("//"), url
    assert not re.search(r"[\x00-\x20\"'<>`]", url), url


@PROPERTY_SETTINGS
@given(texts)
def test_rendered_html_written_back_as_text_renders_safe_again(text):
    """A rendering pasted into a comment (a quote of a page's HTML, an edit of copied output):
    the output is both Markdown and HTML to the next render, and must come out as safe."""
    once = render_markdown(text).html
    start = time.perf_counter()
    twice = render_markdown(once)
    assert time.perf_counter() - start < SECONDS
    assert problems_in(twice.html, player_allowed=True) == []
    assert render_markdown(once) == twice
    _assert_derived_fields_are_safe(twice)


@hypothesis_settings(PROPERTY_SETTINGS, max_examples=300)
@given(hostile)
def test_hostile_texts_never_leave_script_or_event_attributes(text):
    """Only the vectors and their splices, with more examples than the mixed strategy gives them."""
    html = render_markdown(text).html
    assert "<script" not in html.lower()
    for name, _value in _attributes(html):
        assert not name.startswith("on"), name
    assert problems_in(html, player_allowed=True) == []  # URL schemes as a browser reads them, too


@PROPERTY_SETTINGS
@given(texts)
def test_the_nesting_limiter_takes_any_text(text):
    """It reads raw HTML that cmark let through, but must not fail on any string at all."""
    assert isinstance(limit_nesting(text), str)


@PROPERTY_SETTINGS
@given(texts)
def test_skipping_plain_markdown_output_changes_nothing(text):
    """The limiter skips runs of ordinary cmark output in one regex call; walking them tag by tag
    must give the same result."""
    html = markdown_to_html(text)
    skipped = limit_nesting(html)
    with mock.patch.object(nesting, "SKIP_INERT_RUNS", False):  # as on a Python whose re cannot
        assert limit_nesting(html) == skipped
