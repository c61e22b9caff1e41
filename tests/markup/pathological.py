"""Texts that make Markdown parsers and HTML tree builders slow, deep or recursive, at any length.

Shared by tests/markup/test_pathological.py (each must render within a bound) and
benchmarks/markup.py (how long each takes). Each entry builds a text of exactly the length asked
for, so the same shape is tried at the comment limit and at the post limit.
"""

# Who counts as a member here, where there is no database (forum/markup/mentions.find_members is
# replaced by this in tests/markup/conftest.py and benchmarks/markup.py): every name that starts
# with "m", so `@mallory` links and `@zed` does not, spelled as the member spells it.
MEMBERS = {"mallory": "Mallory", "m": "m", "me": "me", "mike.b": "Mike.B"}


def pretend_members(names):
    return {name: MEMBERS.get(name, name) for name in names if name.startswith("m")}


COMMENT_MAX = 20_000  # forum/comments: the longest comment
POST_MAX = 40_000  # Post.BODY_MAX
LENGTHS = (COMMENT_MAX, POST_MAX)


def repeated(unit):
    return lambda length: (unit * (length // len(unit) + 1))[:length]


def nested(opening, middle, closing):
    """opening * n + middle + closing * n, as deep as the length allows, padded with spaces."""

    def build(length):
        depth = (length - len(middle)) // (len(opening) + len(closing))
        return (opening * depth + middle + closing * depth).ljust(length)

    return build


def table(columns):
    def build(length):
        header = "|" + "a|" * columns + "\n|" + "-|" * columns + "\n"
        return header + repeated("|" + "b|" * columns + "\n")(length - len(header))

    return build


def after(prefix, rest):
    return lambda length: prefix + rest(length - len(prefix))


def distinct(make):
    """make(0) + make(1) + ... up to the length: tags or links that differ, so nothing dedupes them."""

    def build(length):
        parts, size, n = [], 0, 0
        while size < length:
            parts.append(make(n))
            size += len(parts[-1])
            n += 1
        return "".join(parts)[:length]

    return build


PATHOLOGICAL = {
    # Brackets and link syntax: quadratic in Python-Markdown (20,000 "[" took over a minute).
    "[ run": repeated("["),
    "] run": repeated("]"),
    "![ run": repeated("!["),
    "[]( run": repeated("[]("),
    "[a]( run": repeated("[a]("),
    "nested links": nested("[a ", "b", "](u)"),
    "nested images": nested("![a ", "b", "](u)"),
    # Raw HTML openers that never close.
    "<![CDATA[ run": repeated("<![CDATA["),
    "<!-- run": repeated("<!--"),
    "<? run": repeated("<?"),
    "<a  run": repeated("<a "),
    # Delimiter runs and alternations.
    "* run": repeated("*"),
    "_ run": repeated("_"),
    "~ run": repeated("~"),
    "backtick run": repeated("`"),
    "| run": repeated("|"),
    "*a alternation": repeated("*a"),
    "**a alternation": repeated("**a"),
    "*a **b alternation": repeated("*a **b "),
    "nested emphasis": nested("*a ", "b", " c*"),
    "nested strong": nested("**a ", "b", " c**"),
    "nested strikethrough": nested("~~a ", "b", " c~~"),
    "nested mixed emphasis": nested("*a **b ~~c ", "d", " e~~ f** g*"),
    # Block nesting, 50,000 levels where the length allows.
    "nested blockquotes": repeated("> "),
    "nested blockquotes no space": repeated(">"),
    "nested - lists": repeated("- "),
    "nested + lists": repeated("+ "),
    "nested * lists": repeated("* "),
    "nested 1. lists": repeated("1. "),
    "nested 1) lists": repeated("1) "),
    "nested mixed containers": repeated("> - 1. + "),
    "list markers + * 500": lambda length: ("+ " * 500).ljust(length),
    "list markers 1. * 500": lambda length: ("1. " * 500).ljust(length),
    "indented nested lists": distinct(lambda n: "  " * n + "- a\n"),
    "quote lines deepening": distinct(lambda n: "> " * (n % 40) + "a\n"),
    # Headings.
    "setext headings": repeated("a\n="),
    "= run": repeated("="),
    "setext - headings": repeated("a\n-"),
    "# run": repeated("#"),
    # Tables.
    "table many columns": lambda length: table(length // 5)(length),
    "table many rows": table(2),
    "10,000 lines of |": repeated("|\n"),
    "table cells with pipes": table(50),
    # Entities and long words.
    "&# run": repeated("&#"),
    "&amp; run": repeated("&amp;"),
    "&#x run": repeated("&#x"),
    "long line without spaces": repeated("abcdefghij"),
    "backslash run": repeated("\\"),
    # Bare URLs for the autolink extension.
    "www. run": repeated("www."),
    "http:// run": repeated("http://"),
    "a@b run": repeated("a@b"),
    # @mentions (forum/markup/mentions.py; in tests every name starting with "m" is a member's).
    "@ run": repeated("@"),
    "@m run": repeated("@m "),
    "@m. run": repeated("@m."),
    "distinct mentions": distinct(lambda n: f"@m{n} "),
    "long mention": repeated("@" + "m" * 40 + " "),
    "mentions in code": repeated("`@m` "),
    "distinct links": distinct(lambda n: f"www.a{n}.example "),
    "distinct image URLs": distinct(lambda n: f"https://img{n}.example/{n}.png\n\n"),
    "youtube URLs": repeated("https://youtu.be/dQw4w9WgXcQ\n\n"),
    # Raw HTML a browser's tree builder is slow on (html5ever, inside nh3).
    "nested <div>": repeated("<div>"),
    "nested <blockquote>": repeated("<blockquote>"),
    "nested <span> then stray ends": lambda length: (
        ("<span>" * (length // 12)).ljust(length // 2) + repeated("</x>")(length - length // 2)
    ),
    "nested <ul>": repeated("<ul>"),
    "<i><div> pairs": repeated("<i><div>"),
    "<a><div> pairs": repeated("<a href=x><div>"),
    "nested <object>": repeated("<object>"),
    "nested <table><td>": repeated("<table><tr><td>"),
    "<table>x run": repeated("<table>x"),
    "paragraphs then text in a table": lambda length: (
        ("a\n\n" * ((length // 2 - 7) // 3) + "<table>").ljust(length // 2) + repeated("x<br>")(length - length // 2)
    ),
    "distinct <b> then paragraphs": lambda length: (
        distinct(lambda n: f"<b title={n}>")(length // 2) + repeated("a</p><p>")(length - length // 2)
    ),
    "distinct <font> then paragraphs": lambda length: (
        distinct(lambda n: f"<font size={n}>")(length // 3) + repeated("x</p><p>")(length - length // 3)
    ),
    "one long <a> then paragraphs": lambda length: (
        ('<p><a href="https://x.example/' + "x" * (length // 3) + '">').ljust(length // 2)
        + repeated("x</p><p>")(length - length // 2)
    ),
    "formatting in list items": after("- <b><i><u><s><em><strong><code>a\n", repeated("- a</li>\n")),
    "<svg> CDATA": after("<svg>", repeated("<![CDATA[<div>]]>")),
    "<textarea> unclosed": after("<textarea>", repeated("<div>")),
    "<script> escapes": after("<script><!--<script>", repeated("</script><div>")),
    "unclosed attribute": after('<div title="', repeated("<a ")),
    "<p> unclosed": repeated("<p>a"),
    "<li> unclosed": repeated("<li>a"),
    "distinct closing tags": distinct(lambda n: f"<d{n}>"),
}

REALISTIC = {
    "prose paragraphs": repeated(
        "The housing market is, as ever, a topic of **heated** debate. Prices in the Bay Area "
        "rose again this year, and [the latest report](https://example.com/report) says rents "
        "follow.\nA newline is a line break.\n\n"
    ),
    "quotes and lists": repeated(
        "> **patrick** says:\n> Buy when others are fearful.\n\n"
        "- first point, with `code`\n- second point ~~struck~~\n1. one\n2. two\n\n"
    ),
    "links and images": repeated(
        "See https://example.com/a/b?c=d and www.example.org, ![chart](https://img.example/c.png) "
        "or mail me@example.com.\n\nhttps://img.example/photo.jpg\n\n"
    ),
    "table": table(6),
    "raw HTML": repeated('<b>bold</b> <i>it</i> <sup>2</sup> <abbr title="HyperText">HTML</abbr><br>\n'),
}
