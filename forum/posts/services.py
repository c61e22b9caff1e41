"""Writes to posts that are more than one row."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone

from forum.bans.rules import member_ban
from forum.comments import spam
from forum.comments.models import Comment
from forum.comments.spam import post_hold
from forum.core.limits import take_slot
from forum.core.pagecache import sitewide_changed
from forum.markup import render_markdown
from forum.markup.links import external_urls
from forum.moderation.log import record
from forum.moderation.trust import links_wait_for
from forum.notifications import events

from .models import NsfwChange, Post, PostEdit

# The original's gates against drive-by spam accounts (BEHAVIOUR.md, Posting): a few posts a
# day, and some approved comments before a member's first post. Staff pass both.
DEFAULT_POSTS_PER_DAY = 5
DEFAULT_MIN_APPROVED_COMMENTS = 3


KEPT = " Your text is kept below."


class PostRefused(Exception):
    """A post the rules turn away; the message is for the writer, `field` the form field it is
    about (None: the post as a whole)."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.field = field


def posts_per_day():
    return getattr(settings, "POSTS_PER_MEMBER_PER_DAY", DEFAULT_POSTS_PER_DAY)


def min_approved_comments():
    return getattr(settings, "POST_MIN_APPROVED_COMMENTS", DEFAULT_MIN_APPROVED_COMMENTS)


