"""The members a rendered text @mentions: the links forum/markup made of `@name` (only names of
members, never inside code or links), read back from the stored HTML so that what is linked and
who is emailed are one rule."""

import html as htmllib
import re

# As forum/markup/mentions.py writes them.
_MENTION = re.compile(r'<a href="/user/([^"/]+)" class="mention">')


def mentioned_names(html):
    """Lower-cased names, each once, in order of first mention."""
    names = (htmllib.unescape(match[1]).lower() for match in _MENTION.finditer(html))
    return list(dict.fromkeys(names))
