"""What the database holds, to compare before and after a request that must change nothing."""

from django.db import connection

# Not the forum's state: sessions (a login, a message for the next page), the caches (rate-limit
# counters, rendered pages). Everything else, job queue included, must stay as it was.
NOT_STATE = {"django_session", "forum_cache", "forum_page_cache"}


def database_state():
    """{table: (row count, digest of every row)}, in one query."""
    tables = sorted(set(connection.introspection.table_names(include_views=False)) - NOT_STATE)
    quote = connection.ops.quote_name
    parts = [
        f"SELECT %s, count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {quote(table)} t"
        for table in tables
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), tables)
        return {table: (count, digest) for table, count, digest in cursor.fetchall()}


def changed_tables(before, after):
    return sorted(table for table in before.keys() | after.keys() if before.get(table) != after.get(table))
