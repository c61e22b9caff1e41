"""`make backup` then `make restore` keeps every post, comment, member, like and upload.

The round trip goes into a database of its own (created and dropped here), restored twice: the
second restore lands on a database that has every table already, as restoring over a live site's
database does."""

import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from forum.backups.archive import BackupError, database_url, restore_backup
from forum.likes.models import Like
from forum.likes.services import vote
from tests.factories import make_comment, make_post, make_user

pytestmark = pytest.mark.django_db(transaction=True)

TABLES = {
    "posts_post": "SELECT id, title, body, body_html FROM posts_post ORDER BY id",
    "comments_comment": "SELECT id, post_id, body, body_html FROM comments_comment ORDER BY id",
    "accounts_user": "SELECT id, username, email, password FROM accounts_user ORDER BY id",
    "likes_like": "SELECT id, user_id, post_id, comment_id, vote FROM likes_like ORDER BY id",
}


def rows(cursor):
    found = {}
    for table, query in TABLES.items():
        cursor.execute(query)
        found[table] = cursor.fetchall()
    return found


@pytest.fixture
def scratch_database():
    name = f"test_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield database_url(name)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def forum_with_everything(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = settings.MEDIA_ROOT / "uploads" / "2026" / "a-photo.webp"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"RIFF\x00\x00\x00\x00WEBPpretend image bytes")
    writer, reader = make_user("writer"), make_user("reader")
    post = make_post(author=writer, title="Kept in the backup", body="Every word of it.")
    comment = make_comment(post, author=reader, body="A comment worth keeping.")
    vote(reader, post, Like.Vote.LIKE)
    vote(writer, comment, Like.Vote.DISLIKE)
    return upload


def test_a_backup_restores_every_row_and_upload(forum_with_everything, scratch_database, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    call_command("backup")
    (folder,) = settings.BACKUP_DIR.iterdir()
    with connection.cursor() as cursor:
        original = rows(cursor)
    assert all(original.values()) and len(original["likes_like"]) == 2

    restored_media = tmp_path / "restored-media"
    for _ in range(2):
        restore_backup(folder, url=scratch_database, media_root=restored_media)
        with psycopg.connect(scratch_database) as restored, restored.cursor() as cursor:
            assert rows(cursor) == original

    copy = restored_media / forum_with_everything.relative_to(settings.MEDIA_ROOT)
    assert copy.read_bytes() == forum_with_everything.read_bytes()


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    with pytest.raises(BackupError, match="not a backup folder"):
        restore_backup(tmp_path)
