"""The post page as a member sees it, from a page rendered once for all members.

Members' pages of one post differ in a few values and a few choices: their name in the header and
the comment box, whether they follow the author and watch the post, how far they had read, their
votes, the links on the comments they may change, the comments of members they ignore. So the
page is rendered once for a stand-in member with a slot for each of those (forum/core/pagecache.py),
kept in the page cache under the same versions as the logged-out page (the thread's version, its
NSFW flag, the lists' counter), and each member's request fills it in with string work from one
query about them (post_page.reader_state), where rendering the page for them took 15-20 ms.

Some members' pages are still rendered for them alone (may_share_member_post_page):
staff and moderators (held comments' text, their controls), the post's author (edit link, a held
post), a member with comments of their own waiting in the thread, a `?quote=` or a flash message,
and a member who ignores the author of the previous or next post (the page links past them).
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import get_token
from django.utils import timezone

from forum.comments.forms import CommentForm
from forum.core.pagecache import (
    Slots,
    StandInMember,
    cached_page,
    fill,
    may_share_member_page,
    member_values,
    render_shared,
)
from forum.posts.models import Post

from .pages import page_count, thread_page
from .post_page import reader_state, share_mailto, views_text
from .reader import for_reader, own_vote_keys, without_reader_parts

# As the logged-out page: every date is absolute and every change moves the versions on.
SHARED_PAGE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class SharedMemberPage:
    before: str  # the page up to its comments
    after: str  # and after them
    comments: list  # the page's numbered comments (reader.RenderedComment)
    plain: tuple  # each of them as a member with no part in it sees it (reader.without_reader_parts)
    last_number: int  # how far a member who opens the page has read
    neighbour_authors: frozenset  # who wrote the previous and next post
    follow: tuple  # the byline's follow form: (not following, following)
    watch: tuple  # its watch form: (not watching, watching)


def may_share_member_post_page(request, post):
    """Whether this member's page can be the shared one; `post` as views.py reads it for members
    who share pages (with has_own_waiting)."""
    return (
        post.status == Post.Status.PUBLISHED
        and post.author_id != request.user.pk
        and not post.has_own_waiting
        and may_share_member_page(request, last_page=page_count(post))
    )


def member_post_page(request, post, *, page, absolute_url, whole):
    """(html, reader_state): the page for this member, or (None, reader_state) where it must be
    rendered for them alone; either way their reading is recorded, once. whole() is the post with
    everything a page shows, read only when the shared page is rendered."""
    user = request.user
    can_toggle_nsfw = post.can_toggle_nsfw(user)
    key = f"member-post:{post.pk}:{request.get_full_path()}:{timezone.get_current_timezone_name()}:{can_toggle_nsfw:d}"
    shared = cached_page(
        key,
        (post.thread_version, post.is_nsfw),
        lambda: _render(request, whole(), page=page, absolute_url=absolute_url, can_toggle_nsfw=can_toggle_nsfw),
        timeout=SHARED_PAGE_SECONDS,
    )
    comment_ids = [comment.id for comment in shared.comments]
    reader = reader_state(post, user, comment_ids=comment_ids, seen_number=shared.last_number)
    if shared.neighbour_authors & reader["ignored"]:
        return None, reader
    token = get_token(request)
    # The forms first: they carry the CSRF slot.
    values = {
        Slots.FOLLOW: shared.follow[reader["following"]],
        Slots.WATCH: shared.watch[reader["watching"]],
        **member_values(request),
        Slots.SEEN: str(reader["seen_before"]),
        Slots.VIEW_COUNT: views_text(post.view_count),
        Slots.CSRF_TOKEN: token,
    }
    own = own_vote_keys(user, post, shared.comments)
    post_keys = {"votes": _keys_of(reader["votes"], "post"), "own": _keys_of(own, "post")}
    before, after = (for_reader(fill(part, values), **post_keys) for part in (shared.before, shared.after))
    comments = fill(_comments_for(shared, reader, own), {Slots.CSRF_TOKEN: token})
    return before + comments + after, reader


def _comments_for(shared, reader, own):
    """The page's comments as this member sees them: reader.for_reader's work, done only on the
    comments it changes (theirs, the ones they voted on), the others as every member sees them;
    string work on a few comments rather than on a whole page of them."""
    votes = _keys_by_comment(reader["votes"])
    owns = _keys_by_comment(own)
    ignored, may_change = reader["ignored"], reader["may_change"]
    parts = []
    for comment, plain in zip(shared.comments, shared.plain, strict=True):
        if comment.author_id in ignored:
            continue
        if comment.id in votes or comment.id in owns or comment.id in may_change:
            own_keys, vote_keys = owns.get(comment.id, ()), votes.get(comment.id, ())
            parts.append(for_reader(comment.html, votes=vote_keys, may_change=may_change, own=own_keys))
        else:
            parts.append(plain)
    return "".join(parts)


def _keys_of(keys, kind):
    return [key for key in keys if key.startswith(kind)]


def _keys_by_comment(keys):
    """{comment id: its vote keys}, from reader.vote_key's `comment34:like`."""
    found = {}
    for key in _keys_of(keys, "comment"):
        found.setdefault(int(key[len("comment") : key.index(":")]), []).append(key)
    return found


def _render(request, post, *, page, absolute_url, can_toggle_nsfw):
    member = StandInMember(is_moderated=not can_toggle_nsfw)
    # The numbered comments are everyone's; no waiting ones (none of this member's, or no sharing).
    thread = thread_page(post, user=AnonymousUser(), page=page)
    thread.numbered_html = Slots.COMMENTS
    # Members see NSFW posts; the ones they ignore are checked per member (neighbour_authors).
    previous_post, next_post = Post.objects.visible().neighbours_of(post)
    context = {
        "post": post,
        "thread": thread,
        "previous_post": previous_post,
        "next_post": next_post,
        "follow_slot": Slots.FOLLOW,
        "watch_slot": Slots.WATCH,
        "can_toggle_nsfw": can_toggle_nsfw,
        "seen_number": Slots.SEEN,
        "can_edit_post": False,
        "form": CommentForm(initial={"body": ""}, user=member),
        "absolute_url": absolute_url,
        "share_mailto": share_mailto(post, absolute_url),
        "comment_as": Slots.USERNAME,
        "views_text": Slots.VIEW_COUNT,
    }

    def form(template, **state):
        return render_shared(template, {**context, **state}, request, user=member)

    # A thread with no comments has no place for them: all of it is `before`.
    before, _, after = render_shared("threads/post.html", context, request, user=member).partition(Slots.COMMENTS)
    return SharedMemberPage(
        before=before,
        after=after,
        comments=thread.numbered,
        plain=tuple(without_reader_parts(comment.html) for comment in thread.numbered),
        last_number=thread.last_number,
        neighbour_authors=frozenset(found.author_id for found in (previous_post, next_post) if found),
        follow=(form("threads/_follow.html", is_following=False), form("threads/_follow.html", is_following=True)),
        watch=(form("threads/_watch.html", is_watching=False), form("threads/_watch.html", is_watching=True)),
    )
