from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from forum.core.rows import toggle_row

from .names import name_skeleton, username_skeleton_expression

__all__ = ["Follow", "Ignore", "User", "name_skeleton", "username_skeleton_expression"]


class MemberManager(UserManager):
    def named(self, username):
        """Members by name in any case, through the unique index on lower(username): Django's
        `iexact` compares UPPER(), which no index serves (a scan of every member per profile)."""
        return self.alias(lower_name=Lower("username")).filter(lower_name=username.lower())


class User(AbstractUser):
    """A member. Anonymous commenters are not users: see forum.anonymous."""

    objects = MemberManager()

    about = models.TextField(blank=True, max_length=5000)
    avatar = models.ImageField(upload_to="avatars/", blank=True)
    # Empty: the site's zone, as for logged-out readers.
    timezone = models.CharField(max_length=64, blank=True)
    summonable = models.BooleanField(default=True, help_text="Others may email this member by @mentioning them.")
    hide_images_in_lists = models.BooleanField(default=False)

    class Meta:
        constraints = [
            # `Zzyzzx` and `zzyzzx` would be two people to the database and one to every reader.
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique"),
            # Also settles two simultaneous sign-ups of look-alike names (accounts/adapter.py).
            models.UniqueConstraint(username_skeleton_expression(), name="accounts_user_username_skeleton_unique"),
        ]

    @property
    def is_established(self):
        """A member whose word carries: active, and either staff or a member for at least
        NEW_MEMBER_PERIOD with a verified email address. Links from members who are not yet
        established wait for approval, and they cannot flip a post's NSFW flag: a fresh account is
        too cheap a way round either rule. At most one query; none for staff or new members.
        Ask `user.is_authenticated` first: visitors (AnonymousUser) have no such property."""
        return self.is_established_if(lambda: EmailAddress.objects.filter(user=self, verified=True).exists())

    def is_established_if(self, email_verified):
        """is_established, for a caller that knows whether the email is verified (a bool, or a
        callable asked only when it matters) and so saves the query."""
        if not self.is_active:
            return False
        if self.is_staff:
            return True
        if self.date_joined > timezone.now() - settings.NEW_MEMBER_PERIOD:
            return False
        return email_verified() if callable(email_verified) else bool(email_verified)

    def get_absolute_url(self):
        return reverse("accounts:profile", args=[self.username])

    def is_following(self, other):
        return Follow.objects.filter(follower=self, followed=other).exists()

    def is_ignoring(self, other):
        return Ignore.objects.filter(ignorer=self, ignored=other).exists()


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


class Ignore(models.Model):
    """A member who no longer wants to see another's posts and comments, anywhere."""

    ignorer = models.ForeignKey(User, on_delete=models.CASCADE, related_name="ignoring_set")
    ignored = models.ForeignKey(User, on_delete=models.CASCADE, related_name="ignored_by_set")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ignorer", "ignored"], name="accounts_ignore_once"),
            models.CheckConstraint(condition=~models.Q(ignorer=models.F("ignored")), name="accounts_ignore_not_self"),
        ]

    def __str__(self):
        return f"{self.ignorer} ignores {self.ignored}"

    @classmethod
    def toggle(cls, *, ignorer, ignored):
        """Ignore if not ignoring, else stop. Returns True when now ignoring."""
        return toggle_row(cls, ignorer=ignorer, ignored=ignored)
