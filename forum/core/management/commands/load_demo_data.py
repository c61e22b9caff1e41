from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from forum.core.demo.build import DEMO_PASSWORD, already_loaded, build_demo_forum


class Command(BaseCommand):
    help = "Load the demo forum (the seed post and a lived-in site around it) once; later runs do nothing."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even with DEBUG off.")

    def handle(self, *args, force=False, **options):
        if already_loaded():
            self.stdout.write("Demo data already loaded.")
            return
        if not settings.DEBUG and not force:
            raise CommandError("Demo members have a known password; refusing with DEBUG off (use --force).")
        counts = build_demo_forum()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {counts['posts']} posts, {counts['comments']} comments, {counts['members']} members. "
                f"Log in as admin (or any demo member) with password {DEMO_PASSWORD!r}."
            )
        )
