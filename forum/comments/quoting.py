"""Quotes as Markdown: `[AUTHOR says](link):` then the text as a blockquote, cut to about
QUOTE_MAX characters. The one quoting rule: the no-JavaScript quote link (`?quote=ID`) and the
script's quote button (which asks the quote endpoint) both come here.

A whole comment or post is quoted from its writer's Markdown source, so it reads as written. A
reader's selection is text as the page showed it, so its Markdown syntax is escaped: a code span
that showed `[official source](https://evil.example)` must not become a live link in the quote.
"""

import re

from forum.markup import render_markdown

QUOTE_MAX = 1000
_ADDRESS = re.compile(r' (?:href|src)="([^"]*)"')
# Characters that start Markdown anywhere in a line: emphasis, code, links and images, raw HTML,
# entities, strikethrough, table cells.
_INLINE_SYNTAX = re.compile(r"([\\`*_\[\]<!|~&])")
# Bare addresses, which would become links: break the `://` and the `www.` that autolinking needs.
_BARE_ADDRESS = re.compile(r"(?<=[A-Za-z0-9])(:)(?=//)|(?<![A-Za-z0-9])(www)(\.)", re.IGNORECASE)
# ...and at the start of a line only: headings, quotes, list items, setext underlines.
_LINE_START_SYNTAX = re.compile(r"^([ \t]*)([#>+=-]|\d+(?=[.)]))", re.MULTILINE)


def quote_markdown(*, name, url, text):
    """A quote of a writer's Markdown source. Should the cut open a link or image the whole text
    does not show (it cut off the end of a code span or an HTML comment hiding one), the cut part
    is quoted as the text it is instead."""
    cut = _cut(text)
    if cut != text.strip() and _addresses(cut) - _addresses(text):
        cut = escape_markdown(cut)
    return _blockquote(name, url, cut)


def _addresses(text):
    return set(_ADDRESS.findall(render_markdown(text).html))


def quote_selection(*, name, url, selection):
    """A quote of text a reader selected on the page."""
    # Cut before escaping, so the cut never splits an escape from the character it escapes.
    return _blockquote(name, url, escape_markdown(_cut(selection)))


def escape_markdown(text):
    """Plain text that Markdown shows exactly as it is, with as few backslashes as that takes."""
    text = _INLINE_SYNTAX.sub(r"\\\1", text)
    text = _BARE_ADDRESS.sub(lambda m: "\\:" if m[1] else m[2] + "\\.", text)
    return _LINE_START_SYNTAX.sub(lambda m: m[1] + ("\\" + m[2] if not m[2].isdigit() else m[2] + "\\"), text)


def _cut(text):
    text = text.strip()
    if len(text) > QUOTE_MAX:
        text = text[:QUOTE_MAX].rsplit(" ", 1)[0] + " …"
    return text


def _blockquote(name, url, text):
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in text.splitlines())
    return f"[{name} says]({url}):\n\n{quoted}\n\n"
