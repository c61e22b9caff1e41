"""The moderation log as anyone may read it (/moderation): when, who, what was done, to what, and
the kind of reason; nothing private.

What is shown:
- the moderator's name (as trusted forums show theirs: a moderator answers for what they do), or
  "the site's rules" for what the site did by itself;
- the target as a link only where everyone may see it (a comment shown to everyone, a published
  post not marked NSFW, a member's profile), else only its kind ("a comment");
- the reason when it reads as a category: a held state (spam, doxing...), a trust level or a few
  plain words. Anything with digits, `@`, dots, slashes or colons (an email, an address, a
  network, a digest, a link) is left out, whoever wrote it.
What is never shown: rows not marked public, anonymous visitors' names, networks and digests,
emails, and the before/after values.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils.html import format_html

from accounts.models import TrustLevel
from forum.comments.models import Comment
from forum.posts.models import Post

VERBS = {
    "approve": "approved",
    "hold": "held",
    "spam": "held as spam",
    "delete": "deleted",
    "erase": "erased",
    "remove": "removed",
    "promote": "promoted",
    "demote": "demoted",
    "nuke": "nuked",
    "unnuke": "restored",
    "ban": "banned",
    "unban": "lifted the ban on",
    "flag": "flagged",
    "nsfw": "changed the NSFW mark of",
}
_KNOWN_REASONS = {
    **{status.value: status.label for status in Comment.Status},
    **{level.label: level.label for level in TrustLevel},
}
_PLAIN_WORDS = re.compile(r"[A-Za-z][A-Za-z ,'-]{0,79}")
_NOWHERE = {
    "comment": "a comment",
    "post": "a post",
    "member": "a member",
    "visitor": "an anonymous visitor",
    "network": "a network",
}


@dataclass(frozen=True)
class Entry:
    at: datetime
    by: object  # the moderator (a User), or None: the site's rules
    verb: str
    target: str  # HTML: a link, or the target's kind in words
    reason: str


def public_entries(actions):
    """The log rows (ModerationAction, their actors loaded) as Entry, the targets looked up in one
    query per kind."""
    actions = list(actions)
    targets = _targets(actions)
    return [
        Entry(
            at=action.at,
            by=action.actor if action.actor_id else None,
            verb=VERBS.get(action.action, action.action.replace("_", " ")),
            target=targets.get((action.target_kind, action.target_id)) or _NOWHERE.get(action.target_kind, "something"),
            reason=public_reason(action.reason),
        )
        for action in actions
    ]


def public_reason(reason):
    if reason in _KNOWN_REASONS:
        return _KNOWN_REASONS[reason]
    return reason if _PLAIN_WORDS.fullmatch(reason) else ""


def _ids(actions, kind):
    return {action.target_id for action in actions if action.target_kind == kind}


def _targets(actions):
    """{(kind, id): link HTML} for the targets everyone may see."""
    links = {}
    comments = Comment.objects.filter(pk__in=_ids(actions, "comment"), post__status=Post.Status.PUBLISHED)
    for comment in comments.select_related("post").only(
        "id", "status", "number", "deleted_at", "post__id", "post__title", "post__status", "post__is_nsfw"
    ):
        if comment.number and comment.shows_text_to_everyone:
            link = format_html('<a href="{}">comment #{}</a>', comment.get_absolute_url(), comment.number)
            # An NSFW post's title stays out of lists for logged-out readers: out of this one too.
            if not comment.post.is_nsfw:
                link = format_html("{} in “{}”", link, comment.post.title)
            links["comment", comment.pk] = link
    posts = Post.objects.visible().filter(pk__in=_ids(actions, "post"), is_nsfw=False)
    for post in posts.only("id", "title", "slug"):
        links["post", post.pk] = format_html('the post <a href="{}">{}</a>', post.get_absolute_url(), post.title)
    members = get_user_model().objects.filter(pk__in=_ids(actions, "member"), deleted_at__isnull=True)
    for member in members.only("id", "username"):
        links["member", member.pk] = format_html('<a href="{}">{}</a>', member.get_absolute_url(), member.username)
    return links
