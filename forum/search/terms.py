"""What a reader typed into the search box, made safe to hand to PostgreSQL.

The words go to websearch_to_tsquery, which reads the syntax people know from web search engines
("quoted phrase", -word, OR) and never raises a syntax error, whatever the text. Only what the
database itself refuses (NUL) or what nobody types (control characters, lone surrogates,
text-direction overrides) is taken out first, and the text is cut short: a query is a few words,
and a cut keeps the cost of parsing and matching small whatever arrives.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery

from forum.core.text import BIDI_CONTROLS, INVALID_CHARACTERS

# Said on the page, and the search box's maxlength.
MAX_QUERY_CHARS = 200
CONFIG = "english"  # the configuration the stored vectors are made with (migrations/0001)
_NUL = "\x00"


@dataclass(frozen=True)
class Terms:
    text: str  # what is searched for, as shown back to the reader
    was_cut: bool  # longer than MAX_QUERY_CHARS: only the start was searched for

    def __bool__(self):
        return bool(self.text)

    @classmethod
    def from_input(cls, raw):
        text = INVALID_CHARACTERS.sub(" ", BIDI_CONTROLS.sub(" ", str(raw or "").replace(_NUL, " ")))
        text = " ".join(text.split())
        if len(text) <= MAX_QUERY_CHARS:
            return cls(text=text, was_cut=False)
        cut = text[: MAX_QUERY_CHARS + 1]  # one more: does the cut fall between two words?
        cut = cut.rsplit(" ", 1)[0] if " " in cut else cut[:MAX_QUERY_CHARS]
        return cls(text=cut, was_cut=True)

    @property
    def query(self):
        return SearchQuery(self.text, config=CONFIG, search_type="websearch")

    @property
    def as_title(self):
        """The text as a title typed whole: a post whose title it is comes first. Quotes around it
        (searching for the phrase) still mean that title."""
        return self.text.strip('"').strip()
