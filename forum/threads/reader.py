"""A reader's own view of a thread page whose comments were rendered once for everyone.

The cached comments (cache.py) carry what is the same for every reader: the text, the counts,
the like and dislike buttons unpressed, a marker where a comment's edit and delete links go. On
each request the reader's own parts are put in: the buttons they pressed shown pressed, the links
on the comments they may change, the comments of members they ignore left out. Plain string work
on about 40 comments, no template rendering.
"""

import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import format_html

_CONTROLS = re.compile(r"<!--controls:([0-9]+)-->")
_UNPRESSED = 'aria-pressed="false" data-vote="{}"'
_PRESSED = 'aria-pressed="true" data-vote="{}"'
_OWN = 'aria-pressed="false" disabled data-vote="{}"'
_VOTE_NAMES = {1: "like", -1: "dislike"}


@dataclass(frozen=True)
class RenderedComment:
    id: int
    author_id: int | None
    html: str


def vote_key(kind, pk, vote):
    """What a vote button is known by in the page: `post12:like`, `comment34:dislike`."""
    return f"{kind}{pk}:{_VOTE_NAMES[vote]}"


def comments_html(rendered, *, ignored=frozenset()):
    """The page's comments, those of members the reader ignores left out."""
    return "".join(comment.html for comment in rendered if comment.author_id not in ignored)


def for_reader(html, *, votes=(), may_change=frozenset(), own=()):
    """The page as this reader sees it: `votes` the vote keys (vote_key) they gave, `may_change`
    the ids of the comments they may edit and delete (Comment.can_be_edited_by), `own` the vote
    keys of what they wrote themselves (no vote on your own words: those buttons are disabled)."""
    for key in votes:
        html = html.replace(_UNPRESSED.format(key), _PRESSED.format(key))
    for key in own:
        html = html.replace(_UNPRESSED.format(key), _OWN.format(key))
    return _CONTROLS.sub(lambda found: _controls(int(found[1])) if int(found[1]) in may_change else "", html)


def without_reader_parts(html):
    """The page for a reader with no votes and nothing to change (logged out)."""
    return _CONTROLS.sub("", html)


def _controls(comment_id):
    return format_html(
        '<a class="action" href="{}">edit</a> <a class="action" href="{}">delete</a>',
        reverse("comments:edit", args=[comment_id]),
        reverse("comments:delete", args=[comment_id]),
    )


def own_vote_keys(user, post, rendered):
    """The vote keys (vote_key) of the post and the comments (RenderedComment) this member wrote."""
    if not user.is_authenticated:
        return []
    items = [("comment", comment.id) for comment in rendered if comment.author_id == user.pk]
    if post.author_id == user.pk:
        items.append(("post", post.pk))
    return [vote_key(kind, pk, vote) for kind, pk in items for vote in _VOTE_NAMES]
