"""XSS vectors through render_markdown(), judged by parsing the HTML it returns.

Every vector is rendered exactly as a comment would be, and the output is read back with
html.parser: each tag must be on the sanitizer's allowlist (an iframe only as the exact player
embeds.py builds), no attribute may run script or restyle the page, and every URL must be
relative or http(s)/mailto as a browser would read it. A second, regex-based pass over the raw
string makes sure the parser and the string agree on where the tags are.
"""

import re
import unicodedata
from html.parser import HTMLParser

import pytest

from forum.markup import render_markdown
from forum.markup.links import EXTERNAL_REL
from forum.markup.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

# Never acceptable, whatever the allowlist grows to (iframe and div only as a player, below).
NEVER_TAGS = {
    "script", "style", "link", "meta", "base", "form", "input", "button", "textarea", "select",
    "option", "object", "embed", "applet", "frame", "frameset", "svg", "math", "template",
    "noscript", "xmp", "plaintext", "noembed", "noframes", "title", "html", "head", "body",
    "video", "audio", "source", "track", "marquee", "details", "isindex", "keygen", "portal",
}  # fmt: skip
NEVER_ATTRIBUTES = {"style", "srcdoc", "formaction", "action", "srcset", "id", "name", "class", "target"}
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "background", "poster", "cite",
    "longdesc", "srcset", "dynsrc", "lowsrc", "ping", "manifest", "codebase", "icon", "usemap",
    "classid", "archive", "profile", "srcdoc",
}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto"}
# nh3 (ammonia) keeps these two on every tag unless its Cleaner is given generic_attributes; both
# are inert text, so they are accepted here on any allowed tag (and still checked for URLs).
NH3_GENERIC_ATTRIBUTES = {"title", "lang"}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")

# The only iframe a page may show: the player embeds.py builds, inside its <div class="embed">.
PLAYER_SRC = re.compile(
    r"^(?:https://www\.youtube-nocookie\.com/embed/[A-Za-z0-9_-]{11}|https://player\.vimeo\.com/video/\d{1,12})$"
)
PLAYER_ATTRIBUTES = {
    "src": None,  # checked against PLAYER_SRC
    "title": {"YouTube video", "Vimeo video"},
    "loading": {"lazy"},
    "referrerpolicy": {"strict-origin-when-cross-origin"},
    "allow": {"encrypted-media; picture-in-picture; fullscreen"},
}
PLAYER_MARKUP = re.compile(
    r'<div class="embed"><iframe src="(?:https://www\.youtube-nocookie\.com/embed/[A-Za-z0-9_-]{11}'
    r'|https://player\.vimeo\.com/video/\d{1,12})" title="(?:YouTube|Vimeo) video" loading="lazy" '
    r'referrerpolicy="strict-origin-when-cross-origin" '
    r'allow="encrypted-media; picture-in-picture; fullscreen"></iframe></div>'
)


