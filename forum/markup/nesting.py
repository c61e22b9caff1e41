"""Raw HTML trimmed to a shape the sanitizer's HTML parser handles in linear time.

nh3 parses with html5ever, which builds the tree as a browser does, and a browser's tree builder
is not linear on hostile markup: many start tags walk the whole stack of open elements (50,000
nested <div> take 8 s), an unclosed <b> or <a> is re-created in every block that follows it,
attributes and all (a 40 kB input became 40 MB), and text inside a <table> is moved out before
it through a walk over all the table's siblings. Markdown's own output is always balanced and its
nesting is capped before parsing (commonmark.py); raw HTML typed by the writer is not. So before
nh3 sees the parser's output, this walks its tags once and:

- keeps at most MAX_DEPTH elements open: deeper start tags are dropped, with their end tags;
- closes a formatting element (<b>, <a>, ...) explicitly before any tag that would close it
  implicitly, so the parser never has one to re-create: bold no longer leaks past its paragraph;
- closes a table before text or a tag the parser would move out of it.

Tags are found as html5ever's tokenizer finds them (quoted attributes, comments, the text inside
<script>, <style>, <textarea>, ...), so both see the same tags. The model of open elements errs
towards "still open": it pops an element only when html5ever certainly does, so html5ever never
holds more than a small multiple of MAX_DEPTH elements. Nothing here decides what is safe: the
result still goes through nh3, which keeps only its allowlist.
"""

import re

MAX_DEPTH = 128

# One token as html5ever's tokenizer reads it: a tag, or a comment in any of its forms. Possessive
# quantifiers, so no input backtracks; a tag cut off by the end of the text still matches (html5ever
# drops it, and the scan ends there). Tags first: they are most of what comes through.
_WS = r"\t\n\f\r "
_WS_CHARS = "\t\n\f\r "
_TOKEN = re.compile(
    rf"""
    <(?P<end>/?)(?P<name>[A-Za-z][^{_WS}/>]*+)
      (?:
        [{_WS}/]++                                # between attributes (a lone / counts as space)
        | [^{_WS}/>][^{_WS}/=>]*+                 # attribute name (may start with =)
          (?:[{_WS}]*+=[{_WS}]*+(?:"[^"]*+(?:"|\Z)|'[^']*+(?:'|\Z)|[^{_WS}>]++)?+)?+
      )*+
      (?:(?P<closed>>)|\Z)
    | <!--(?:-?>|.*?--!?>|.*)                     # comment; <!--> and <!---> are whole ones
    | <[!?][^>]*+(?:>|\Z)                         # doctype, <![CDATA[ in HTML, <?...>: bogus comments
    | </(?![A-Za-z>])[^>]*+(?:>|\Z)               # </ and no letter: a bogus comment too
    """,
    re.VERBOSE | re.DOTALL,
)
_CDATA = "<![CDATA["

