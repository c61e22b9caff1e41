"""Counting views without a hot row: each view appends a PendingView; flush_pending_views() adds
them to their posts in one statement, every VIEW_FLUSH_INTERVAL at most, after a response has
gone out (or from `manage.py flush_views`, e.g. from cron)."""

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
    """Move every pending view into its post's view_count, atomically (one statement: a view is
    either still pending or counted, never both, never neither). Returns how many moved."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH moved AS (DELETE FROM {PendingView._meta.db_table} RETURNING post_id),
                 counted AS (SELECT post_id, count(*) AS views FROM moved GROUP BY post_id),
                 updated AS (
                     UPDATE {Post._meta.db_table} AS post SET view_count = post.view_count + counted.views
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
