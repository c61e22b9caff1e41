"""Markdown to HTML with cmark-gfm, GitHub's C parser: linear time on any input.

Python-Markdown, which this replaces, is quadratic on unbalanced brackets and emphasis (20,000 "["
rendered for over a minute) and recursed to a RecursionError on nested list markers. cmark-gfm is
built and tested against a suite of pathological inputs, and renders 100,000 characters of any of
them in tens of milliseconds at most. What this module adds is the forum's flavour of it and two guards on the
text before it reaches the parser.
"""

import re

from cmarkgfm import Options

from .cmark_ffi import render_html

# Container blocks (quotes, list items) one line may open. Each nests the next: "> " * 50,000
# makes 50,000 nested <blockquote>, cheap for cmark but 1.3 MB of markup that html5ever, in nh3,
# builds in quadratic time (13 s). Far beyond the deepest honest quote chain.
MAX_MARKERS_PER_LINE = 32

OPTIONS = (
    Options.CMARK_OPT_HARDBREAKS  # a newline is a line break, as writers on the original expect
    | Options.CMARK_OPT_UNSAFE  # raw HTML goes through: nh3's allowlist decides, not cmark
    | Options.CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE  # ~~strike~~ only; a lone ~ stays a tilde
)
EXTENSIONS = [
    "autolink",  # bare URLs (https://..., www....) and email addresses become links
    "strikethrough",
    "table",  # column alignment comes out as the align attribute, which nh3 keeps
]

_SURROGATE = re.compile("[\ud800-\udfff]")
# One container marker: a quote ">", or a list marker followed by a space, tab or the line's end.
_MARKER = r"[ \t]*+(?:>|(?:[-+*]|[0-9]{1,9}+[.)])(?=[ \t]|$))"
# A line's first MAX_MARKERS_PER_LINE markers, up to the punctuation of the one after them; not
# on a line of "- - - ..." or "* * * ...", which is one thematic break however long. (No
# capturing group: around possessive quantifiers, Python 3.11's re can fail with a SystemError.)
_THEMATIC_BREAK = "|".join(rf"[ \t]*+(?:{char}[ \t]*+)++$" for char in (r"-", r"\*", r"_"))
_MARKERS_BEYOND_LIMIT = re.compile(
    rf"^(?!{_THEMATIC_BREAK})(?:{_MARKER}){{{MAX_MARKERS_PER_LINE}}}[ \t]*+[0-9]{{0,9}}+(?=[-+*>.)])",
    re.MULTILINE,
)


# cmark-gfm pads every row of a table to its header's width: a header of 512 cells over lines of
# "x" made 21 MB of HTML from 16 kB, in a second. Text whose tables would hold more cells than
# this is rendered without tables (they show as the text they were typed as); an honest table
# of 20 columns and 200 rows is well inside it.
MAX_TABLE_CELLS = 5_000
_TABLE_DELIMITER_CHARACTERS = frozenset("|-: \t>+*")  # with the quote and list markers before it
_WITHOUT_TABLES = [extension for extension in EXTENSIONS if extension != "table"]


def markdown_to_html(text: str) -> str:
    text = prepare(text)
    extensions = EXTENSIONS if table_cells(text) <= MAX_TABLE_CELLS else _WITHOUT_TABLES
    return render_html(text, options=OPTIONS, extensions=extensions)


def table_cells(text: str) -> int:
    """At most how many cells the tables in text would have: for each delimiter row (`|--|--|`),
    its columns times the lines that follow it up to a blank one. One pass over the lines."""
    cells = 0
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        index += 1
        if "-" in line and "|" in line and _TABLE_DELIMITER_CHARACTERS.issuperset(line):
            columns = line.strip("|").count("|") + 1
            rows = 0
            while index < len(lines) and lines[index].strip():
                rows += 1
                index += 1
            cells += columns * (rows + 1)
    return cells


def prepare(text: str) -> str:
    """The text as cmark may safely read it."""
    # A str may hold lone surrogates, which UTF-8 cannot: shown as U+FFFD (as cmark shows NUL)
    # rather than failing to encode.
    text = _SURROGATE.sub("\ufffd", text)
    # Line ends as cmark reads them, so that "^" below sees every line.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # The markers past the limit stay text: a backslash escapes the next one's punctuation (an
    # escaped "-", ">", "." shows as itself).
    return _MARKERS_BEYOND_LIMIT.sub(r"\g<0>\\", text)
