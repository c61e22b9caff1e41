from django.core.management.base import BaseCommand, CommandError

from forum.backups.archive import BackupError, make_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a new folder under BACKUP_DIR."

    def add_arguments(self, parser):
        parser.add_argument("--to", help="the backup's folder (default: BACKUP_DIR/<UTC time>)")

    def handle(self, *args, to=None, **options):
        try:
            folder = make_backup(to)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up to {folder}")
