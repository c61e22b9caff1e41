"""Counting views without a hot row: each view adds one to its connection's PendingView of the
post; flush_pending_views() adds them to their posts in one statement, every VIEW_FLUSH_INTERVAL
at most, after a response has gone out (or from `manage.py flush_views`, e.g. from cron)."""

import logging
import time
from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.db.models.expressions import RawSQL

from .models import PendingView, Post

VIEW_FLUSH_INTERVAL = timedelta(seconds=10)
_FLUSH_CLAIM = "posts:views-flush-claim"
logger = logging.getLogger(__name__)
# When this process last asked the shared cache for the flush: asking costs a query, so once an
# interval per process, not once a view.
_last_claim_attempt = 0.0


def record_view(post) -> int:
    """Count one view of post; returns its view count including this one, exact whatever was
    flushed meanwhile (the flushed count and the pending rows are read after the append)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT posts_record_view(%s)", [post.pk])
        row = cursor.fetchone()
    post.view_count = row[0] if row and row[0] is not None else post.view_count + 1
    return post.view_count


def counting_a_view(slug):
    """An annotation for the query that reads a post for a reader: it counts their view and is the
    count including it, or NULL when the address's slug is not the post's (a redirect follows,
    and the view is counted where it lands). It writes: never route it to a read replica."""
    table = Post._meta.db_table
    return RawSQL(f"CASE WHEN {table}.slug = %s THEN posts_record_view({table}.id) END", [slug or ""])


def flush_pending_views() -> int:
    """Move the pending views into their posts' view_count, atomically (one statement: a view is
    either still pending or counted, never both, never neither). Returns how many moved.

    A post whose row a writer holds (a comment being numbered, an edit) is skipped, its views left
    for the next flush: the flush runs in a reader's request (flush_soon), and a reader must never
    wait on a writer. Views of a post that no longer exists are dropped."""
    pending, posts = PendingView._meta.db_table, Post._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH locked AS (
                     SELECT id FROM {posts} WHERE id IN (SELECT post_id FROM {pending})
                     FOR NO KEY UPDATE SKIP LOCKED
                 ),
                 moved AS (
                     DELETE FROM {pending} AS view
                     WHERE view.post_id IN (SELECT id FROM locked)
                        OR NOT EXISTS (SELECT 1 FROM {posts} AS post WHERE post.id = view.post_id)
                     RETURNING post_id, views
                 ),
                 counted AS (SELECT post_id, sum(views) AS views FROM moved GROUP BY post_id),
                 updated AS (
                     UPDATE {posts} AS post SET view_count = post.view_count + counted.views
                     FROM counted WHERE post.id = counted.post_id
                 )
            SELECT coalesce(sum(views), 0) FROM counted
            """
        )
        return cursor.fetchone()[0]


def flush_soon(response):
    """Flush after this response has been sent (its closers run once the body is out and before
    the request's database connection is released), if no process has in the last interval."""
    global _last_claim_attempt
    now = time.monotonic()
    interval = VIEW_FLUSH_INTERVAL.total_seconds()
    if now - _last_claim_attempt >= interval:
        _last_claim_attempt = now
        if cache.add(_FLUSH_CLAIM, 1, timeout=interval):
            response._resource_closers.append(_flush_logging_errors)
    return response


def _flush_logging_errors():
    try:
        flush_pending_views()
    except Exception:  # the reader has their page already; the views wait for the next flush
        logger.exception("Flushing pending views failed.")
