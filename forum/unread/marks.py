"""Marks on lists: which threads the member has opened and that have comments since."""

from django.db.models import F, OuterRef, Subquery

from forum.comments.models import Comment

from .models import Read


def with_unread_marks(posts, user):
    """posts (a Post queryset) with, for a member, `unread_count` (comments past the last they had
    on screen, in threads they opened before) and `first_unread_id` (the first of them), in the
    list's own query. Threads never opened carry no mark: everything in them is new."""
    if not user.is_authenticated:
        return posts
    seen = Subquery(Read.objects.filter(user=user, post=OuterRef("pk")).values("seen_number")[:1])
    return posts.annotate(seen_number=seen, unread_count=F("comment_count") - F("seen_number")).annotate(
        first_unread_id=Subquery(
            Comment.objects.filter(post=OuterRef("pk"), number=OuterRef("seen_number") + 1).values("pk")[:1]
        )
    )
