"""Quotes as Markdown: `[AUTHOR says](link):` then the text as a blockquote.

static/js/forum.js builds the same shape in the browser from the reader's selection; this is the
no-JavaScript path (the quote link's `?quote=ID`) and the one tests read.
"""

QUOTE_MAX = 1000


def quote_markdown(*, name, url, text):
    text = text.strip()
    if len(text) > QUOTE_MAX:
        text = text[:QUOTE_MAX].rsplit(" ", 1)[0] + " …"
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in text.splitlines())
    return f"[{name} says]({url}):\n\n{quoted}\n\n"
