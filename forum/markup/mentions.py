"""`@name` becomes a link to that member's profile, for names of members only.

Runs on the sanitizer's output, last, so no writer can forge one: the sanitizer drops every
`class`, and only this pass writes `class="mention"` (forum/notifications reads the links back
to email those mentioned). Text inside a link, `code` or `pre` is left alone. Linear: one regex
pass splits the HTML into tags and text (text escapes its "<"), one finds the names in the text,
and the members are looked up in one query.
"""

import re

# Links per text: bounds the look-up and how much a text of "@a @a @a ..." can grow.
MENTION_LINKS_MAX = 50
NAME_MAX = 30  # accounts.names.USERNAME_SHAPE
_PIECE = re.compile(r"<[^>]*>|[^<]+")
_LEAVE_ALONE = re.compile(r"<(/?)(?:a|code|pre)[\s>]")
# Not after a letter, digit or . _ - @ /: `me@example.com` and `x.com/@name` are no mentions.
_MENTION = re.compile(r"(?<![\w.@/-])@([A-Za-z0-9][A-Za-z0-9_.-]*)")
_NAME_END = "._-"  # `@bob.` at the end of a sentence names bob


def find_members(names):
    """{lower-cased name: the member's username} for the names that are active members'."""
    from django.contrib.auth import get_user_model
    from django.db.models.functions import Lower

    members = get_user_model().objects.filter(is_active=True).alias(lower_name=Lower("username"))
    return {name.lower(): name for name in members.filter(lower_name__in=names).values_list("username", flat=True)}


def link_mentions(html):
    if "@" not in html:
        return html
    pieces = _PIECE.findall(html)
    found = []  # (piece index, match, name): the first MENTION_LINKS_MAX candidates
    inside = 0
    for index, piece in enumerate(pieces):
        if piece.startswith("<"):
            if tag := _LEAVE_ALONE.match(piece):
                inside = max(0, inside - 1) if tag[1] else inside + 1
        elif not inside and "@" in piece:
            for match in _MENTION.finditer(piece):
                name = match[1].rstrip(_NAME_END)
                if len(name) <= NAME_MAX:
                    found.append((index, match, name))
                    if len(found) == MENTION_LINKS_MAX:
                        break
        if len(found) == MENTION_LINKS_MAX:
            break
    if not found:
        return html
    members = find_members(sorted({name.lower() for _, _, name in found}))
    if not members:
        return html
    by_piece = {}
    for index, match, name in found:
        if username := members.get(name.lower()):
            by_piece.setdefault(index, []).append((match, name, username))
    for index, mentions in by_piece.items():
        pieces[index] = _linked(pieces[index], mentions)
    return "".join(pieces)


def _linked(text, mentions):
    out, at = [], 0
    for match, name, username in mentions:
        start = match.start()
        out += [text[at:start], f'<a href="/user/{username}" class="mention">@{name}</a>']
        at = start + 1 + len(name)
    out.append(text[at:])
    return "".join(out)
