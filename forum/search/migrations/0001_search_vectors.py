"""The stored search vectors: a tsvector column on posts and on comments, computed by PostgreSQL
from the text itself (GENERATED ALWAYS ... STORED), so no writer can forget to keep it current,
and a GIN index on each. The models do not declare the columns: only forum/search reads them.

A stored generated column is recomputed only by an UPDATE that sets a column it is made from, so
the frequent counter updates (views, comment counts, likes, renumbering) never pay for it.
The GIN indexes are partial, over exactly the rows a search may show (see forum/search/results.py).
'english': stemmed ("housing" finds "houses"), with English stop words left out.

Statistics on 10,000 words rather than PostgreSQL's 1,000: the planner estimates a word it has no
statistics for as about half as frequent as the rarest one it has. With the default, a typo or a
name is estimated in thousands of comments, and PostgreSQL walks the whole table newest first
looking for them (5 s at 2,000,000 comments) instead of asking the index (1 ms). ANALYZE at once:
until then the new columns have no statistics at all, with the same effect."""

from django.db import migrations

POSTS = """
ALTER TABLE posts_post ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')
) STORED;
CREATE INDEX posts_search_vector ON posts_post USING gin (search_vector) WHERE status = 'published';
ALTER TABLE posts_post ALTER COLUMN search_vector SET STATISTICS 1000;
ANALYZE posts_post;
"""

POSTS_REVERSE = """
DROP INDEX posts_search_vector;
ALTER TABLE posts_post DROP COLUMN search_vector;
"""

COMMENTS = """
ALTER TABLE comments_comment ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    to_tsvector('english', body)
) STORED;
CREATE INDEX comments_search_vector ON comments_comment USING gin (search_vector)
    WHERE status = 'approved' AND deleted_at IS NULL;
ALTER TABLE comments_comment ALTER COLUMN search_vector SET STATISTICS 1000;
ANALYZE comments_comment;
"""

COMMENTS_REVERSE = """
DROP INDEX comments_search_vector;
ALTER TABLE comments_comment DROP COLUMN search_vector;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0009_held_reason"),
        ("comments", "0004_posting_and_edits"),
    ]

    operations = [
        migrations.RunSQL(POSTS, reverse_sql=POSTS_REVERSE),
        migrations.RunSQL(COMMENTS, reverse_sql=COMMENTS_REVERSE),
    ]
