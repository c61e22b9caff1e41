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
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from forum.comments.models import Comment
from forum.core.pagecache import Slots
from forum.moderation.forms import HELD_REASONS

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


def for_reader(html, *, votes=(), may_change=frozenset(), own=(), judging=None):
    """The page as this reader sees it: `votes` the vote keys (vote_key) they gave, `may_change`
    the ids of the comments they may edit and delete (Comment.can_be_edited_by), `own` the vote
    keys of what they wrote themselves (no vote on your own words: those buttons are disabled),
    `judging` for a moderator the status of each comment they may approve or hold ({id: status};
    None for everyone else). The forms carry the CSRF slot: fill it (pagecache.fill) after this."""
    for key in votes:
        html = html.replace(_UNPRESSED.format(key), _PRESSED.format(key))
    for key in own:
        html = html.replace(_UNPRESSED.format(key), _OWN.format(key))
    judging = judging or {}

    def controls(found):
        comment_id = int(found[1])
        links = _controls(comment_id) if comment_id in may_change else ""
        forms = _judge_forms(comment_id, judging[comment_id]) if comment_id in judging else ""
        return f"{links} {forms}".strip()

    return _CONTROLS.sub(controls, html)


def without_reader_parts(html):
    """The page for a reader with no votes and nothing to change (logged out)."""
    return _CONTROLS.sub("", html)


def _controls(comment_id):
    return format_html(
        '<a class="action" href="{}">edit</a> <a class="action" href="{}">delete</a>',
        reverse("comments:edit", args=[comment_id]),
        reverse("comments:delete", args=[comment_id]),
    )


_REASON_OPTIONS = format_html_join("", '<option value="{}">{}</option>', HELD_REASONS)


def _judge_forms(comment_id, status):
    """A moderator's approve (unless approved) and hold-for-a-reason forms for one comment, as
    plain POST forms (forum/moderation/views.py)."""
    token = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', Slots.CSRF_TOKEN)
    approve = ""
    if status != Comment.Status.APPROVED:
        approve = format_html(
            '<form class="inline moderate" method="post" action="{}">{}'
            '<button type="submit" class="link action">approve</button></form> ',
            reverse("moderation:comment-approve", args=[comment_id]),
            token,
        )
    hold = format_html(
        '<form class="inline moderate" method="post" action="{}">{}'
        '<select name="reason" required aria-label="what to hold comment {} for">'
        '<option value="">reason…</option>{}</select> '
        '<button type="submit" class="link action">hold</button></form>',
        reverse("moderation:comment-hold", args=[comment_id]),
        token,
        comment_id,
        _REASON_OPTIONS,
    )
    return mark_safe(approve + hold)  # noqa: S308 (both built by format_html)


def own_vote_keys(user, post, rendered):
    """The vote keys (vote_key) of the post and the comments (RenderedComment) this member wrote."""
    if not user.is_authenticated:
        return []
    items = [("comment", comment.id) for comment in rendered if comment.author_id == user.pk]
    if post.author_id == user.pk:
        items.append(("post", post.pk))
    return [vote_key(kind, pk, vote) for kind, pk in items for vote in _VOTE_NAMES]
