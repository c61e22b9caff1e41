"""The post page: the post, one page of its thread, and the comment box, as one reader sees it.

The detail view and the refused-comment view both build it here. The writes and redirects that
come with reading a post (the view count, `?c=`, the canonical slug) are the views' own.
"""

from functools import cache
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone

from accounts.models import Follow, Ignore
from forum.anonymous.models import AnonymousIdentity
from forum.comments.forms import CommentForm
from forum.comments.models import Comment, edit_window
from forum.comments.quoting import quote_markdown
from forum.core.compiled import ID_MARK, IDS_MARK, TIME_MARK, CompiledSQL, prepared_cursor
from forum.core.pagecache import Slots
from forum.core.paging import positive_int
from forum.likes.models import Like
from forum.posts.models import Post
from forum.unread.models import Read
from forum.watches.models import Watch

from .pages import thread_page
from .reader import comments_html, own_vote_keys


def post_page_context(
    post, *, user, visitor, page, absolute_url, quote_wanted="", form=None, visitor_name=None, reader=None
):
    """Everything templates/threads/post.html shows. `visitor` is request.visitor (read only
    for logged-out readers), `visitor_name` their name if the caller has it already;
    `quote_wanted` is the `?quote=` of the no-JavaScript quote link; `reader` the reader_state
    of this page if the caller has read it already (it records the reading, so once a page)."""
    visitor_digest = None if user.is_authenticated else visitor.writer_digest
    if user.is_authenticated:
        comment_as = user.username
    else:
        comment_as = visitor_name or AnonymousIdentity.name_for(visitor.digest)
    context = _context(post, user, visitor_digest, page, absolute_url, quote_wanted, form, reader)
    return {**context, "comment_as": comment_as, "views_text": views_text(post.view_count)}


def shared_post_page_context(post, *, page, absolute_url):
    """The post page as every logged-out reader without anything of their own on it sees it,
    with slots for the values that are theirs (forum/core/pagecache.py)."""
    context = _context(post, AnonymousUser(), None, page, absolute_url, "", None, None)
    return {**context, "comment_as": Slots.VISITOR_NAME, "views_text": Slots.VIEW_COUNT}


def views_text(count):
    return f"{count} view{'' if count == 1 else 's'}"


def _context(post, user, visitor_digest, page, absolute_url, quote_wanted, form, reader):
    previous_post, next_post = Post.objects.visible_to(user).neighbours_of(post)
    thread = thread_page(post, user=user, visitor_digest=visitor_digest, page=page)
    on_page = [comment.id for comment in [*thread.numbered, *thread.waiting]]
    reader = reader or reader_state(
        post, user, comment_ids=on_page, visitor_digest=visitor_digest, seen_number=thread.last_number
    )
    thread.numbered_html = comments_html(thread.numbered, ignored=reader["ignored"])
    return {
        "post": post,
        "thread": thread,
        "previous_post": previous_post,
        "next_post": next_post,
        "is_following": reader["following"],
        "is_watching": reader["watching"],
        "can_toggle_nsfw": reader["can_toggle_nsfw"],
        "reader_votes": reader["votes"],
        "reader_may_change": reader["may_change"],
        "reader_own_votes": own_vote_keys(user, post, thread.numbered),
        "reader_judging": judging_state(user, on_page),
        "seen_number": reader["seen_before"],
        "can_edit_post": post.can_be_edited_by(user),
        "form": form
        or CommentForm(initial={"body": quote_for_link(post, quote_wanted, user, visitor_digest)}, user=user),
        "absolute_url": absolute_url,
        "share_mailto": share_mailto(post, absolute_url),
    }


def share_mailto(post, absolute_url):
    return f"mailto:?subject={quote(post.title)}&body={quote(absolute_url)}"


