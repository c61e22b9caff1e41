"""The site's own rules against spam: which new comments (and posts) wait for a moderator, and why.

Nothing here refuses anything: a comment a rule holds is saved as waiting for approval, seen by
its writer and staff only, so a false alarm costs a moderator one click and never the writer's
words. Each hold carries its reason, for the moderation log (the services record it), and a few
words for the writer. Moderators are exempt from every rule. An edit is the exception: the rules
judge what it would make of the comment (edit_hold), and editing.py refuses it, text kept, since
holding an approved comment would renumber its thread.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Lower, Trim
from django.utils import timezone

from forum.markup.links import as_browser_reads, attribute_values, off_site_host
from forum.moderation.trust import links_wait_for

from .models import Comment

DEFAULT_MAX_LINKS = 5
# Spam is pasted into thread after thread within hours; a member who makes the same point again
# next week is not a spammer.
REPEAT_WINDOW = timedelta(days=1)
# "Thanks!", "+1" or "Agreed, great post." in two threads is conversation, not spam.
REPEAT_MIN_CHARS = 30
# Pasting spam, each copy goes into the next thread: the latest few comments show it. Comparing
# with all of a day's (hundreds of long comments) took most of a second under the writer's lock.
REPEAT_COMPARED = 20


@dataclass(frozen=True)
class Hold:
    reason: str  # for the moderation log and the queue
    why: str  # for the writer: "Your comment waits for a moderator: {why}."


LINKS = Hold("links from an anonymous, moderated or new writer", "it links to another site")
MODERATED = Hold("moderated member", "comments from new accounts do, until a few have been approved")
REPEATED = Hold("same text in another thread", "you wrote the same in another thread today")


def max_links():
    return getattr(settings, "SPAM_MAX_LINKS", DEFAULT_MAX_LINKS)


def comment_hold(*, post, writer, body, rendered, established):
    """Why this new comment should wait for a moderator (a Hold), or None. `writer` is the
    comment's writer as a filter ({"author": member} or {"anonymous": identity}); `established`
    whether a member is (accounts.User.is_established; False for a visitor). The most telling
    reason wins: the link rules, then repetition, then the writer's own trust level."""
    member = writer.get("author")
    if member is not None and member.is_moderator:
        return None
    if hold := _too_many_links(rendered):
        return hold
    if _links_wait(rendered, member, established=established):
        return LINKS
    if _said_in_another_thread(post, writer, body):
        return REPEATED
    if member is not None and member.is_moderated:
        return MODERATED
    return None


def post_hold(*, author, rendered):
    """Why this new post should wait for a moderator, or None: the link rules of comments (a
    moderated member's post without links goes up; the posting caps are its gate)."""
    if author.is_moderator:
        return None
    if hold := _too_many_links(rendered):
        return hold
    if _links_wait(rendered, author, established=None):
        return LINKS
    return None


def edit_hold(*, comment, editor, body, rendered, links_allowed):
    """Why the rules would hold `comment` (as stored, locked) with this edit's text (a Hold), or
    None. The caller refuses such an edit rather than hold the comment: holding an approved
    comment takes it out of its thread and renumbers the comments after it.

    Only what the edit brings counts: links a moderator approved with the comment may stay. An
    edit from a writer whose links wait (`links_allowed` False) may not add an address; on an
    approved comment, no edit may add links beyond SPAM_MAX_LINKS or make it the same text as one
    of the writer's in another thread today (otherwise writing short comments and editing them
    into the pasted spam would be the way round the rule). Moderators are exempt, as from
    comment_hold."""
    if getattr(editor, "is_moderator", False):  # an anonymous writer has no trust level
        return None
    if not links_allowed and off_site_addresses(rendered.html) - off_site_addresses(comment.body_html):
        return LINKS
    if not comment.is_approved:
        return None  # waiting or held: a moderator reads it, as it is then, before anyone else
    new_links = off_site_addresses(rendered.html, links_only=True) - off_site_addresses(
        comment.body_html, links_only=True
    )
    if new_links and (hold := _too_many_links(rendered)):
        return hold
    writer = {"author_id": comment.author_id} if comment.author_id else {"anonymous_id": comment.anonymous_id}
    if _said_in_another_thread(comment.post_id, writer, body):
        return REPEATED
    return None


# A tag of the sanitizer's output and its attributes (read one at a time by links.attribute_values).
_LINKING_TAG = re.compile(r'<(a|img|iframe)((?: [a-z-]+(?:="[^"]*")?)*)>')


def off_site_addresses(html, *, links_only=False):
    """The addresses off the site (as a browser reads them) of the links in this rendered HTML,
    and of its pictures and players unless links_only."""
    addresses = set()
    for tag in _LINKING_TAG.finditer(html):
        if links_only and tag[1] != "a":
            continue
        for value in attribute_values(tag[2], ("href", "src")):
            if off_site_host(value):
                addresses.add(as_browser_reads(value))
    return addresses


def _too_many_links(rendered):
    """More than SPAM_MAX_LINKS different addresses off the site (repeating one address is not many
    links). Pictures and players do not count: a post of uploaded pictures may be served from
    another host (object storage)."""
    addresses = off_site_addresses(rendered.html, links_only=True)
    limit = max_links()
    if len(addresses) <= limit:
        return None
    return Hold(f"many links ({len(addresses)}, more than {limit})", "it has many links")


def _links_wait(rendered, member, *, established):
    """Off-site links, pictures or players from a writer whose links wait (trust.links_wait_for).
    Read here rather than from rendered.has_external_links, which misses the disguised links above."""
    return bool(off_site_addresses(rendered.html)) and links_wait_for(member, established=established)


def _normalized(text):
    """Whitespace runs as one space, trimmed, lower case: in SQL, so both sides of the comparison
    go through the same definition of space and case."""
    spaced = Func(text, Value(r"\s+"), Value(" "), Value("g"), function="regexp_replace", output_field=TextField())
    return Lower(Trim(spaced))


def _said_in_another_thread(post, writer, body):
    """The same text (as _normalized) from the same writer in another thread within REPEAT_WINDOW,
    among their REPEAT_COMPARED latest comments there.
    (In the same thread it is refused outright: comments/services.py, "You already said that.")"""
    if len(" ".join(body.split())) < REPEAT_MIN_CHARS:
        return False
    recent = Comment.objects.filter(**writer, created_at__gt=timezone.now() - REPEAT_WINDOW).exclude(post=post)
    # Newest first along the writer's index (comments_by_author / comments_by_anonymous), bounded
    # before the text is normalized: this runs under the writer's lock.
    latest = recent.order_by("-created_at", "-id").values("pk")[:REPEAT_COMPARED]
    compared = Comment.objects.filter(pk__in=latest).annotate(text=_normalized(F("body")))
    return compared.filter(text=_normalized(Value(body))).exists()
