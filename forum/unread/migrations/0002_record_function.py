from django.db import migrations

# Read.record as a function, so that the query a member's thread page makes anyway
# (threads/post_page.reader_state) records how far they have read, at no round trip of its own.
CREATE = """
CREATE FUNCTION unread_record(member bigint, thread bigint, seen integer) RETURNS boolean
LANGUAGE sql VOLATILE AS $$
    INSERT INTO unread_read (user_id, post_id, seen_number, seen_at) VALUES (member, thread, seen, now())
    ON CONFLICT (user_id, post_id) DO UPDATE
    SET seen_at = EXCLUDED.seen_at, seen_number = GREATEST(unread_read.seen_number, EXCLUDED.seen_number);
    SELECT true;
$$
"""


class Migration(migrations.Migration):
    dependencies = [("unread", "0001_initial")]

    operations = [migrations.RunSQL(CREATE, "DROP FUNCTION unread_record(bigint, bigint, integer)")]
