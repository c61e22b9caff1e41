"""Lists of posts as a member sees them, from a list rendered once for all members.

A list differs from one member to the next in their name in the header, their votes (pressed, or
disabled on their own posts), the "N new" marks of threads they have read before, images hidden
if they asked, and the posts of members they ignore; and the like counts are filled in as they
are now, a vote moving no list on. So a list page is rendered once for a
stand-in member (forum/core/pagecache.py StandInMember), with a marker where each row's "N new"
goes, kept in the page cache under the lists' version, and each member's request fills it in from
one query about them (member_rows_state), where rendering the list for them took 20-30 ms.

A member who ignores anyone gets the list rendered for them alone: leaving posts out moves every
row after them and the number of pages. So do staff and moderators, and a member with a flash
message (pagecache.may_share_member_page).
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html

from accounts.models import Follow, Ignore
from forum.comments.models import Comment
from forum.core.compiled import prepared_cursor
from forum.core.pagecache import Slots, StandInMember, cached_page, fill, member_values
from forum.likes.models import Like
from forum.threads.reader import for_reader, vote_key
from forum.unread.models import Read

from .models import Post

_UNREAD = re.compile(r"<!--unread:([0-9]+)-->")
# A row's vote button as templates/posts/_votes.html writes it for members, with its count.
_COUNTS = re.compile(r'data-vote="post([0-9]+):(like|dislike)">(like|dislike) \(([0-9]+)\)')


@dataclass(frozen=True)
class SharedMemberList:
    html: str
    rows: tuple  # (post id, author id) of each row
    forms: dict  # {slot: (its HTML when off, when on)}: a profile's follow form


def stand_in_for(user):
    return StandInMember(is_moderated=user.is_moderated, hide_images_in_lists=user.hide_images_in_lists)


def shared_member_list(key, render, *, versions=(), timeout):
    """The list under key for members like this one (the key says which variant), or render()
    (returning html, its rows, and its forms as SharedMemberList.forms) stored and returned."""

    def rendered():
        html, rows, forms = render()
        return SharedMemberList(html, tuple((post.pk, post.author_id) for post in rows), forms)

    return cached_page(key, versions, rendered, timeout=timeout)


def for_member(request, shared, state, *, forms_on=()):
    """The shared list as this member sees it, with state from member_rows_state; `forms_on` the
    slots of the forms to show in their "on" state."""
    user = request.user
    html = fill(shared.html, {slot: states[slot in forms_on] for slot, states in shared.forms.items()})
    unread = state["unread"]

    def unread_mark(found):
        post_id = int(found[1])
        return unread_link(*unread[post_id]) if post_id in unread else ""

    html = _UNREAD.sub(unread_mark, html)
    html = _COUNTS.sub(lambda found: _count_now(found, state["counts"]), html)
    own = [vote_key("post", pk, vote) for pk, author_id in shared.rows if author_id == user.pk for vote in (1, -1)]
    html = for_reader(html, votes=state["votes"], own=own)
    return fill(html, {**member_values(request), Slots.CSRF_TOKEN: get_token(request)})


def _count_now(found, counts):
    """A row's like or dislike count as it is now: a vote moves no list on (the lists' version
    moves with what orders them), and a member who just voted must see their vote counted."""
    post_id, vote, words, _ = found.groups()
    if int(post_id) not in counts:
        return found[0]
    likes, dislikes = counts[int(post_id)]
    return f'data-vote="post{post_id}:{vote}">{words} ({likes if vote == "like" else dislikes})'


def unread_link(count, first_unread_id):
    """As templates/posts/_post_row.html writes it."""
    return format_html(
        ', <a class="unread" href="{}">{} new</a>', reverse("threads:comment", args=[first_unread_id]), count
    )


def member_rows_state(user, post_ids, *, about=None):
    """For these rows of a list, in one query: whether the member ignores anyone (their list is
    then their own), their votes (reader.vote_key each), and {post id: (unread count, first unread
    comment id)} for the threads with comments past what they had on screen (as
    unread.marks.with_unread_marks marks them); for a profile, whether they follow and ignore its
    member (`about`)."""
    ids = list(post_ids)
    with prepared_cursor(connection) as cursor:
        cursor.execute(
            _ROWS_STATE,
            [user.pk, user.pk, ids, user.pk, ids, user.pk, about, user.pk, about, ids],
        )
        ignores_anyone, votes, unread, following, ignoring, counts = cursor.fetchone()
    return {
        "ignores_anyone": ignores_anyone,
        "votes": votes,
        "unread": {post_id: (count, first_id) for post_id, count, first_id in unread},
        "following": following,
        "ignoring": ignoring,
        "counts": {post_id: (likes, dislikes) for post_id, likes, dislikes in counts},
    }


_ROWS_STATE = f"""
SELECT
    EXISTS(SELECT 1 FROM {Ignore._meta.db_table} WHERE ignorer_id = %s),
    ARRAY(
        SELECT 'post' || post_id || CASE WHEN vote = {Like.Vote.LIKE} THEN ':like' ELSE ':dislike' END
        FROM {Like._meta.db_table} WHERE user_id = %s AND post_id = ANY(%s)
    ),
    ARRAY(
        SELECT ARRAY[seen.post_id, post.comment_count - seen.seen_number, first_unread.id]
        FROM {Read._meta.db_table} AS seen
        JOIN {Post._meta.db_table} AS post ON post.id = seen.post_id
        JOIN {Comment._meta.db_table} AS first_unread
          ON first_unread.post_id = seen.post_id AND first_unread.number = seen.seen_number + 1
        WHERE seen.user_id = %s AND seen.post_id = ANY(%s) AND post.comment_count > seen.seen_number
    ),
    EXISTS(SELECT 1 FROM {Follow._meta.db_table} WHERE follower_id = %s AND followed_id = %s),
    EXISTS(SELECT 1 FROM {Ignore._meta.db_table} WHERE ignorer_id = %s AND ignored_id = %s),
    ARRAY(SELECT ARRAY[id, like_count, dislike_count] FROM {Post._meta.db_table} WHERE id = ANY(%s))
"""
