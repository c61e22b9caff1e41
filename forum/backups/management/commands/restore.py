from django.core.management.base import BaseCommand, CommandError

from forum.backups.archive import BackupError, latest_backup, restore_backup


class Command(BaseCommand):
    help = "Replace the database and the uploaded files with a backup's (default: the latest)."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", help="a folder `manage.py backup` wrote")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, folder=None, yes=False, **options):
        try:
            folder = folder or latest_backup()
            if not yes and input(f"Replace the database and uploads with {folder}? [y/N] ").lower() != "y":
                raise CommandError("Nothing restored.")
            restore_backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {folder}")
