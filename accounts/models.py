from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from forum.core.rows import toggle_row
from forum.markup.render import render_markdown

from .names import name_skeleton, username_skeleton_expression

__all__ = ["Follow", "Ignore", "RetiredName", "TrustLevel", "User", "name_skeleton", "username_skeleton_expression"]


class _Count(models.Subquery):
    """COUNT(*) of a queryset, as a column of another query."""

    template = "(SELECT count(*) FROM (%(subquery)s) _counted)"
    output_field = models.IntegerField()


class MemberManager(UserManager):
    def named(self, username):
        """Members by name in any case, through the unique index on lower(username): Django's
        `iexact` compares UPPER(), which no index serves (a scan of every member per profile)."""
        return self.alias(lower_name=Lower("username")).filter(lower_name=username.lower())

    def profile_counts(self, member, posts):
        """A profile's numbers in one query: post_total (of `posts`, what this reader may see of
        the member's posts), comment_total (approved, on published posts) and follower_total."""
        from forum.comments.models import Comment  # comments import accounts' user model

        comments = Comment.objects.filter(author_id=member.pk, status=Comment.Status.APPROVED, post__status="published")
        totals = self.filter(pk=member.pk).annotate(
            post_total=_Count(posts.values("author_id")),  # index-only, as posts_published_by_author allows
            comment_total=_Count(comments.values("pk")),
            follower_total=_Count(Follow.objects.filter(followed_id=member.pk).values("followed_id")),
        )
        return totals.values("post_total", "comment_total", "follower_total").get()


class TrustLevel(models.IntegerChoices):
    """How far the forum trusts a member. Moderated members' comments wait for approval; normal
    members are promoted from moderated after PROMOTE_AFTER_APPROVED_COMMENTS approved comments;
    moderators judge comments; admins also judge posts and members (forum/moderation)."""

    MODERATED = 0, "moderated"
    NORMAL = 1, "normal"
    MODERATOR = 2, "moderator"
    ADMIN = 3, "admin"


def new_member_trust_level():
    return TrustLevel[settings.NEW_MEMBER_TRUST_LEVEL.upper()].value


class User(AbstractUser):
    """A member. Anonymous commenters are not users: see forum.anonymous."""

    objects = MemberManager()

    trust_level = models.PositiveSmallIntegerField(choices=TrustLevel.choices, default=new_member_trust_level)

    ABOUT_MAX = 5000
    about = models.TextField(blank=True, max_length=ABOUT_MAX, help_text="Markdown, as the member wrote it.")
    about_html = models.TextField(blank=True, editable=False, help_text="Rendered and sanitized from about on save.")
    avatar = models.ImageField(upload_to="avatars/", blank=True)
    # Empty: the site's zone, as for logged-out readers.
    timezone = models.CharField(max_length=64, blank=True)
    summonable = models.BooleanField(default=True, help_text="Others may email this member by @mentioning them.")
    hide_images_in_lists = models.BooleanField(default=False)
    # Set when the member deleted their account: the row stays for the posts and comments it
    # wrote (their foreign keys PROTECT it), renamed and emptied (accounts/services.py).
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

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

    @property
    def is_moderator(self):
        """Judges comments: staff, or a member trusted as moderator or admin."""
        return self.is_active and (self.is_staff or self.trust_level >= TrustLevel.MODERATOR)

    @property
    def is_forum_admin(self):
        """Also judges posts and members (nuke, bans, trust levels)."""
        return self.is_active and (self.is_superuser or self.trust_level >= TrustLevel.ADMIN)

    @property
    def is_moderated(self):
        """Their comments wait for a moderator's approval."""
        return self.trust_level <= TrustLevel.MODERATED and not self.is_moderator

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

    def set_about(self, text):
        """Keep about and its rendered HTML in step: rendered once here, shown as stored."""
        self.about = text
        self.about_html = render_markdown(text).html if text else ""

    def set_avatar(self, path):
        """path: as forum.uploads.images.store_uploaded_image() returns it (a URL path under
        MEDIA_URL, or an absolute URL from object storage); empty removes the avatar."""
        self.avatar = path.removeprefix(settings.MEDIA_URL) if path.startswith(settings.MEDIA_URL) else path

    def delete_avatar_file(self, name):
        """Remove a stored avatar once the transaction that stopped using it commits (a file is
        not rolled back with one). Files held elsewhere (an absolute URL) are left alone."""
        if name and not name.startswith(("https://", "http://", "/")):
            storage = self.avatar.storage
            transaction.on_commit(lambda: storage.delete(name))

    @property
    def avatar_url(self):
        """Where the avatar is shown from, or "" for none."""
        name = self.avatar.name if self.avatar else ""
        if not name or name.startswith(("https://", "http://", "/")):
            return name
        return self.avatar.url

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    def relation_to(self, other):
        """{"following": bool, "ignoring": bool}: this member towards other, in one query."""
        if other.pk == self.pk:
            return {"following": False, "ignoring": False}
        return (
            User.objects.filter(pk=self.pk)
            .annotate(
                following=models.Exists(Follow.objects.filter(follower_id=self.pk, followed_id=other.pk)),
                ignoring=models.Exists(Ignore.objects.filter(ignorer_id=self.pk, ignored_id=other.pk)),
            )
            .values("following", "ignoring")
            .get()
        )

    def ignored_ids(self):
        """Ids of the members this member ignores: a set, one query. See IgnoreQuerySet."""
        return set(Ignore.objects.ignored_by(self))

    def can_ignore(self, other):
        """Anyone but yourself: the database refuses that row too (accounts_ignore_not_self)."""
        return other.pk != self.pk and other.is_active

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


class IgnoreQuerySet(models.QuerySet):
    def ignored_by(self, user):
        """The ids of the members `user` ignores, as a lazy values list: use it as a subquery,
        `Comment.objects.exclude(author_id__in=Ignore.objects.ignored_by(user))`, which costs no
        query of its own, or `set()` it once per request to test ids in Python. Empty for visitors."""
        if not user.is_authenticated:
            return self.none().values_list("ignored_id", flat=True)
        return self.filter(ignorer_id=user.pk).values_list("ignored_id", flat=True)


class Ignore(models.Model):
    """A member who no longer wants to see another's posts and comments, anywhere."""

    ignorer = models.ForeignKey(User, on_delete=models.CASCADE, related_name="ignoring_set")
    ignored = models.ForeignKey(User, on_delete=models.CASCADE, related_name="ignored_by_set")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IgnoreQuerySet.as_manager()

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


class RetiredNameQuerySet(models.QuerySet):
    def holding(self, name):
        """The retired name that `name` reads as, if any (one index lookup)."""
        return self.filter(skeleton=name_skeleton(name))


class RetiredName(models.Model):
    """The name of a member who deleted their account, never to be taken again: @mentions and
    links others wrote to them would otherwise lead to the newcomer, who could also pass for them.
    Kept as its skeleton (accounts/names.py), so its look-alikes are refused too, and because the
    skeleton is all the check needs of a name the member asked us to forget."""

    skeleton = models.CharField(max_length=150, unique=True)
    retired_at = models.DateTimeField(default=timezone.now)

    objects = RetiredNameQuerySet.as_manager()

    def __str__(self):
        return f"retired name {self.skeleton}"
