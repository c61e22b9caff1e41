"""Writes to posts that are more than one row."""

from django.db import connection, transaction

from forum.core.pagecache import sitewide_changed

from .models import NsfwChange, Post


@transaction.atomic
def post_toggle_nsfw(post, *, by):
    """Flip the flag in one UPDATE (from what it is now, not from what the page showed) and keep
    a record of the flip. Returns the new value."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Post._meta.db_table} SET is_nsfw = NOT is_nsfw WHERE id = %s RETURNING is_nsfw", [post.pk]
        )
        (post.is_nsfw,) = cursor.fetchone()
    NsfwChange.objects.create(post=post, changed_by=by, is_nsfw=post.is_nsfw)
    Post.objects.filter(pk=post.pk).mark_threads_changed()  # its own page shows the flag
    sitewide_changed()  # lists hide NSFW posts from logged-out readers
    return post.is_nsfw