def posting_refusal(author, *, now=None):
    """Why this member may not post now (a message for them), or None. Read again inside
    post_create's transaction, under the member's lock."""
    if ban := member_ban(author, now):
        return ban.message
    if author.is_staff:
        return None
    if not author.is_active:
        return "Your account cannot post."
    needed = min_approved_comments()
    if needed and not Post.objects.filter(author=author).exists():
        approved = Comment.objects.filter(author=author, status=Comment.Status.APPROVED, deleted_at__isnull=True)
        have = approved.count()
        if have < needed:
            return (
                f"New members write {needed} approved comment{pluralize(needed)} before their first post "
                f"(you have {have} so far). Join a discussion or two, then come back."
            )
    limit = posts_per_day()
    now = now or timezone.now()
    recent = list(
        Post.objects.by_author_since(author, now - timedelta(days=1))
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(recent) >= limit:
        # The day's allowance comes back as the oldest of those posts turns a day old.
        free_at = timezone.localtime(recent[-1] + timedelta(days=1))
        return (
            f"You have written {limit} post{pluralize(limit)} in the past 24 hours, the most a day allows. "
            f"You can post again at {free_at:%H:%M} ({timezone.get_current_timezone_name()})."
        )
    return None


def duplicate_title_refusal(title, *, excluding=None):
    same = Post.objects.visible().titled(title)
    if excluding is not None:
        same = same.exclude(pk=excluding.pk)
    if same.exists():
        return "There is already a post with this title. Please choose another title, or join that discussion."
    return None


LINKS_NEED_APPROVAL = (
    "Links to other sites from a new or moderated account wait for a moderator, so an edit cannot add them. "
    "Please remove the new link: you can add it once your account is trusted."
)


def post_create(*, author, title, body):
    """Publish a member's post: checked against the caps and for a duplicate title, saved (held,
    and the hold logged, if a link rule of comments/spam.py holds it), and the lists moved on, in
    one transaction. Raises PostRefused."""
    rendered = render_markdown(body)  # before any lock or transaction: the slow part
    with transaction.atomic():
        # One member's posts one at a time (the daily cap), and one title at a time (duplicates):
        # two clicks or two tabs cannot both pass a check the other has not yet written.
        _lock("post-writer", str(author.pk))
        _lock("post-title", title.strip().lower())
        if refusal := posting_refusal(author):
            raise PostRefused(refusal + KEPT)
        if refusal := duplicate_title_refusal(title):
            raise PostRefused(refusal, field="title")
        post = Post(author=author, created_at=timezone.now())
        post.set_title(title)
        post.set_body(body, rendered)
        post.latest_activity_at = post.created_at
        # The link rules of comments: links from a fresh or moderated account, or many links,
        # wait for a moderator (the admin's post list), so that signing up is no quick way to
        # publish spam and mail it out.
        if hold := post_hold(author=author, rendered=rendered):
            post.status = Post.Status.HELD
        post.save()
        post.hold = hold  # for the page to tell the writer why it waits
        if hold:
            record(None, "hold", "post", post.pk, reason=hold.reason)
        if post.is_published:
            events.post_published(post)
            sitewide_changed()  # the lists show it
        return post


def post_edit(post, *, by, title, body):
    """Change a post's title and body, keeping the previous ones in PostEdit. Latest activity
    stays where it was: an edit is not news. Returns the PostEdit, or None if nothing changed.
    Raises PostRefused for a title another published post has."""
    rendered = render_markdown(body)
    with transaction.atomic():
        _lock("post-title", title.strip().lower())
        # no_key: a member opening the thread meanwhile (a read mark points at the post) need not wait.
        current = (
            Post.objects.select_for_update(no_key=True).only("title", "body", "body_html", "status").get(pk=post.pk)
        )
        if current.title == title.strip() and current.body == body:
            return None
        if current.is_published and (refusal := duplicate_title_refusal(title, excluding=post)):
            raise PostRefused(refusal, field="title")
        if not by.is_staff:
            _refuse_an_edit_loop(post, by, rendered, current)
        edit = PostEdit.objects.create(post=post, edited_by=by, title=current.title, body=current.body)
        post.set_title(title)
        post.set_body(body, rendered)
        post.edited_at = edit.edited_at
        post.save(update_fields=[*Post.RENDERED_FIELDS, "edited_at"])
        Post.objects.filter(pk=post.pk).mark_threads_changed()  # comment pages link by slug
        sitewide_changed()  # lists show titles and excerpts
        return edit


# A member's edits of one post: a pause between them and a most (staff exempt), so that an edit
# loop can neither fill the history nor keep the thread's pages re-rendering.
EDIT_PAUSE = timedelta(seconds=10)
EDITS_MAX = 30


def _refuse_an_edit_loop(post, by, rendered, current):
    if links_wait_for(by) and external_urls(rendered.html) - external_urls(current.body_html):
        raise PostRefused(LINKS_NEED_APPROVAL, field="body")
    links = spam.off_site_addresses(rendered.html, links_only=True)
    if len(links) > spam.max_links() and links - spam.off_site_addresses(current.body_html, links_only=True):
        # As for comments: links a moderator let through may stay, an edit may not add past the most.
        raise PostRefused(
            f"A post may link to {spam.max_links()} sites at most; please remove some links.", field="body"
        )
    edits = PostEdit.objects.filter(post=post)
    if edits.filter(edited_at__gt=timezone.now() - EDIT_PAUSE).exists():
        raise PostRefused("You edited this post a moment ago. Wait a few seconds, then save again.")
    if edits.count() >= EDITS_MAX:
        raise PostRefused("This post has been edited as often as a post may be.")


def _lock(kind, key):
    """A lock held until the transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{kind}:{key}"])


# Marking a post NSFW hides it from every logged-out reader's lists: a few marks an hour is all a
# member needs, and a cap stops one account from sweeping the front page. Moderators are exempt.
DEFAULT_NSFW_TOGGLES_PER_HOUR = 10


def nsfw_toggles_per_hour():
    return getattr(settings, "NSFW_TOGGLES_PER_HOUR", DEFAULT_NSFW_TOGGLES_PER_HOUR)


def post_toggle_nsfw(post, *, by):
    """Flip the flag in one UPDATE (from what it is now, not from what the page showed), keep a
    record of the flip and log it. Returns the new value. Raises PostRefused, changing nothing,
    for a member past NSFW_TOGGLES_PER_HOUR (counted in the shared cache, forum/core/limits.py)."""
    if not by.is_moderator and not take_slot(caches["default"], f"nsfw:{by.pk}", nsfw_toggles_per_hour(), 3600):
        limit = nsfw_toggles_per_hour()
        raise PostRefused(
            f"You have marked {limit} post{pluralize(limit)} safe or not safe for work in the past hour, "
            "the most an hour allows. Nothing was changed; please try again later."
        )
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Post._meta.db_table} SET is_nsfw = NOT is_nsfw WHERE id = %s RETURNING is_nsfw", [post.pk]
            )
            (post.is_nsfw,) = cursor.fetchone()
        NsfwChange.objects.create(post=post, changed_by=by, is_nsfw=post.is_nsfw)
        record(by, "nsfw", "post", post.pk, before={"is_nsfw": not post.is_nsfw}, after={"is_nsfw": post.is_nsfw})
        Post.objects.filter(pk=post.pk).mark_threads_changed()  # its own page shows the flag
        sitewide_changed()  # lists hide NSFW posts from logged-out readers
        return post.is_nsfw