class _Markup(HTMLParser):
    """Every start tag with its attributes (values already entity-decoded), and anything else."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.start_tags = []  # (tag, [(name, value)], open tags around it)
        self.end_tags = []
        self.oddities = []  # comments, doctypes, processing instructions, CDATA
        self._open = []

    def handle_starttag(self, tag, attrs):
        self.start_tags.append((tag, attrs, tuple(self._open)))
        if tag not in {"br", "hr", "img"}:
            self._open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.start_tags.append((tag, attrs, tuple(self._open)))

    def handle_endtag(self, tag):
        self.end_tags.append(tag)
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag) :]

    def handle_comment(self, data):
        self.oddities.append(f"comment {data!r}")

    def handle_decl(self, decl):
        self.oddities.append(f"declaration {decl!r}")

    def handle_pi(self, data):
        self.oddities.append(f"processing instruction {data!r}")

    def unknown_decl(self, data):
        self.oddities.append(f"unknown declaration {data!r}")


def _parse(html):
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser


def _as_browser_reads(url):
    """A URL attribute's value as a browser reads its scheme, or more generously.

    Entities were already decoded by the parser, as a browser decodes them exactly once. The URL
    standard then trims C0 controls and spaces from both ends and drops tabs and newlines anywhere;
    this drops every control and format character (Unicode Cc and Cf: NUL, tab, newline, zero-width
    and bidi marks) anywhere and trims all Unicode whitespace from both ends, so any scheme a
    browser would see (old IE's NUL tricks included) is seen here too. A space in the middle is
    kept: it is not a scheme character, so it ends the scheme in every browser.
    """
    return "".join(ch for ch in url if unicodedata.category(ch) not in {"Cc", "Cf"}).strip()


def _url_problem(name, value):
    url = _as_browser_reads(value or "")
    if scheme := _SCHEME.match(url):
        if scheme[1].lower() not in SAFE_SCHEMES:
            return f"{name}={value!r} has scheme {scheme[1]!r}"
    return None


def _is_player_iframe(attrs, around):
    values = dict(attrs)
    if len(values) != len(attrs) or set(values) != set(PLAYER_ATTRIBUTES):
        return False
    if not PLAYER_SRC.match(values["src"] or ""):
        return False
    if any(allowed is not None and values[name] not in allowed for name, allowed in PLAYER_ATTRIBUTES.items()):
        return False
    return bool(around) and around[-1] == "div"


def problems_in(html, *, player_allowed=False):
    """What makes this output unsafe: a list of readable problems, empty when it is safe."""
    problems = []
    lowered = html.lower()
    if "<script" in lowered:
        problems.append("<script in the output")

    # The parser's view: tags, attributes, URLs.
    markup = _parse(html)
    problems += markup.oddities
    for tag, attrs, around in markup.start_tags:
        if tag in NEVER_TAGS:
            problems.append(f"<{tag}> is never allowed")
        if tag == "iframe":
            if not player_allowed:
                problems.append(f"<iframe {attrs}> where no player belongs")
            elif not _is_player_iframe(attrs, around):
                problems.append(f"<iframe {attrs}> is not the player's exact shape")
            continue
        if tag == "div":
            if not (player_allowed and attrs == [("class", "embed")]):
                problems.append(f"<div {attrs}> outside a player")
            continue
        if tag not in ALLOWED_TAGS:
            problems.append(f"<{tag}> is not on the allowlist")
        names = [name for name, _ in attrs]
        if len(names) != len(set(names)):
            problems.append(f"<{tag}> repeats an attribute: {names}")
        for name, value in attrs:
            if name.startswith("on"):
                problems.append(f"event attribute {name}={value!r} on <{tag}>")
            # The one class the output may carry: a member's @mention link (forum/markup/mentions.py).
            is_mention = tag == "a" and name == "class" and value == "mention"
            if name in NEVER_ATTRIBUTES and not is_mention:
                problems.append(f"{name}={value!r} on <{tag}>")
            is_rel = tag == "a" and name == "rel" and value == EXTERNAL_REL
            # Added after sanitizing, with these values only (forum/markup/images.py).
            is_lazy = tag == "img" and (name, value) in {("loading", "lazy"), ("decoding", "async")}
            allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | NH3_GENERIC_ATTRIBUTES
            if name not in allowed and not (is_rel or is_mention or is_lazy):
                problems.append(f"{name}={value!r} is not allowed on <{tag}>")
            if name in URL_ATTRIBUTES and (problem := _url_problem(name, value)):
                problems.append(f"<{tag}> {problem}")
            if "javascript:" in _as_browser_reads(name).lower():
                problems.append(f"javascript: in the attribute name {name!r}")

    # The string's view: every "<" in sanitized output opens a tag the parser saw (text and
    # attribute values escape theirs), so the two views cannot disagree about what is markup.
    tags_in_string = re.findall(r"<\s*/?\s*([^\s/>]*)", html)
    if len(tags_in_string) != len(markup.start_tags) + len(markup.end_tags) + len(markup.oddities):
        problems.append(f"the parser saw a different number of tags than the string has: {tags_in_string}")
    for name in tags_in_string:
        name = name.lower()
        if name not in ALLOWED_TAGS and not (player_allowed and name in {"iframe", "div"}):
            problems.append(f"<{name} in the string")

    # iframe and div only as whole, exact players.
    rest = PLAYER_MARKUP.sub("", html) if player_allowed else html
    if re.search(r"<\s*/?\s*(?:iframe|div)\b", rest, re.IGNORECASE):
        problems.append("iframe or div outside the exact player markup")
    return problems


def assert_safe(html, *, player_allowed=False):
    problems = problems_in(html, player_allowed=player_allowed)
    assert not problems, "\n".join([*problems, "in:", html])


# --- The corpus ------------------------------------------------------------------------------
# (text, a YouTube/Vimeo player may appear, readable id)

MARKDOWN = [
    ("[x](javascript:alert(1))", "md-link-javascript"),
    ("[x](JaVaScRiPt:alert(1))", "md-link-javascript-mixed-case"),
    ("[x]( javascript:alert(1))", "md-link-javascript-leading-space"),
    ("[x](&#106;avascript:alert(1))", "md-link-decimal-entity-scheme"),
    ("[x](&#x6A;avascript:alert(1))", "md-link-hex-entity-scheme"),
    ("[x](&#106avascript:alert(1))", "md-link-entity-without-semicolon"),
    ("[x](&#0000106;avascript:alert(1))", "md-link-zero-padded-entity"),
    ("[x](javascript&colon;alert(1))", "md-link-colon-named-entity"),
    ("[x](javascript&#58;alert(1))", "md-link-colon-numeric-entity"),
    ("[x](java\tscript:alert(1))", "md-link-tab-in-scheme"),
    ("[x](java\nscript:alert(1))", "md-link-newline-in-scheme"),
    ("[x](java&#x09;script:alert(1))", "md-link-tab-entity-in-scheme"),
    ("[x](java&#10;script:alert(1))", "md-link-newline-entity-in-scheme"),
    ("[x](&#x01;javascript:alert(1))", "md-link-control-char-entity-prefix"),
    ("[x](java\x00script:alert(1))", "md-link-nul-in-scheme"),
    ("[x](javascript://%0Aalert(1))", "md-link-javascript-comment-newline"),
    ("[x](<javascript:alert(1)>)", "md-link-angle-bracketed-destination"),
    ("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "md-link-data-text-html"),
    ("[x](vbscript:msgbox(1))", "md-link-vbscript"),
    ("[x](livescript:alert(1))", "md-link-livescript"),
    ('[x](https://example.com "t\\" onmouseover=\\"alert(1)")', "md-link-title-quote-breakout"),
    ('[x](https://example.com/" onmouseover="alert(1))', "md-link-destination-quote-breakout"),
    ("[<img src=x onerror=alert(1)>](https://example.com/)", "md-link-text-raw-img"),
    ('![x](x" onerror=alert(1))', "md-image-src-quote-breakout"),
    ("![x](javascript:alert(1))", "md-image-javascript-src"),
    ('![x" onerror="alert(1)](https://example.com/a.png)', "md-image-alt-quote-breakout"),
    ("![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", "md-image-data-svg"),
    ("[x][1]\n\n[1]: javascript:alert(1)", "md-reference-link-javascript"),
    ("[x][1]\n\n[1]: &#106;avascript:alert(1)", "md-reference-link-entity-scheme"),
    ('[x][1]\n\n[1]: https://example.com "a\\" onclick=\\"alert(1)"', "md-reference-link-title-breakout"),
    ("![x][1]\n\n[1]: javascript:alert(1)", "md-reference-image-javascript"),
    ("<javascript:alert(1)>", "md-autolink-javascript"),
    ("<JAVASCRIPT:alert(1)>", "md-autolink-javascript-upper-case"),
    ("<data:text/html,<script>alert(1)</script>>", "md-autolink-data-html"),
    ("<vbscript:msgbox(1)>", "md-autolink-vbscript"),
    ("javascript:alert(1)", "md-bare-javascript-text"),
    ('https://example.com/"><script>alert(1)</script>', "md-bare-url-tag-breakout"),
    ('https://example.com/a.png"onerror="alert(1)', "md-bare-image-url-quote-breakout"),
    ("https://example.com/a.png?<svg/onload=alert(1)>", "md-bare-image-url-with-svg"),
    ("`<script>alert(1)</script>`", "md-code-span-script"),
    ("```\n<script>alert(1)</script>\n```", "md-fenced-code-script"),
    ('```html" onmouseover="alert(1)\n<b>x</b>\n```', "md-fenced-code-language-breakout"),
    ("    <img src=x onerror=alert(1)>", "md-indented-code-img"),
    ("| a |\n|---|\n| <img src=x onerror=alert(1)> |", "md-table-cell-raw-img"),
    ("# <svg onload=alert(1)>", "md-heading-raw-svg"),
    ("> <script>alert(1)</script>", "md-blockquote-script"),
    ("* <a href=javascript:alert(1)>x</a>", "md-list-item-raw-anchor"),
    ("~~<img src=x onerror=alert(1)>~~", "md-strikethrough-raw-img"),
    ("[x](mailto:x@example.com?body=<script>alert(1)</script>)", "md-link-mailto-with-script"),
]

RAW_HTML = [
    ("<script>alert(1)</script>", "html-script"),
    ("<SCRIPT SRC=https://evil.example/x.js></SCRIPT>", "html-script-src-upper-case"),
    ("<script>alert(1)", "html-script-unclosed"),
    ("<<script>script>alert(1)<</script>/script>", "html-nested-script"),
    ("<scr<script>ipt>alert(1)</scr</script>ipt>", "html-split-script"),
    ("<scr<!-- -->ipt>alert(1)</script>", "html-script-split-by-comment"),
    ("<img src=x onerror=alert(1)>", "html-img-onerror"),
    ("<img src=x onerror=alert(1)//", "html-img-onerror-unclosed"),
    ("<img/src=x/onerror=alert(1)>", "html-img-slash-separators"),
    ('<img src="x`onerror=alert(1)>', "html-img-unclosed-quote-backtick"),
    ("<img src=`x`onerror=alert(1)>", "html-img-backtick-quotes"),
    ("<img src=x:alert(alt) onerror=eval(src) alt=0>", "html-img-eval-src"),
    ('<img src="javascript:alert(1)">', "html-img-javascript-src"),
    (
        '<img srcset="javascript:alert(1) 1x" dynsrc="javascript:alert(1)" lowsrc="javascript:alert(1)">',
        "html-img-srcset-dynsrc-lowsrc",
    ),
    ("<<img src=x onerror=alert(1)>>", "html-doubled-angle-brackets"),
    ("<svg onload=alert(1)>", "html-svg-onload"),
    ("<svg/onload=alert(1)>", "html-svg-slash-onload"),
    ("<svg><script>alert(1)</script></svg>", "html-svg-script"),
    ("<svg><script href=data:,alert(1) />", "html-svg-script-href"),
    (
        "<svg><a><animate attributeName=href values=javascript:alert(1) /><text y=20>x</text></a></svg>",
        "html-svg-animate-href",
    ),
    ('<svg><a xlink:href="javascript:alert(1)"><text y="20">x</text></a></svg>', "html-svg-xlink-href"),
    ("<svg><style>&lt;img src=x onerror=alert(1)&gt;</style></svg>", "html-svg-style-entities"),
    ('<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">', "html-svg-p-style-mutation"),
    ("<svg><p><style><img src=x onerror=alert(1)></style></p></svg>", "html-svg-p-style-img"),
    ("<svg><![CDATA[><img src=x onerror=alert(1)>]]></svg>", "html-svg-cdata"),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "html-math-mglyph-style"),
    (
        "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
        "html-math-form-mglyph-mutation",
    ),
    (
        '<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style><img src onerror=alert(1)>">',
        "html-math-svg-mtext-style-mutation",
    ),
    ('<math href="javascript:alert(1)">x</math>', "html-math-href"),
    ("<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction></math>", "html-math-maction"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>">', "html-noscript-title-mutation"),
    ("<noscript><style></noscript><img src=x onerror=alert(1)>", "html-noscript-style"),
    ("<template><img src=x onerror=alert(1)></template>", "html-template"),
    (
        '<div><template shadowrootmode="open"><img src=x onerror=alert(1)></template></div>',
        "html-declarative-shadow-root",
    ),
    ("<iframe src=javascript:alert(1)></iframe>", "html-iframe-javascript"),
    ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "html-iframe-srcdoc"),
    ('<iframe src="https://evil.example/"></iframe>', "html-iframe-other-site"),
    (
        '<iframe src="https://www.youtube-nocookie.com/embed/AAAAAAAAAAA"></iframe>',
        "html-iframe-typed-youtube-nocookie",
    ),
    ('<iframe src="https://player.vimeo.com/video/123456"></iframe>', "html-iframe-typed-vimeo-player"),
    (
        '<div class="embed"><iframe src="https://www.youtube-nocookie.com/embed/AAAAAAAAAAA" title="YouTube video" '
        'loading="lazy" referrerpolicy="strict-origin-when-cross-origin" '
        'allow="encrypted-media; picture-in-picture; fullscreen" allowfullscreen></iframe></div>',
        "html-typed-exact-player-markup",
    ),
    ("<frameset><frame src=javascript:alert(1)></frameset>", "html-frame"),
    ("<style>body{background:url('javascript:alert(1)')}</style>", "html-style-tag"),
    ("<style>@import 'https://evil.example/x.css';</style>", "html-style-import"),
    ('<STYLE>li {list-style-image: url("javascript:alert(1)");}</STYLE><ul><li>x</li></ul>', "html-style-list-image"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', "html-link-stylesheet"),
    ('<link rel="import" href="https://evil.example/x.html">', "html-link-import"),
    ('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', "html-meta-refresh-javascript"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "html-meta-refresh-redirect"),
    ('<base href="https://evil.example/">', "html-base-href"),
    ('<form action="javascript:alert(1)"><input type=submit></form>', "html-form-action"),
    ('<form><button formaction="javascript:alert(1)">x</button></form>', "html-button-formaction"),
    ("<input onfocus=alert(1) autofocus>", "html-input-autofocus"),
    ("<select autofocus onfocus=alert(1)>", "html-select-autofocus"),
    ("<textarea autofocus onfocus=alert(1)>", "html-textarea-autofocus"),
    ("<keygen autofocus onfocus=alert(1)>", "html-keygen-autofocus"),
    ("<isindex type=image src=1 onerror=alert(1)>", "html-isindex"),
    ('<object data="javascript:alert(1)"></object>', "html-object-data"),
    ('<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>', "html-object-data-url"),
    ('<embed src="javascript:alert(1)">', "html-embed"),
    ('<embed src="https://evil.example/x.swf" allowscriptaccess=always>', "html-embed-flash"),
    ('<applet code="x.class" codebase="https://evil.example/"></applet>', "html-applet"),
    ('<a href="javascript:alert(1)">x</a>', "html-a-javascript"),
    ('<a href="  javascript:alert(1)">x</a>', "html-a-javascript-leading-spaces"),
    ('<a href="javas&#x09;cript:alert(1)">x</a>', "html-a-tab-entity-in-scheme"),
    ('<a href="javas&#10;cript:alert(1)">x</a>', "html-a-newline-entity-in-scheme"),
    ('<a href="javas&Tab;cript:alert(1)">x</a>', "html-a-named-tab-entity-in-scheme"),
    ('<a href="java&#0;script:alert(1)">x</a>', "html-a-nul-entity-in-scheme"),
    ('<a href="&#x01;javascript:alert(1)">x</a>', "html-a-control-char-prefix"),
    ('<a href="&#14;javascript:alert(1)">x</a>', "html-a-shift-out-prefix"),
    ('<a href="java\u2028script:alert(1)">x</a>', "html-a-line-separator-in-scheme"),
    ('<a href="javascript&colon;alert(1)">x</a>', "html-a-colon-entity"),
    (
        '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
        "html-a-fully-hex-encoded-scheme",
    ),
    (
        '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116'
        '&#0000058alert(1)">x</a>',
        "html-a-zero-padded-decimal-scheme",
    ),
    ("<a href=javascript:alert(1)>x</a>", "html-a-unquoted-javascript"),
    ('<a/href="javascript:alert(1)">x</a>', "html-a-slash-before-attribute"),
    ("<a href=https://example.com onmouseover=alert(1)>x</a>", "html-a-unquoted-then-event"),
    ('<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', "html-a-data-url"),
    ('<a href="vbscript:msgbox(1)">x</a>', "html-a-vbscript"),
    ('<a href="https://example.com" target="_blank">x</a>', "html-a-target-blank-tabnabbing"),
    ('<a title="</a><script>alert(1)</script>" href="https://example.com">x</a>', "html-a-title-with-script"),
    ('<a href="https://example.com" id="x" name="y" class="z">x</a>', "html-a-dom-clobbering-attributes"),
    ('<p style="width:expression(alert(1))">x</p>', "html-style-attribute-expression"),
    ('<p style="background:url(javascript:alert(1))">x</p>', "html-style-attribute-url-javascript"),
    (
        '<a href="https://example.com" style="position:fixed;top:0;left:0;width:100%;height:100%">x</a>',
        "html-style-attribute-overlay",
    ),
    ('<p style="behavior:url(x.htc)">x</p>', "html-style-attribute-behavior"),
    ("<!-- --><script>alert(1)</script> -->", "html-comment-closed-early"),
    ("<!--><img src=x onerror=alert(1)>-->", "html-comment-abrupt-close"),
    ("<!--!><img src=x onerror=alert(1)>-->", "html-comment-bang-close"),
    ('<p title="<!--"><img src=x onerror=alert(1)>-->', "html-comment-opener-in-attribute"),
    ("<!--[if gte IE 4]><script>alert(1)</script><![endif]-->", "html-conditional-comment"),
    ("<![CDATA[<img src=x onerror=alert(1)>]]>", "html-cdata"),
    ('<?xml-stylesheet href="javascript:alert(1)"?>', "html-processing-instruction"),
    ("<!DOCTYPE html><html><body onload=alert(1)>", "html-doctype-body-onload"),
    ("<body onload=alert(1)>", "html-body-onload"),
    ("<details open ontoggle=alert(1)>", "html-details-ontoggle"),
    ("<video><source onerror=alert(1)></video>", "html-video-source-onerror"),
    ("<audio src=x onerror=alert(1)>", "html-audio-onerror"),
    ("<marquee onstart=alert(1)>x</marquee>", "html-marquee-onstart"),
    ("<xmp><img src=x onerror=alert(1)></xmp>", "html-xmp"),
    ("<noembed><img src=x onerror=alert(1)></noembed>", "html-noembed"),
    ("<noframes><img src=x onerror=alert(1)></noframes>", "html-noframes"),
    ("<plaintext><img src=x onerror=alert(1)>", "html-plaintext"),
    ("<title><img src=x onerror=alert(1)></title>", "html-title"),
    ("<textarea><img src=x onerror=alert(1)></textarea>", "html-textarea-content"),
    ("<x-custom onclick=alert(1)>x</x-custom>", "html-custom-element"),
    ('<html xmlns:xss><xss:xss onclick="alert(1)">x</xss:xss>', "html-xml-namespace"),
    ("<p>a</p\n><img src=x onerror=alert(1)>", "html-newline-in-end-tag"),
    ("<img src=x onerror\n=\nalert(1)>", "html-newlines-around-equals"),
    ("<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>", "html-entity-encoded-handler"),
    ("<img src=x oNeRrOr=alert(1)>", "html-mixed-case-handler"),
    ('<a href="https://example.com"\x00onclick=alert(1)>x</a>', "html-nul-before-attribute"),
    ("+ADw-script+AD4-alert(1)+ADw-/script+AD4-", "utf7-script"),
    ('<a href="+ADw-script+AD4-">x</a>', "utf7-in-href"),
    ("%C0%BCscript%C0%BEalert(1)%C0%BC/script%C0%BE", "overlong-utf8-percent-encoded"),
    ("\uff1cscript\uff1ealert(1)\uff1c/script\uff1e", "fullwidth-angle-brackets"),
    ("\u00bcscript\u00bealert(1)\u00bc/script\u00be", "us-ascii-high-bit-script"),
    ('<a href="https://example.com/\u202egnp.exe">x</a>', "rtl-override-in-href"),
]

# Event attributes on every tag the allowlist keeps and on the tags it must drop.
_EVENTS = ["onclick", "onmouseover", "onerror", "onload", "onfocus", "onanimationstart", "onpointerenter", "onbegin"]
EVENT_ATTRIBUTES = [
    (
        f'<{tag} {_EVENTS[i % len(_EVENTS)]}="alert(1)" autofocus tabindex=1>x</{tag}>',
        f"event-{_EVENTS[i % len(_EVENTS)]}-on-{tag}",
    )
    for i, tag in enumerate(
        sorted(ALLOWED_TAGS | {"div", "span", "body", "svg", "math", "iframe", "video", "audio", "font", "center"})
    )
]

# The player path: only a link that matched the strict pattern becomes a player, and the player
# carries nothing the writer typed but the video id.
PLAYER_PATH = [
    ('https://www.youtube.com/watch?v=AAAAAAAAAAA"onload="alert(1)', True, "youtube-url-quote-breakout"),
    ("https://www.youtube.com/watch?v=AAAAAAAAAAA&quot;onload=&quot;alert(1)", True, "youtube-url-quot-entity"),
    ("https://www.youtube.com/watch?v=AAAAAAAAAAA&#34;onload=&#34;alert(1)", True, "youtube-url-numeric-quote-entity"),
    ('https://youtu.be/AAAAAAAAAAA"><script>alert(1)</script>', True, "youtube-short-url-tag-breakout"),
    ('https://youtu.be/AAAAAAAAAAA?t=1&x="onload=alert(1)', True, "youtube-query-with-quote"),
    ('[x](https://www.youtube.com/watch?v=AAAAAAAAAAA" onload="alert(1))', True, "youtube-md-link-quote-breakout"),
    ('[x](https://www.youtube.com/watch?v=AAAAAAAAAAA "onload=alert(1)")', True, "youtube-md-link-title"),
    (
        '<p><a href="https://www.youtube.com/watch?v=AAAAAAAAAAA" onmouseover="alert(1)">x</a></p>',
        True,
        "youtube-raw-anchor-with-event",
    ),
    ("[<img src=x onerror=alert(1)>](https://youtu.be/AAAAAAAAAAA)", True, "youtube-link-text-raw-img"),
    ("https://www.youtube.com/embed/AAAAAAAAAAA/../../<script>alert(1)</script>", True, "youtube-embed-path-traversal"),
    ('https://vimeo.com/123456"onload="alert(1)', True, "vimeo-url-quote-breakout"),
    ("https://vimeo.com/123456&quot;onload=&quot;alert(1)", True, "vimeo-url-quot-entity"),
    ("https://youtube.com.evil.example/watch?v=AAAAAAAAAAA", False, "youtube-lookalike-host-suffix"),
    ("https://www.youtube.com.evil.example/watch?v=AAAAAAAAAAA", False, "youtube-lookalike-www-host-suffix"),
    ("https://evilyoutube.com/watch?v=AAAAAAAAAAA", False, "youtube-lookalike-host-prefix"),
    ("https://www.youtube.com@evil.example/watch?v=AAAAAAAAAAA", False, "youtube-host-as-userinfo"),
    ("https://evil.example/?https://www.youtube.com/watch?v=AAAAAAAAAAA", False, "youtube-url-in-query"),
    ("https://evil.example/youtu.be/AAAAAAAAAAA", False, "youtube-short-host-in-path"),
    ("javascript:alert(1)//https://www.youtube.com/watch?v=AAAAAAAAAAA", False, "youtube-after-javascript"),
    ("[x](javascript:alert(1)//https://youtu.be/AAAAAAAAAAA)", False, "youtube-md-link-javascript"),
    ("[x](data:text/html,https://youtu.be/AAAAAAAAAAA)", False, "youtube-md-link-data-url"),
    ("https://vimeo.com.evil.example/123456", False, "vimeo-lookalike-host"),
    ("https://player.vimeo.com.evil.example/video/123456", False, "vimeo-player-lookalike-host"),
    ("`https://youtu.be/AAAAAAAAAAA`", False, "youtube-in-code-span"),
    ('`<p><a href="https://youtu.be/AAAAAAAAAAA">x</a></p>`', False, "youtube-anchor-markup-in-code-span"),
    ('https://www.youtube-nocookie.com/embed/AAAAAAAAAAA" onload="alert(1)', False, "youtube-nocookie-url-typed"),
]

CORPUS = [
    *(pytest.param(text, False, id=name) for text, name in MARKDOWN + RAW_HTML + EVENT_ATTRIBUTES),
    *(pytest.param(text, player, id=name) for text, player, name in PLAYER_PATH),
]


def test_the_corpus_is_large_and_its_ids_unique():
    ids = [param.id for param in CORPUS]
    assert len(ids) >= 60
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("text", "player_allowed"), CORPUS)
def test_vector_renders_to_safe_html(text, player_allowed):
    assert_safe(render_markdown(text).html, player_allowed=player_allowed)


@pytest.mark.parametrize(("text", "player_allowed"), CORPUS)
def test_vector_is_safe_inside_surrounding_text(text, player_allowed):
    """The same vector between ordinary paragraphs and inline, where parsers change state."""
    for wrapped in (f"Before.\n\n{text}\n\nAfter.", f"Some *text* {text} and more", f"> {text}"):
        assert_safe(render_markdown(wrapped).html, player_allowed=player_allowed)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("https://youtube.com.evil.example/watch?v=AAAAAAAAAAA", id="lookalike-host"),
        pytest.param("https://www.youtube.com@evil.example/watch?v=AAAAAAAAAAA", id="youtube-as-userinfo"),
        pytest.param("https://vimeo.com.evil.example/123456", id="vimeo-lookalike"),
        pytest.param('<iframe src="https://www.youtube-nocookie.com/embed/AAAAAAAAAAA"></iframe>', id="typed-iframe"),
    ],
)
def test_no_player_from_a_lookalike_or_a_typed_iframe(text):
    assert "<iframe" not in render_markdown(text).html


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('https://www.youtube.com/watch?v=AAAAAAAAAAA"onload="alert(1)', id="quote"),
        pytest.param("https://www.youtube.com/watch?v=AAAAAAAAAAA&quot;onload=&quot;alert(1)", id="quot-entity"),
    ],
)
def test_crafted_youtube_url_cannot_leave_the_iframe_src(text):
    html = render_markdown(text).html
    assert_safe(html, player_allowed=True)
    markup = _parse(html)
    srcs = [dict(attrs).get("src") for tag, attrs, _ in markup.start_tags if tag == "iframe"]
    assert srcs in ([], ["https://www.youtube-nocookie.com/embed/AAAAAAAAAAA"])
    if srcs:
        assert "onload" not in html.split("</iframe>")[0]
    # Without a player the typed words may show as text (cmark keeps the quote in the bare URL and
    # percent-encodes it in the href), but no tag carries them as an attribute.
    for _tag, attrs, _ in markup.start_tags:
        assert not any("onload" in name or '"' in (value or "") for name, value in attrs)


def test_youtube_anchor_markup_in_fenced_code_stays_code():
    html = render_markdown('```\n<p><a href="https://youtu.be/AAAAAAAAAAA">x</a></p>\n```').html
    assert_safe(html)
    assert "<iframe" not in html
    assert "&lt;a href=" in html


# --- The other direction: what must survive, and a checker that does catch things ---------------


def test_bold_keeps_strong():
    html = render_markdown("**bold**").html
    assert_safe(html)
    assert "<strong>bold</strong>" in html


def test_normal_link_keeps_its_href():
    html = render_markdown("[a site](https://example.com/page?a=1&b=2)").html
    assert_safe(html)
    anchors = [dict(attrs) for tag, attrs, _ in _parse(html).start_tags if tag == "a"]
    assert anchors == [{"href": "https://example.com/page?a=1&b=2", "rel": EXTERNAL_REL}]


def test_relative_and_mailto_links_keep_their_href():
    html = render_markdown("[post](/posts/1/a-post) and [mail](mailto:someone@example.com)").html
    assert_safe(html)
    assert [dict(attrs)["href"] for tag, attrs, _ in _parse(html).start_tags if tag == "a"] == [
        "/posts/1/a-post",
        "mailto:someone@example.com",
    ]


def test_image_keeps_its_src_and_alt():
    html = render_markdown("![a cat](https://example.com/cat.png)").html
    assert_safe(html)
    assert [dict(attrs) for tag, attrs, _ in _parse(html).start_tags if tag == "img"] == [
        {"alt": "a cat", "src": "https://example.com/cat.png", "loading": "lazy", "decoding": "async"}
    ]


def test_allowed_raw_html_survives():
    html = render_markdown('<abbr title="HyperText">HTML</abbr> <sub>1</sub><sup>2</sup> <u>u</u>').html
    assert_safe(html)
    for kept in ('<abbr title="HyperText">HTML</abbr>', "<sub>1</sub>", "<sup>2</sup>", "<u>u</u>"):
        assert kept in html


def test_youtube_player_passes_the_checker():
    html = render_markdown("https://www.youtube.com/watch?v=AAAAAAAAAAA").html
    assert_safe(html, player_allowed=True)
    assert PLAYER_MARKUP.fullmatch(html)


def test_escaped_script_text_is_shown_not_run():
    html = render_markdown("&lt;script&gt;alert(1)&lt;/script&gt; and <b>bold</b>").html
    assert_safe(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b>" in html


@pytest.mark.parametrize(
    ("html", "player_allowed"),
    [
        pytest.param("<script>alert(1)</script>", False, id="script"),
        pytest.param('<p><img src="x" onerror="alert(1)"></p>', False, id="event-attribute"),
        pytest.param('<p style="color:red">x</p>', False, id="style-attribute"),
        pytest.param('<a href="java&#9;script:alert(1)">x</a>', False, id="entity-tab-javascript"),
        pytest.param('<a href=" JAVASCRIPT:alert(1)">x</a>', False, id="spaced-upper-case-javascript"),
        pytest.param('<a href="java\tscr\nipt:alert(1)">x</a>', False, id="raw-tab-newline-javascript"),
        pytest.param('<a href="\u200bjava\x00script:alert(1)\u3000">x</a>', False, id="zero-width-nul-javascript"),
        pytest.param('<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">', False, id="data-src"),
        pytest.param('<a href="https://x.example" target="_blank">x</a>', False, id="target-attribute"),
        pytest.param('<a href="https://x.example" rel="opener">x</a>', False, id="other-rel"),
        pytest.param("<svg></svg>", False, id="svg"),
        pytest.param("<!-- x -->", False, id="comment"),
        pytest.param('<iframe src="https://www.youtube-nocookie.com/embed/AAAAAAAAAAA"></iframe>', False, id="iframe"),
        pytest.param('<div class="embed"><iframe src="https://evil.example/"></iframe></div>', True, id="other-iframe"),
        pytest.param(
            '<div class="embed"><iframe src="https://www.youtube-nocookie.com/embed/AAAAAAAAAAA" title="YouTube video" '
            'loading="lazy" referrerpolicy="strict-origin-when-cross-origin" '
            'allow="encrypted-media; picture-in-picture; fullscreen" allowfullscreen onload="alert(1)"></iframe></div>',
            True,
            id="player-with-event",
        ),
        pytest.param('<div onclick="alert(1)">x</div>', True, id="div-outside-player"),
    ],
)
def test_the_checker_catches_unsafe_html(html, player_allowed):
    assert problems_in(html, player_allowed=player_allowed)
