"""A backup is read as untrusted input and written for the site's account only."""

import io
import stat
import tarfile

import pytest
from django.core.management import call_command

from forum.backups.archive import DATABASE_FILE, MEDIA_FILE, BackupError, _extract_plain, restore_backup

# Never reached: a refused archive is refused before pg_restore runs (else: "pg_restore failed").
NO_DATABASE = "postgresql://nobody@127.0.0.1:1/none"


def backup_with(folder, *members):
    """A backup folder whose uploads archive holds these TarInfo members (files get a few bytes)."""
    folder.mkdir()
    (folder / DATABASE_FILE).write_bytes(b"not reached")
    with tarfile.open(folder / MEDIA_FILE, "w:gz") as archive:
        for member in members:
            data = b"bytes" if member.isfile() else b""
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data) if data else None)
    return folder


def entry(name, kind=tarfile.REGTYPE, linkname=""):
    member = tarfile.TarInfo(name)
    member.type, member.linkname = kind, linkname
    return member


@pytest.mark.parametrize(
    "member",
    [
        # Inside the staging folder while extracting, out of MEDIA_ROOT once moved into it.
        entry("media/up", tarfile.SYMTYPE, ".."),
        entry("media/a/b", tarfile.SYMTYPE, "../.."),
        entry("media/hard", tarfile.LNKTYPE, "media/x"),
        entry("media/fifo", tarfile.FIFOTYPE),
        entry("elsewhere/x"),
        entry("media/../x"),
        entry("/media/x"),
    ],
    ids=lambda member: member.name,
)
def test_an_archive_with_links_or_paths_out_of_media_is_refused_before_anything_is_replaced(tmp_path, member):
    media = tmp_path / "media"
    media.mkdir()
    (media / "kept.webp").write_bytes(b"the site's own upload")
    folder = backup_with(tmp_path / "20260101T000000Z", entry("media", tarfile.DIRTYPE), entry("media/x"), member)

    with pytest.raises(BackupError, match="not a backup this site wrote"):
        restore_backup(folder, url=NO_DATABASE, media_root=media)

    assert [path.name for path in media.iterdir()] == ["kept.webp"]
    assert not (tmp_path / "media.restoring").exists()


@pytest.mark.django_db
def test_a_backup_folder_is_readable_by_the_sites_account_only(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("backup")
    (folder,) = settings.BACKUP_DIR.iterdir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


@pytest.mark.parametrize("has_filters", [True, False], ids=["python 3.11.4+", "python 3.11.2 (Debian 12)"])
def test_uploads_come_out_as_plain_files_with_or_without_tarfiles_filters(tmp_path, monkeypatch, has_filters):
    if not has_filters:
        monkeypatch.delattr(tarfile, "data_filter", raising=False)
    setuid = entry("media/a/x.png")
    setuid.mode = 0o4777  # no mode of the archive's reaches the uploads
    folders = entry("media", tarfile.DIRTYPE), entry("media/a", tarfile.DIRTYPE)
    folder = backup_with(tmp_path / "backup", *folders, setuid)
    staging = tmp_path / "staging"
    staging.mkdir()
    with tarfile.open(folder / MEDIA_FILE, "r:gz") as archive:
        _extract_plain(archive, staging)
    extracted = staging / "media" / "a" / "x.png"
    assert extracted.read_bytes() == b"bytes"
    assert not extracted.stat().st_mode & (stat.S_ISUID | stat.S_IWOTH)
