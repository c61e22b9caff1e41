"""What the world sees: the posts and comments a logged-out reader is shown.

Feeds and the sitemap are fetched without a session and stored by readers and crawlers for
everyone, so they show exactly the logged-out view: published posts that are not NSFW (held,
removed and nuked posts are not published), and the comments such a reader sees with their text
in those threads (numbered, approved, not deleted: a held comment's reason is for the page only).
"""

from django.contrib.auth.models import AnonymousUser

from forum.comments.models import Comment
from forum.posts.models import Post

WORLD = AnonymousUser()


def public_posts():
    return Post.objects.visible_to(WORLD)


def public_comments():
    return (
        Comment.objects.visible_to(WORLD)
        .filter(status=Comment.Status.APPROVED, deleted_at__isnull=True)
        .filter(post__in=public_posts())
    )
