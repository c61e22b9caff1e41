"""Everything the post page shows around the post itself."""

from urllib.parse import quote

from forum.anonymous.models import AnonymousIdentity
from forum.comments.forms import CommentForm
from forum.comments.quoting import quote_markdown
from forum.comments.threads import visible_comments
from forum.core.paging import positive_int
from forum.watches.models import Watch

from .models import Post


def post_page_context(request, post, thread, form=None):
    user = request.user
    neighbours = Post.objects.visible_to(user).only("id", "slug", "title")
    absolute_url = request.build_absolute_uri(post.get_absolute_url())
    return {
        "post": post,
        "thread": thread,
        "previous_post": neighbours.older_than(post).first(),
        "next_post": neighbours.newer_than(post).first(),
        "is_following": user.is_authenticated and user != post.author and user.is_following(post.author),
        "is_watching": user.is_authenticated and Watch.objects.filter(user=user, post=post).exists(),
        "can_toggle_nsfw": post.can_toggle_nsfw(user),
        "comment_as": user.username if user.is_authenticated else AnonymousIdentity.name_for_request(request),
        "form": form or CommentForm(initial={"body": _quote_from_link(request, post)}, user=user),
        "absolute_url": absolute_url,
        "share_mailto": f"mailto:?subject={quote(post.title)}&body={quote(absolute_url)}",
    }


def _quote_from_link(request, post):
    """`?quote=ID` (a comment) or `?quote=post`: the quote link's no-JavaScript path."""
    wanted = request.GET.get("quote", "")
    if wanted == "post":
        return quote_markdown(name=post.author.username, url=post.get_absolute_url(), text=post.body)
    if comment_id := positive_int(wanted):
        comment = visible_comments(request, post).select_related("author", "anonymous").filter(pk=comment_id).first()
        if comment and comment.shows_text_to(request.user):
            return quote_markdown(name=comment.writer_name, url=comment.get_absolute_url(), text=comment.body)
    return ""
