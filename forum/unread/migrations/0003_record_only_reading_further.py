from django.db import migrations

# A member opens a thread page they have read as far before much more often than they read
# further (every reload, every return to a quiet thread): then nothing is written, and the query
# their page makes anyway (threads/post_page.reader_state) stays a read with nothing to commit.
# seen_at is when they last read further.
CREATE = """
CREATE OR REPLACE FUNCTION unread_record(member bigint, thread bigint, seen integer) RETURNS boolean
LANGUAGE sql VOLATILE AS $$
    INSERT INTO unread_read (user_id, post_id, seen_number, seen_at)
    SELECT member, thread, seen, now()
    WHERE NOT EXISTS (SELECT 1 FROM unread_read WHERE user_id = member AND post_id = thread AND seen_number >= seen)
    ON CONFLICT (user_id, post_id) DO UPDATE
    SET seen_at = EXCLUDED.seen_at, seen_number = GREATEST(unread_read.seen_number, EXCLUDED.seen_number);
    SELECT true;
$$
"""

BEFORE = """
CREATE OR REPLACE FUNCTION unread_record(member bigint, thread bigint, seen integer) RETURNS boolean
LANGUAGE sql VOLATILE AS $$
    INSERT INTO unread_read (user_id, post_id, seen_number, seen_at) VALUES (member, thread, seen, now())
    ON CONFLICT (user_id, post_id) DO UPDATE
    SET seen_at = EXCLUDED.seen_at, seen_number = GREATEST(unread_read.seen_number, EXCLUDED.seen_number);
    SELECT true;
$$
"""


class Migration(migrations.Migration):
    dependencies = [("unread", "0002_record_function")]

    operations = [migrations.RunSQL(CREATE, BEFORE)]
