from django.core.management.base import BaseCommand

from forum.posts.viewcounts import flush_pending_views


class Command(BaseCommand):
    help = "Add the views read since the last flush to their posts' view counts."

    def handle(self, *args, **options):
        self.stdout.write(f"{flush_pending_views()} views flushed.")
