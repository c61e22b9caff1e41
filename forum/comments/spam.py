"""The site's own rules against spam: which new comments (and posts) wait for a moderator, and why.

Nothing here refuses anything: a comment a rule holds is saved as waiting for approval, seen by
its writer and staff only, so a false alarm costs a moderator one click and never the writer's
words. Each hold carries its reason, for the moderation log (the services record it), and a few
words for the writer. Moderators are exempt from every rule.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Lower, Trim
from django.utils import timezone

from forum.markup.links import as_browser_reads, off_site_host
from forum.moderation.trust import links_wait_for

from .models import Comment

DEFAULT_MAX_LINKS = 5
# Spam is pasted into thread after thread within hours; a member who makes the same point again
# next week is not a spammer.
REPEAT_WINDOW = timedelta(days=1)
# "Thanks!", "+1" or "Agreed, great post." in two threads is conversation, not spam.
REPEAT_MIN_CHARS = 30


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
    if rendered.has_external_links and links_wait_for(member, established=established):
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
    if rendered.has_external_links and links_wait_for(author):
        return LINKS
    return None


# An <a> tag's href in the sanitizer's output, whose attributes are always double-quoted with `>`
# escaped inside them (see forum/markup/links.py), so the match stays inside one tag.
_LINK = re.compile(r'<a [^>]*?href="([^"]*)"')


def _too_many_links(rendered):
    """More than SPAM_MAX_LINKS different addresses off the site (repeating one address is not many
    links). Pictures and players do not count: a post of uploaded pictures may be served from
    another host (object storage)."""
    if not rendered.has_external_links:
        return None
    addresses = {as_browser_reads(href) for href in _LINK.findall(rendered.html) if off_site_host(href)}
    limit = max_links()
    if len(addresses) <= limit:
        return None
    return Hold(f"many links ({len(addresses)}, more than {limit})", "it has many links")


def _normalized(text):
    """Whitespace runs as one space, trimmed, lower case: in SQL, so both sides of the comparison
    go through the same definition of space and case."""
    spaced = Func(text, Value(r"\s+"), Value(" "), Value("g"), function="regexp_replace", output_field=TextField())
    return Lower(Trim(spaced))


def _said_in_another_thread(post, writer, body):
    """The same text (as _normalized) from the same writer in another thread within REPEAT_WINDOW.
    (In the same thread it is refused outright: comments/services.py, "You already said that.")"""
    if len(" ".join(body.split())) < REPEAT_MIN_CHARS:
        return False
    recent = Comment.objects.filter(**writer, created_at__gt=timezone.now() - REPEAT_WINDOW).exclude(post=post)
    return recent.annotate(text=_normalized(F("body"))).filter(text=_normalized(Value(body))).exists()
