import re

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Func, Value
from django.db.models.functions import Lower
from django.urls import reverse

from forum.core.rows import toggle_row

SEPARATORS = "[-_.]"


def name_skeleton(name):
    """What a reader sees of a name: `Zz.yzzx`, `zz_yzzx` and `zzyzzx` are one person to them."""
    return re.sub(SEPARATORS, "", name.lower())


def username_skeleton_expression():
    """name_skeleton() in SQL, for the unique constraint and look-ups that use its index."""
    return Func(Lower("username"), Value(SEPARATORS), Value(""), Value("g"), function="regexp_replace")


class User(AbstractUser):
    """A member. Anonymous commenters are not users: see forum.anonymous."""

    about = models.TextField(blank=True, max_length=5000)

    class Meta:
        constraints = [
            # `Zzyzzx` and `zzyzzx` would be two people to the database and one to every reader.
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique"),
            # Also settles two simultaneous sign-ups of look-alike names (accounts/adapter.py).
            models.UniqueConstraint(username_skeleton_expression(), name="accounts_user_username_skeleton_unique"),
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
