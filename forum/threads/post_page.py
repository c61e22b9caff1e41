"""The post page: the post, one page of its thread, and the comment box, as one reader sees it.

The detail view and the refused-comment view both build it here. The writes and redirects that
come with reading a post (the view count, `?c=`, the canonical slug) are the views' own.
"""

from urllib.parse import quote

from forum.anonymous.models import AnonymousIdentity
from forum.comments.forms import CommentForm
from forum.comments.models import Comment
from forum.comments.quoting import quote_markdown
from forum.core.paging import positive_int
from forum.posts.models import Post
from forum.watches.models import Watch

from .pages import thread_page


def post_page_context(post, *, user, visitor, page, absolute_url, quote_wanted="", form=None):
    """Everything templates/threads/post.html shows. `visitor` is request.visitor (read only
    for logged-out readers); `quote_wanted` is the `?quote=` of the no-JavaScript quote link."""
    visitor_digest = None if user.is_authenticated else visitor.digest
    neighbours = Post.objects.visible_to(user).only("id", "slug", "title")
    return {
        "post": post,
        "thread": thread_page(post, user=user, visitor_digest=visitor_digest, page=page),
        "previous_post": neighbours.older_than(post).first(),
        "next_post": neighbours.newer_than(post).first(),
        "is_following": user.is_authenticated and user != post.author and user.is_following(post.author),
        "is_watching": user.is_authenticated and Watch.objects.filter(user=user, post=post).exists(),
        "can_toggle_nsfw": post.can_toggle_nsfw(user),
        "comment_as": user.username if user.is_authenticated else AnonymousIdentity.name_for(visitor.digest),
        "form": form
        or CommentForm(initial={"body": quote_for_link(post, quote_wanted, user, visitor_digest)}, user=user),
        "absolute_url": absolute_url,
        "share_mailto": f"mailto:?subject={quote(post.title)}&body={quote(absolute_url)}",
    }


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
