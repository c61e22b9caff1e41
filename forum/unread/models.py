"""How far a member has read each thread, so lists can mark threads with comments they have not
seen and link to the first of them."""

from django.conf import settings
from django.db import connection, models
from django.utils import timezone


class ReadQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(user=user)


class Read(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="+")
    # The highest comment number the member has had on screen; only ever grows.
    seen_number = models.PositiveIntegerField(default=0)
    seen_at = models.DateTimeField(default=timezone.now)  # when they last read further

    objects = ReadQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="unread_read_once")]

    def __str__(self):
        return f"{self.user} read post {self.post_id} to #{self.seen_number}"

    @classmethod
    def record(cls, user, post, seen_number):
        """The member has seen the thread up to seen_number, whatever came first: reading an
        earlier page again never moves the mark back."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT unread_record(%s, %s, %s)", [user.pk, post.pk, seen_number])
