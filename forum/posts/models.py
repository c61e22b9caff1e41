import random

from django.conf import settings
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from forum.markup import render_markdown

# How many random ids to try per round when picking a random post (see PostQuerySet.random).
RANDOM_PROBES = 16
RANDOM_ROUNDS = 4


class PostQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(status=Post.Status.PUBLISHED)

    def readable_by(self, user):
        """Posts this reader may open by link: published ones (NSFW too); held and removed ones
        only for their author and staff."""
        if user.is_authenticated and user.is_staff:
            return self
        if user.is_authenticated:
            return self.filter(models.Q(status=Post.Status.PUBLISHED) | models.Q(author=user))
        return self.visible()

    def visible_to(self, user):
        """What a list shows this reader: published posts; NSFW ones only to members."""
        posts = self.visible()
        if not user.is_authenticated:
            posts = posts.filter(is_nsfw=False)
        return posts

    def active_first(self):
        return self.order_by("-latest_activity_at", "-id")

    def newest_first(self):
        return self.order_by("-created_at", "-id")

    def for_list(self):
        return self.select_related("author").only(
            "id", "title", "slug", "excerpt", "created_at", "latest_activity_at", "comment_count",
            "view_count", "is_nsfw", "first_image_url", "author__id", "author__username",
        )  # fmt: skip

    def older_than(self, post):
        """Posts before this one, nearest first. The `created_at <=` bound lets PostgreSQL start
        its index scan at the post instead of walking down from the newest."""
        return (
            self.filter(created_at__lte=post.created_at)
            .exclude(created_at=post.created_at, id__gte=post.id)
            .order_by("-created_at", "-id")
        )

    def newer_than(self, post):
        return (
            self.filter(created_at__gte=post.created_at)
            .exclude(created_at=post.created_at, id__lte=post.id)
            .order_by("created_at", "id")
        )

    def random(self, *, excluding_id=None, rng=random):
        """A uniformly random post of this queryset, without ORDER BY random() or OFFSET.

        Draw ids uniformly from [min id, max id] and keep the first that exists in the queryset:
        each accepted draw is uniform over the posts, whatever the gaps between ids. Each round is
        one indexed query. Should every draw miss (a queryset much sparser than its id range), fall
        back to the first post at or after a random id, which is never empty but favours posts
        after gaps. excluding_id (the post being read) is skipped unless it is the only one.
        """
        if excluding_id is not None:
            return self.exclude(pk=excluding_id).random(rng=rng) or self.random(rng=rng)
        bounds = self.aggregate(low=models.Min("id"), high=models.Max("id"))
        if bounds["low"] is None:
            return None
        for _ in range(RANDOM_ROUNDS):
            draws = [rng.randint(bounds["low"], bounds["high"]) for _ in range(RANDOM_PROBES)]
            found = {post.id: post for post in self.filter(id__in=draws).only("id", "slug")}
            for draw in draws:
                if draw in found:
                    return found[draw]
        after = self.only("id", "slug").order_by("id")
        return after.filter(id__gte=rng.randint(bounds["low"], bounds["high"])).first() or after.first()


class Post(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", "published"
        HELD = "held", "held for moderation"
        REMOVED = "removed", "removed"

    TITLE_MAX = 200
    BODY_MAX = 100_000

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(max_length=TITLE_MAX)
    slug = models.SlugField(max_length=100, allow_unicode=False)
    body = models.TextField(max_length=BODY_MAX, help_text="Markdown, as the author wrote it.")
    body_html = models.TextField(editable=False, help_text="Rendered and sanitized from body on save.")
    excerpt = models.TextField(editable=False, blank=True)
    first_image_url = models.URLField(max_length=2000, editable=False, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PUBLISHED)
    is_nsfw = models.BooleanField("NSFW", default=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every new comment, not by edits: the home page's "active" order.
    latest_activity_at = models.DateTimeField(default=timezone.now)
    view_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0, help_text="Approved comments.")

    objects = PostQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["-latest_activity_at", "-id"],
                name="posts_active_visible",
                condition=models.Q(status="published"),
            ),
            models.Index(
                fields=["created_at", "id"], name="posts_created_visible", condition=models.Q(status="published")
            ),
            models.Index(fields=["author", "-created_at"], name="posts_by_author"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("threads:post", args=[self.pk, self.slug])

    def set_body(self, text):
        """Keep body, its rendered HTML and what lists show of it in step."""
        rendered = render_markdown(text)
        self.body = text
        self.body_html = rendered.html
        self.excerpt = rendered.excerpt
        self.first_image_url = rendered.first_image_url

    def set_title(self, title):
        self.title = title.strip()
        self.slug = slugify(self.title)[:100].strip("-") or "post"

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def is_visible_to(self, user):
        """Anyone may open a published post (NSFW ones too, by link); the rest only its author and staff."""
        return self.is_published or user.is_staff or user == self.author

    def can_toggle_nsfw(self, user):
        """Established members only (accounts.User.is_established): a minutes-old account is too
        cheap a way to hide a post from every logged-out reader."""
        return user.is_authenticated and user.is_established

    def record_view(self):
        """+1 view; the page shows the stored count including this view."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Post._meta.db_table} SET view_count = view_count + 1 WHERE id = %s RETURNING view_count",
                [self.pk],
            )
            (self.view_count,) = cursor.fetchone()


class NsfwChange(models.Model):
    """Who marked a post safe or not safe for work, and when: every flip is kept."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="nsfw_changes")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_nsfw = models.BooleanField("marked NSFW", help_text="The flag as this change left it.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["post", "-created_at"], name="posts_nsfw_changes_by_post")]

    def __str__(self):
        return f"{self.changed_by} marked {self.post_id} {'NSFW' if self.is_nsfw else 'safe'}"
