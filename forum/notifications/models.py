from django.conf import settings
from django.db import models


class EmailSettings(models.Model):
    """Which emails a member receives. A member without a row has every switch on: the defaults,
    without a row per member who never opened the page.

    Emails for @mentions are switched by User.summonable (accounts), the one truth of whether
    others may summon a member by name."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="email_settings"
    )
    watched_comments = models.BooleanField("new comments on posts I watch", default=True)
    followed_posts = models.BooleanField("new posts by members I follow", default=True)
    new_follower = models.BooleanField("a new follower", default=True)
    watch_on_comment = models.BooleanField("commenting on a post watches it", default=True)

    # The switches an unsubscribe link may turn off (links.py), with what the page says it stops.
    EMAIL_SWITCHES = {
        "watched_comments": "emails of new comments on the posts you watch",
        "followed_posts": "emails of new posts by the members you follow",
        "new_follower": "emails when someone follows you",
    }

    class Meta:
        verbose_name_plural = "email settings"

    def __str__(self):
        return f"email settings of {self.user_id}"

    @classmethod
    def of(cls, user):
        """The member's settings, unsaved defaults if they never changed any."""
        return cls.objects.filter(user=user).first() or cls(user=user)

    @classmethod
    def switch_off(cls, user, switch):
        """One statement whether or not the member has a row: a link may be clicked twice at once."""
        cls.objects.bulk_create(
            [cls(user=user, **{switch: False})], update_conflicts=True, unique_fields=["user"], update_fields=[switch]
        )

    @classmethod
    def watches_on_comment(cls, user):
        return not cls.objects.filter(user=user, watch_on_comment=False).exists()