VOID = {
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input",
    "keygen", "link", "meta", "param", "source", "track", "wbr",
}  # fmt: skip
# Merged into the fragment's own html/body by html5ever, never pushed.
NEVER_OPEN = {"html", "head", "body", "frameset"}
# The elements a misplaced tag makes the parser close and re-create (the "active formatting
# elements"); <a> and <nobr> also close an open one of their own kind.
FORMATTING = {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"}
# Start tags that never close an open element, so formatting may stay open across them.
PHRASING = FORMATTING - {"a", "nobr"} | {
    "abbr", "acronym", "bdi", "bdo", "br", "cite", "data", "del", "dfn", "img", "ins", "kbd", "label",
    "mark", "q", "ruby", "samp", "span", "sub", "sup", "time", "var", "wbr",
}  # fmt: skip
# Start tags that close an open <p> (html5ever: "close a p element if one is in button scope").
CLOSES_P = {
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
    "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol",
    "p", "search", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing",
    "form", "plaintext", "hr", "xmp", "li", "dd", "dt",
}  # fmt: skip
# A start tag closes the open element on top when it is one of these (each checked top first).
CLOSES_ON_TOP = {
    "li": ("li",), "dd": ("dd", "dt"), "dt": ("dd", "dt"), "option": ("option",), "optgroup": ("option",),
    "td": ("td", "th"), "th": ("td", "th"), "tr": ("td", "th", "tr"), "select": ("select",),
    "button": ("button",), "table": ("table",),
    **{f"h{n}": ("h",) for n in range(1, 7)},
}  # fmt: skip
# The table parts html5ever inserts around a row or cell written straight inside its parent.
_IMPLIED_INSIDE = {
    ("table", "tr"): ("tbody",),
    ("table", "td"): ("tbody", "tr"),
    ("table", "th"): ("tbody", "tr"),
    **{(part, cell): ("tr",) for part in ("tbody", "thead", "tfoot") for cell in ("td", "th")},
}
TABLE_INTERNAL = {"caption", "colgroup", "tbody", "thead", "tfoot", "tr", "td", "th"}
# With one of these on top, html5ever moves text and other elements out before the table.
TABLE_CONTEXT = {"table", "tbody", "thead", "tfoot", "tr", "colgroup"}
TABLE_STRUCTURE = TABLE_INTERNAL | {"table", "col"}
# End tags the parser may obey though the model has no such element open: the table parts it
# inserts by itself (<tbody>, <tr>, <colgroup>).
TABLE_PARTS = TABLE_INTERNAL | {"table"}
# Elements whose text the tokenizer does not read as markup; the whole of <plaintext>'s rest.
RAW_TEXT = {"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "title", "textarea", "plaintext"}
_RAW_TEXT_END = {
    name: re.compile(rf"</{name}(?=[{_WS}/>])", re.IGNORECASE | re.ASCII) for name in RAW_TEXT - {"plaintext"}
}
FOREIGN = {"svg", "math"}
# Inside <svg> or <math>: the void HTML elements that end them (any other name opens an element
# there, <col> and <td> included), and the names html5ever does not merge into its own there.
_BREAKS_OUT_VOID = {"br", "embed", "hr", "img", "meta"}
_FOREIGN_ELEMENT = {"html", "frameset"}
# Void and phrasing: these start tags (and their stray end tags) neither open nor close anything.
_NOTHING_TO_DO = {"br", "img"}
# Start tags that only open an element, outside <svg> and <math>: phrasing, neither void nor raw
# text. Elements the model counts apart, closed through truncate().
_JUST_OPENS = PHRASING - VOID - RAW_TEXT
_COUNTED = {"table", *FOREIGN}
_HEADING = {f"h{n}": "h" for n in range(1, 7)}  # </h2> closes an open <h1>: one family
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_DROPPED = -1


def _inert_markup():
    """Balanced runs of what cmark writes for ordinary text: paragraphs, headings, simple lists,
    quotes and tables with inline markup two levels deep; and such inline markup alone. Walking
    them tag by tag would change nothing when no formatting element is open, so they are skipped
    in one regex call.

    No capturing groups: with possessive quantifiers around them, Python 3.11's re can fail with
    a SystemError; so each balanced pair is spelled out, name by name."""

    def pairs(names, inner, attributes=""):
        return "|".join(rf"<{name}{attributes}>{inner}</{name}>" for name in names)

    text = r'[^<]++|<br />|<img src="[^"]*+" alt="[^"]*+"(?: title="[^"]*+")? />'
    emphasis = ("em", "strong", "del", "code")
    phrasing = rf"(?:{text}|{pairs(emphasis, f'(?:{text})*+')})*+"  # no link inside: its start tag closes them
    link = rf'<a href="[^"]*+"(?: title="[^"]*+")?>{phrasing}</a>'
    inline = rf"(?:{text}|{pairs(emphasis, phrasing)}|{link})*+"
    cells = pairs(("td", "th"), inline, r'(?: align="(?:left|center|right)")?')
    row = rf"<tr>\n(?:(?:{cells})\n)*+</tr>\n"
    leaf = (
        rf"<p>{inline}</p>|<h[1-6]>{inline}</h[1-6]>|<hr />"  # </h2> closes <h1>: any heading will do
        rf'|<pre><code(?: class="[^"]*+")?>[^<]*+</code></pre>'
        rf'|(?:<ul>|<ol(?: start="[0-9]++")?>)\n(?:<li>{inline}</li>\n)*+</[ou]l>'
        rf"|<table>\n<thead>\n{row}</thead>\n(?:<tbody>\n(?:{row})*+</tbody>\n)?</table>"
    )
    return (
        re.compile(rf"(?:\n|{leaf}|<blockquote>\n(?:\n|{leaf})*+</blockquote>)*+"),
        re.compile(inline),
    )


_INERT, _INERT_INLINE = _inert_markup()


def _possessive_repeats_give_back():
    """Whether re drops a possessive repeat's last iteration when it fails part way. Python 3.11.2
    (Debian 12's) keeps it: (?:[^<]++|<a>[^<]*+</a>)*+ matches 3 characters of "<a>y</p>", not 0,
    and the inert runs below would then skip an unclosed link's start tag (its text copied into
    every paragraph after it). Where re has that bug, every tag is walked: the same result, slower."""
    return re.match(r"(?:[^<]++|<a>[^<]*+</a>)*+", "<a>y</p>").end() == 0


SKIP_INERT_RUNS = _possessive_repeats_give_back()
_INERT_STARTS = ("\n", "<p>", "<h", "<ul>", "<ol", "<table>", "<blockquote>", "<pre>")
_INERT_DEPTH = 8  # the deepest those runs nest: <blockquote><ul><li><a><em><strong>, or a table
_INERT_MAX_STACK = MAX_DEPTH - _INERT_DEPTH
# Inline runs (<em>, links, images) inside any element but a table's own parts, which would move
# them out before the table (see run()).
_INERT_INLINE_STARTS = ("<em>", "<strong>", "<code>", "<del>", '<a href="')
# With one of these on top, a start tag in such a run would close it (CLOSES_P, CLOSES_ON_TOP):
# walk tag by tag.
_CLOSED_BY_INERT = {"p", "h", *TABLE_CONTEXT}


def limit_nesting(html: str) -> str:
    return _Limiter(html).run()


class _Limiter:
    """One pass over the parser's output. The result is the input with a few edits: tags dropped
    past MAX_DEPTH, end tags inserted for formatting elements and tables, "<" escaped in raw text
    and before CDATA in <svg> and <math>."""

    def __init__(self, html):
        self.html = html
        self.pieces = []
        self.copied = 0  # html[:copied] is in pieces, edits included
        self.stack = []  # open elements, innermost last (headings under one key)
        self.open_by_name = {}  # key -> stack indexes of its open elements, or _DROPPED
        self.formatting = []  # stack indexes of open formatting elements
        self.open_tables = 0
        self.open_foreign = 0  # open <svg> and <math>: inside them CDATA hides tags, and more opens

    def run(self):
        html, stack, open_by_name, formatting = self.html, self.stack, self.open_by_name, self.formatting
        search, skip_inert = _TOKEN.search, _INERT.match
        position = 0
        while True:
            if SKIP_INERT_RUNS and not formatting and len(stack) <= _INERT_MAX_STACK and not self.open_foreign:
                if html.startswith(_INERT_STARTS, position):
                    if not stack or stack[-1] not in _CLOSED_BY_INERT:
                        position = skip_inert(html, position).end()
                elif html.startswith(_INERT_INLINE_STARTS, position):
                    if not stack or stack[-1] not in TABLE_CONTEXT:
                        position = _INERT_INLINE.match(html, position).end()
            match = search(html, position)
            if match is None:
                break
            text_start = position
            start, position = match.span()
            end, name, closed = match.group("end", "name", "closed")
            if name is not None:
                name = name.lower() if name.isascii() else name.translate(_ASCII_LOWER)  # never K -> k
            if stack and stack[-1] in TABLE_CONTEXT and not self.open_foreign:
                # Text or a tag straight inside a table html5ever moves out before it ("foster
                # parenting"), walking all the table's siblings each time: close the table first.
                if html[text_start:start].strip(_WS_CHARS):
                    self.close_table(text_start)
                elif name is not None and not end and name not in TABLE_STRUCTURE:
                    self.close_table(start)
            if name is None:
                if self.open_foreign and html.startswith(_CDATA, start):
                    # In <svg>, CDATA would hide tags until "]]>"; as text it hides nothing.
                    self.edit(start, start + 1, "&lt;")
                    position = start + 1
                continue
            if not closed:
                break  # a tag cut off by the end of the text: html5ever drops it
            if name in _NOTHING_TO_DO:
                continue
            if end:
                key = _HEADING.get(name, name)
                entries = open_by_name.get(key)
                if entries and entries[-1] == len(stack) - 1:  # the element on top: close it
                    self.pop()
                else:
                    self.end_tag(name, key, entries, start, position)
            elif name in _JUST_OPENS and not self.open_foreign and len(stack) < MAX_DEPTH:
                index = len(stack)
                stack.append(name)
                open_by_name.setdefault(name, []).append(index)
                if name in FORMATTING:
                    formatting.append(index)
            elif self.start_tag(name, start, position) and name in RAW_TEXT:
                position = self.raw_text(name, position)
        self.pieces.append(html[self.copied :])
        return "".join(self.pieces)

    def edit(self, start, end, replacement):
        if start > self.copied:
            self.pieces.append(self.html[self.copied : start])
        if replacement:
            self.pieces.append(replacement)
        self.copied = end

    def drop(self, start, end):
        # Never let a "<" just before the dropped tag meet the text after it and open a new one.
        self.edit(start, end, " " if self.html[start - 1 : start] == "<" else "")

    # --- tags -------------------------------------------------------------------------------

    def start_tag(self, name, start, end):
        """Keep or drop a start tag; True if kept."""
        stack, foreign = self.stack, self.open_foreign > 0
        if name in NEVER_OPEN and not (foreign and name in _FOREIGN_ELEMENT):
            return True  # html5ever merges it into the fragment's own
        if name not in PHRASING:
            if self.formatting:
                self.close_formatting_above(-1, start)
            if stack and not foreign:  # where <td> in <td> nests, as in <svg>, keep everything open
                if stack[-1] == "p" and name in CLOSES_P:
                    self.pop()
                for closed in CLOSES_ON_TOP.get(name, ()):
                    if stack and stack[-1] == closed:
                        self.pop()
        if foreign:
            # In <svg> and <math> every tag opens an element, except the HTML ones that end them.
            if name in _BREAKS_OUT_VOID:
                return True
        elif name in VOID or (name in TABLE_INTERNAL and not self.open_tables):
            return True  # void, or a table part outside a table, which html5ever ignores
        key = _HEADING.get(name, name)
        implied = _IMPLIED_INSIDE.get((stack[-1], name), ()) if name in TABLE_INTERNAL and stack else ()
        if len(stack) + len(implied) >= MAX_DEPTH:
            self.open_by_name.setdefault(key, []).append(_DROPPED)
            self.drop(start, end)
            return False
        for parent in implied:
            self.push(parent)
        self.push(key)
        return True

    def end_tag(self, name, key, entries, start, end):
        """An end tag for an element not on top of the model, or not open at all."""
        if not entries:
            if name in TABLE_PARTS:
                self.close_formatting_above(-1, start)  # it may close a part html5ever added
        elif entries[-1] == _DROPPED:
            entries.pop()
            self.drop(start, end)
        else:
            # html5ever may close it with everything above it: first close the formatting there.
            self.close_formatting_above(entries[-1], start)
            # Only the element on top is certainly closed: html5ever may have closed the others
            # already (a <div> closes an open <p>) or may ignore this end tag (a <table> between).
            if self.stack[-1] == key:
                self.pop()

    def close_table(self, position):
        index = next(index for index in reversed(self.open_by_name["table"]) if index != _DROPPED)
        self.close_formatting_above(index, position)
        self.edit(position, position, "</table>")
        self.truncate(index)

    def raw_text(self, name, position):
        """Escape every "<" up to the element's end tag, so its text holds no tag for either reader."""
        end = len(self.html)
        if name != "plaintext" and (found := _RAW_TEXT_END[name].search(self.html, position)):
            end = found.start()
        if "<" in self.html[position:end]:
            self.edit(position, end, self.html[position:end].replace("<", "&lt;"))
        return end

    # --- the model of open elements ---------------------------------------------------------

    def push(self, key):
        index = len(self.stack)
        self.stack.append(key)
        self.open_by_name.setdefault(key, []).append(index)
        if key in FORMATTING:
            self.formatting.append(index)
        elif key == "table":
            self.open_tables += 1
        elif key in FOREIGN:
            self.open_foreign += 1

    def pop(self):
        """Close the element on top."""
        key = self.stack[-1]
        if key in _COUNTED:
            self.truncate(len(self.stack) - 1)
            return
        self.stack.pop()
        entries = self.open_by_name[key]
        while entries[-1] == _DROPPED:
            entries.pop()
        entries.pop()
        if self.formatting and self.formatting[-1] == len(self.stack):
            self.formatting.pop()

    def truncate(self, length):
        """Close every element from stack[length] up."""
        stack = self.stack
        while len(stack) > length:
            key = stack.pop()
            self.open_tables -= key == "table"
            self.open_foreign -= key in FOREIGN
            entries = self.open_by_name[key]
            while entries[-1] == _DROPPED:  # dropped ones inside it are closed with it
                entries.pop()
            entries.pop()
        formatting = self.formatting
        while formatting and formatting[-1] >= length:
            formatting.pop()

    def close_formatting_above(self, index, position):
        """End tags, at position, for the formatting elements opened after stack[index]."""
        formatting = self.formatting
        if not formatting or formatting[-1] <= index:
            return
        lowest = len(formatting)
        while lowest and formatting[lowest - 1] > index:
            lowest -= 1
        closing = "".join(f"</{self.stack[i]}>" for i in reversed(formatting[lowest:]))
        self.edit(position, position, closing)
        self.truncate(formatting[lowest])
