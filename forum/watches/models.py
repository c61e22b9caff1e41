from django.conf import settings
from django.db import models

from forum.core.rows import toggle_row


class Watch(models.Model):
    """A member watching a post: its new comments are emailed to them (forum/notifications)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches")
    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="watches")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="watches_watch_once")]
        verbose_name_plural = "watches"

    def __str__(self):
        return f"{self.user} watches {self.post_id}"

    @classmethod
    def toggle(cls, *, user, post):
        """Watch if not watching, else stop. Returns True when now watching."""
        return toggle_row(cls, user=user, post=post)

    @classmethod
    def start(cls, *, user, post):
        """Watch, whether or not already watching: one statement, no error on a second call."""
        cls.objects.bulk_create([cls(user=user, post=post)], ignore_conflicts=True)
