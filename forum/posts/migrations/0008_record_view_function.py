from django.db import migrations

# One view, counted inside the query that reads the post (forum/posts/viewcounts.py): appending
# the PendingView and reading the count back cost the reader no round trip of their own.
CREATE = """
CREATE FUNCTION posts_record_view(post bigint) RETURNS bigint LANGUAGE sql VOLATILE AS $$
    INSERT INTO posts_pendingview (post_id) VALUES (post);
    SELECT view_count + (SELECT count(*) FROM posts_pendingview WHERE post_id = post)
    FROM posts_post WHERE id = post;
$$
"""


class Migration(migrations.Migration):
    dependencies = [("posts", "0007_posting_and_edits")]

    operations = [migrations.RunSQL(CREATE, "DROP FUNCTION posts_record_view(bigint)")]
