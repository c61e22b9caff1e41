from django.db import migrations, models

# Views already pending are moved into their posts first: their rows carry no connection yet, and
# many rows of one post would break the new one-row-per-connection constraint.
FLUSH = """
WITH moved AS (DELETE FROM posts_pendingview RETURNING post_id),
     counted AS (SELECT post_id, count(*) AS views FROM moved GROUP BY post_id)
UPDATE posts_post AS post SET view_count = post.view_count + counted.views
FROM counted WHERE post.id = counted.post_id
"""

# One view, counted inside the query that reads the post (forum/posts/viewcounts.py): one more
# on this connection's row of the post, and the count shown is the flushed count plus the few
# rows pending for it.
RECORD_VIEW = """
CREATE OR REPLACE FUNCTION posts_record_view(post bigint) RETURNS bigint LANGUAGE sql VOLATILE AS $$
    INSERT INTO posts_pendingview (post_id, backend, views) VALUES (post, pg_backend_pid(), 1)
    ON CONFLICT (post_id, backend) DO UPDATE SET views = posts_pendingview.views + 1;
    SELECT view_count + (SELECT coalesce(sum(views), 0) FROM posts_pendingview WHERE post_id = post)
    FROM posts_post WHERE id = post;
$$
"""

RECORD_VIEW_BEFORE = """
CREATE OR REPLACE FUNCTION posts_record_view(post bigint) RETURNS bigint LANGUAGE sql VOLATILE AS $$
    INSERT INTO posts_pendingview (post_id) VALUES (post);
    SELECT view_count + (SELECT count(*) FROM posts_pendingview WHERE post_id = post)
    FROM posts_post WHERE id = post;
$$
"""


class Migration(migrations.Migration):
    dependencies = [("posts", "0010_list_orders_and_link_domain")]

    operations = [
        migrations.RunSQL(FLUSH, migrations.RunSQL.noop),
        migrations.AddField(
            model_name="pendingview",
            name="backend",
            field=models.IntegerField(default=0, help_text="pg_backend_pid() of the connection that counted them."),
        ),
        migrations.AddField(
            model_name="pendingview",
            name="views",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddConstraint(
            model_name="pendingview",
            constraint=models.UniqueConstraint(fields=("post", "backend"), name="posts_pending_views_per_connection"),
        ),
        migrations.RunSQL(RECORD_VIEW, RECORD_VIEW_BEFORE),
    ]
