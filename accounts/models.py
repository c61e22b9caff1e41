from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from forum.core.rows import toggle_row


class User(AbstractUser):
    """A member. Anonymous commenters are not users: see forum.anonymous."""

    about = models.TextField(blank=True, max_length=5000)

    class Meta:
        constraints = [
            # `Zzyzzx` and `zzyzzx` would be two people to the database and one to every reader.
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique"),
        ]

    def get_absolute_url(self):
        return reverse("accounts:profile", args=[self.username])

    def is_following(self, other):
        return Follow.objects.filter(follower=self, followed=other).exists()


class Follow(models.Model):
    follower = models.ForeignKey(User, on_delete=models.CASCADE, related_name="following_set")
    followed = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follower_set")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followed"], name="accounts_follow_once"),
            models.CheckConstraint(condition=~models.Q(follower=models.F("followed")), name="accounts_follow_not_self"),
        ]

    def __str__(self):
        return f"{self.follower} follows {self.followed}"

    @classmethod
    def toggle(cls, *, follower, followed):
        """Follow if not following, else unfollow. Returns True when now following."""
        return toggle_row(cls, follower=follower, followed=followed)
