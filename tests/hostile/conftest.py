"""What the hostile-input tests share: the XSS corpus of tests/markup, and a judge of whole pages.

tests/markup judges the sanitizer's output alone (a fragment, tag by tag against its allowlist).
Here the judge reads whole pages as a browser would (the site's own markup included), so it asks
only what makes a page run someone else's script: a <script> that is not one of the site's own
static files, an event attribute, a URL that runs script or shows a page of the writer's, an
<iframe> that is not one of the two players, and the tags that load or redirect anything else.
"""

import re
import unicodedata
from html.parser import HTMLParser

from tests.markup.test_sanitizer_xss import EVENT_ATTRIBUTES, MARKDOWN, PLAYER_PATH, PLAYER_SRC, RAW_HTML

# (id, text): every vector of tests/markup's corpus, in its four contexts. PostgreSQL's text holds
# no NUL (every form refuses one: tests/hostile/test_fuzz_urls.py), so it is left out when stored.
VECTORS = [
    *((name, text.replace("\x00", "")) for text, name in MARKDOWN + RAW_HTML + EVENT_ATTRIBUTES),
    *((name, text.replace("\x00", "")) for text, _player, name in PLAYER_PATH),
]

URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "background", "poster", "cite",
    "longdesc", "dynsrc", "lowsrc", "ping", "manifest", "codebase", "icon", "usemap", "classid", "archive",
}  # fmt: skip
# Script, or a whole document of the writer's, under the site's origin (or a blank one).
BAD_SCHEMES = ("javascript:", "vbscript:", "livescript:", "data:text/html", "data:image/svg", "data:application")
# (An <svg> may be the admin's own icons: what could run in one, script, events and URLs, is judged
# on every tag.)
NEVER_TAGS = {"object", "embed", "applet", "base", "frame", "frameset", "portal", "style", "template", "animate", "set"}
# The site's own scripts: files under STATIC_URL (or the admin's), never inline code.
OWN_SCRIPT_TYPES = {None, "", "text/javascript", "module"}
OWN_SCRIPT_ATTRIBUTES = {"src", "defer", "async", "type", "id", "nonce", "crossorigin", "integrity"}
_SCHEME_CHARS = re.compile(r"^[a-z][a-z0-9+.\-]*:")


def browser_url(value):
    """A URL attribute as a browser reads its scheme: control and format characters (tab,
    newline, NUL, zero-width and bidi marks) dropped anywhere, spaces trimmed, lower case."""
    return "".join(ch for ch in value or "" if unicodedata.category(ch) not in {"Cc", "Cf"}).strip().lower()


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self._script = None  # the attributes of the <script> being read, and its text so far

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs)
        if tag == "script":
            self._script = (dict(attrs), [])

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self._judge_script(*self._script)
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)

    def _tag(self, tag, attrs):
        values = dict(attrs)
        if tag in NEVER_TAGS:
            self.problems.append(f"<{tag} {attrs}>")
        if tag == "iframe" and not (PLAYER_SRC.match(values.get("src") or "") and not values.get("srcdoc")):
            self.problems.append(f"<iframe {attrs}> that is not a player")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.problems.append(f"<meta refresh {attrs}>")
        if tag == "link" and (values.get("rel") or "").lower() == "import":
            self.problems.append(f"<link {attrs}>")
        for name, value in attrs:
            if browser_url(name).startswith("on"):
                self.problems.append(f"event attribute {name}={value!r} on <{tag}>")
            if name in {"srcdoc", "formaction"}:
                self.problems.append(f"{name}={value!r} on <{tag}>")
            if name in {"values", "to", "from", "by"} and "javascript:" in browser_url(value):
                self.problems.append(f"<{tag}> {name}={value!r}")  # SVG animation writing an href
            if name in URL_ATTRIBUTES or name == "srcset":
                url = browser_url(value)
                if url.startswith(BAD_SCHEMES) or (name == "srcset" and "javascript:" in url):
                    self.problems.append(f"<{tag}> {name}={value!r}")

    def _judge_script(self, attrs, text):
        src = attrs.get("src") or ""
        kind = attrs.get("type")
        if kind == "application/json":  # data for a script (json_script): inert while it stays closed
            if "<" in "".join(text):
                self.problems.append(f"a '<' inside a JSON script: {''.join(text)[:200]!r}")
            return
        on_site = src.startswith("/") and not src.startswith(("//", "/\\"))
        if (
            not on_site
            or "".join(text).strip()
            or kind not in OWN_SCRIPT_TYPES
            or {
                name
                for name in attrs
                if not name.startswith("data-")  # the admin's: data for its script
            }
            - OWN_SCRIPT_ATTRIBUTES
        ):
            self.problems.append(f"<script {attrs}> {''.join(text)[:200]!r}: not one of the site's own files")


def page_problems(html):
    """What would let a page run a writer's script, as readable lines; [] for a safe page."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", "replace")
    page = _Page()
    page.feed(html)
    page.close()
    problems = page.problems
    if page._script is not None:
        problems.append(f"a <script> left open: {page._script}")
    # The string's view too: every '<script' the text holds opened an element the parser judged.
    seen_scripts = len(re.findall(r"<script\b", html, re.IGNORECASE))
    if seen_scripts != html.count("</script>") + html.count("</SCRIPT>"):
        problems.append("more <script openings than closings")
    return problems


def assert_page_safe(content, where=""):
    problems = page_problems(content)
    assert not problems, f"{where}:\n" + "\n".join(problems[:20])


def one_line(text, limit):
    """A vector as a title can hold it: one line, printable, at most `limit` characters."""
    kept = "".join(" " if unicodedata.category(ch)[0] in "CZ" and ch != " " else ch for ch in text)
    return " ".join(kept.split())[:limit].strip() or "x"