def reader_state(post, user, *, comment_ids=(), visitor_digest=None, seen_number=0):
    """What the page shows a reader about themselves: for a member in one query, whether they
    follow the author and watch the post, may flip its nsfw flag, their votes on the post and on
    these comments (reader.vote_key each), whom they ignore, which of these comments they may
    change (and it records that they have read to seen_number); for a visitor whose browser wrote
    here, which of these comments it may change."""
    if not user.is_authenticated:
        changeable = Comment.objects.filter(pk__in=comment_ids).editable_by(user, visitor_digest=visitor_digest)
        may_change = set(changeable.values_list("pk", flat=True)) if visitor_digest and comment_ids else ()
        return {**_NOTHING_OF_THEIR_OWN, "may_change": frozenset(may_change)}
    # Written out rather than composed with the ORM: building this query of subqueries from
    # expressions cost a member's page about 4 ms of Python a request (profiled), its running
    # under 1 ms. Who may change a comment stays the one rule in CommentQuerySet.editable_by,
    # compiled once (_changeable).
    changeable_sql, changeable_params = "", ()
    if comment_ids:
        changeable = _changeable(user.is_staff)
        changeable_sql = changeable.sql
        changeable_params = changeable.params(
            ids=list(comment_ids), member=user.pk, since=timezone.now() - edit_window()
        )
    with prepared_cursor(connection) as cursor:
        cursor.execute(
            _READER_STATE.format(changeable=changeable_sql or "SELECT NULL::bigint WHERE false"),
            [
                user.pk, post.author_id, user.pk, post.pk,
                user.pk, post.pk, list(comment_ids), user.pk,
                *changeable_params, user.pk, post.pk, user.pk, post.pk, seen_number,
            ],
        )  # fmt: skip
        following, watching, votes, ignored, may_change, seen_before, _ = cursor.fetchone()
    return {
        "following": following,
        "watching": watching,
        "votes": votes,
        "ignored": frozenset(ignored),
        "may_change": frozenset(may_change),
        "can_toggle_nsfw": post.can_toggle_nsfw(user),
        "seen_before": seen_before,
    }


@cache
def _changeable(staff):
    """CommentQuerySet.editable_by for a member (staff or not) and a list of comment ids, as SQL
    with marks (forum/core/compiled.py): the same text whatever the ids, compiled once."""
    member = get_user_model()(pk=ID_MARK, is_staff=staff, is_active=True)
    ids = RawSQL("SELECT unnest(%s::bigint[])", [IDS_MARK])
    changeable = Comment.objects.filter(pk__in=ids).editable_by(member, now=TIME_MARK).values("pk")
    marks = {"ids": IDS_MARK}
    if not staff:
        marks |= {"member": ID_MARK, "since": TIME_MARK - edit_window()}
    return CompiledSQL(changeable, **marks)


def judging_state(user, comment_ids):
    """For a moderator, the status of each of these comments they may approve or hold (all but
    deleted ones), for their controls (reader.for_reader); None for anyone else. A query of its
    own: moderators are few, and every other reader's page is spared it."""
    if not (user.is_authenticated and user.is_moderator and comment_ids):
        return None
    judged = Comment.objects.filter(pk__in=comment_ids, deleted_at__isnull=True)
    return dict(judged.values_list("pk", "status"))


_NOTHING_OF_THEIR_OWN = {
    "following": False,
    "watching": False,
    "can_toggle_nsfw": False,
    "votes": [],
    "ignored": frozenset(),
    "seen_before": None,
}

# The votes come back as reader.vote_key makes them: `post12:like`, `comment34:dislike`. The last
# column records how far the member has read, for the lists' unread marks (unread_record); the one
# before it is how far they had read before this page (the statement's snapshot is taken before
# unread_record writes), for the `n` key's next unread comment (static/js/forum.js).
_READER_STATE = f"""
SELECT
    EXISTS(SELECT 1 FROM {Follow._meta.db_table} WHERE follower_id = %s AND followed_id = %s),
    EXISTS(SELECT 1 FROM {Watch._meta.db_table} WHERE user_id = %s AND post_id = %s),
    ARRAY(
        SELECT CASE WHEN post_id IS NOT NULL THEN 'post' || post_id ELSE 'comment' || comment_id END
               || CASE WHEN vote = {Like.Vote.LIKE} THEN ':like' ELSE ':dislike' END
        FROM {Like._meta.db_table} WHERE user_id = %s AND (post_id = %s OR comment_id = ANY(%s))
    ),
    ARRAY(SELECT ignored_id FROM {Ignore._meta.db_table} WHERE ignorer_id = %s),
    ARRAY({{changeable}}),
    COALESCE((SELECT seen_number FROM {Read._meta.db_table} WHERE user_id = %s AND post_id = %s), 0),
    unread_record(%s, %s, %s)
"""


def quote_for_link(post, wanted, user, visitor_digest):
    """`?quote=ID` (a comment of this thread) or `?quote=post`: the quote link without JavaScript."""
    if wanted == "post":
        return quote_markdown(name=post.author.username, url=post.get_absolute_url(), text=post.body)
    comment = quotable_comment(post, wanted, user, visitor_digest)
    if comment is None:
        return ""
    return quote_markdown(name=comment.writer_name, url=comment.get_absolute_url(), text=comment.body)


def quotable_comment(post, comment_id, user, visitor_digest):
    """A comment of this thread whose text this reader may see, or None."""
    comment_id = positive_int(comment_id)
    if not comment_id:
        return None
    comment = (
        Comment.objects.in_thread(post)
        .visible_to(user, visitor_digest=visitor_digest)
        .for_display()
        .filter(pk=comment_id)
        .first()
    )
    return comment if comment and comment.shows_text_to(user) else None
