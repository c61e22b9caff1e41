import random
import re
from urllib.parse import urljoin

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from forum.markup import render_markdown
from forum.markup.links import attribute_values, off_site_host

# How many random ids to try per round when picking a random post (see PostQuerySet.random).
RANDOM_PROBES = 16
RANDOM_ROUNDS = 4
SLUG_MAX = 100
# A host name is at most 253 characters (RFC 1035); anything longer is no domain to show.
DOMAIN_MAX = 253
# An <a> tag as the sanitizer writes it (forum/markup/links.py reads tags the same way).
_LINK_TAG = re.compile(r'<a((?: [a-z-]+="[^"]*")*)>')


def first_link_domain(html):
    """The host of the first link in sanitized HTML that leaves the site, without `www.`: what a
    list shows beside the title, as the original did for link posts. Images and players are not
    links the writer pointed readers to, so they do not count."""
    for tag in _LINK_TAG.finditer(html):
        for href in attribute_values(tag[1], ("href",)):
            if (host := off_site_host(href)) and len(host) <= DOMAIN_MAX:
                return host.removeprefix("www.")
    return ""


def cut_slug(slug):
    """A slug of at most SLUG_MAX characters, cut at the last hyphen that keeps it within them
    (a word boundary), or at SLUG_MAX for one word longer than that."""
    if len(slug) <= SLUG_MAX:
        return slug
    boundary = slug.rfind("-", 0, SLUG_MAX + 1)
    return slug[:boundary] if boundary > 0 else slug[:SLUG_MAX]


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
        """What a list shows this reader: published posts; NSFW ones only to members; none by
        members they ignore."""
        posts = self.visible()
        if not user.is_authenticated:
            return posts.filter(is_nsfw=False)
        from accounts.models import Ignore  # accounts imports posts for its profile pages

        return posts.exclude(author_id__in=Ignore.objects.ignored_by(user))

    def editable_by(self, user):
        """Posts this member may edit (Post.can_be_edited_by, as a lookup)."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.is_staff:
            return self
        return self.filter(author=user).exclude(status=Post.Status.REMOVED)

    def titled(self, title):
        """Posts with this title in any case, through the index on lower(title)."""
        return self.alias(lower_title=Lower("title")).filter(lower_title=Lower(models.Value(title.strip())))

    def by_author_since(self, author, since):
        return self.filter(author=author, created_at__gte=since)

    def mark_threads_changed(self):
        """Move these threads' cached comment pages on (forum/threads/cache.py). Call in the
        transaction of the change, so no app server can cache the old thread under the new key."""
        return self.update(thread_version=models.F("thread_version") + 1)

    def active_first(self):
        return self.order_by("-latest_activity_at", "-id")

    def newest_first(self):
        return self.order_by("-created_at", "-id")

    def oldest_first(self):
        return self.order_by("created_at", "id")

    def most_commented_first(self):
        return self.order_by("-comment_count", "-id")

    def most_liked_first(self):
        """By likes minus dislikes, through the index on that difference (posts_liked_visible)."""
        return self.alias(score=models.F("like_count") - models.F("dislike_count")).order_by("-score", "-id")

    def in_tab(self, tab):
        """In the order of one of the home page's tabs (Post.TABS)."""
        return getattr(self, Post.TABS[tab])()

    def created_between(self, start, end):
        return self.filter(created_at__gte=start, created_at__lt=end)

    def for_list(self):
        return self.select_related("author").only(
            "id", "title", "slug", "excerpt", "created_at", "latest_activity_at", "comment_count",
            "view_count", "is_nsfw", "first_image_url", "first_link_domain", "like_count", "dislike_count",
            "author__id", "author__username",
        )  # fmt: skip

    def with_votes_of(self, user):
        """Each post with `my_vote`, this member's vote on it (1, -1, or None), in the list's own
        query: their like buttons show pressed. Unchanged for a visitor (no votes)."""
        if not user.is_authenticated:
            return self
        from forum.likes.models import Like  # likes imports posts

        votes = Like.objects.filter(user_id=user.pk, post_id=models.OuterRef("pk")).values("vote")[:1]
        return self.annotate(my_vote=models.Subquery(votes))

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

    def neighbours_of(self, post):
        """(previous, next): the nearest older and newer post, in one query (a UNION of the two
        index scans older_than and newer_than each start at the post)."""
        columns = ("id", "slug", "title", "created_at", "author_id")  # whose: a member page checks its ignores
        older = self.older_than(post).only(*columns).annotate(side=models.Value("previous"))[:1]
        newer = self.newer_than(post).only(*columns).annotate(side=models.Value("next"))[:1]
        found = {row.side: row for row in older.union(newer, all=True)}
        return found.get("previous"), found.get("next")

    def id_bounds(self):
        """(smallest, largest) id of these posts, or (None, None): what random() draws between."""
        bounds = self.aggregate(low=models.Min("id"), high=models.Max("id"))
        return bounds["low"], bounds["high"]

    def random(self, *, excluding_id=None, rng=random, bounds=None):
        """A uniformly random post of this queryset, without ORDER BY random() or OFFSET.

        Draw ids uniformly from [min id, max id] and keep the first that exists in the queryset:
        each accepted draw is uniform over the posts, whatever the gaps between ids. Each round is
        one indexed query. Should every draw miss (a queryset much sparser than its id range), fall
        back to the first post at or after a random id, which is never empty but favours posts
        after gaps. excluding_id (the post being read) is skipped unless it is the only one.
        `bounds`: id_bounds() of these posts or of any posts they are among (draws outside these
        are simply missed), if the caller has them, e.g. from a cache.
        """
        if excluding_id is not None:
            return self.exclude(pk=excluding_id).random(rng=rng, bounds=bounds) or self.random(rng=rng, bounds=bounds)
        low, high = bounds or self.id_bounds()
        if low is None:
            return None
        for _ in range(RANDOM_ROUNDS):
            draws = [rng.randint(low, high) for _ in range(RANDOM_PROBES)]
            found = {post.id: post for post in self.filter(id__in=draws).only("id", "slug")}
            for draw in draws:
                if draw in found:
                    return found[draw]
        after = self.only("id", "slug").order_by("id")
        return after.filter(id__gte=rng.randint(low, high)).first() or after.first()


class Post(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", "published"
        HELD = "held", "held for moderation"
        REMOVED = "removed", "removed"

    class HeldReason(models.TextChoices):
        """Why a held post is held: the reasons a comment is held for (Comment.Status), so that
        moderators judge both alike. None (blank): waiting for a moderator's first look, as a
        new member's post with links does (posts/services.post_create)."""

        FLAGGED = "flagged", "flagged"
        SPAM = "spam", "spam"
        PERSONAL_ATTACK = "personal_attack", "personal attack"
        ANTI_FORUM = "anti_forum", "anti-forum"
        DOXING = "doxing", "doxing"

    TITLE_MAX = 200
    # Rendering is linear, but a table of this size already costs about 40 ms (nh3 builds its
    # tree as a browser does): the limit keeps every post well under 100 ms to render.
    BODY_MAX = 40_000
    # Slugs that would read as an action on the post: /post/5/edit is the edit form, never a post.
    RESERVED_SLUGS = frozenset({"edit"})
    # Written by set_title() and set_body() from what the author typed.
    RENDERED_FIELDS = ("title", "slug", "body", "body_html", "excerpt", "first_image_url", "first_link_domain")
    # The home page's tabs: each names the PostQuerySet order it lists posts in.
    TABS = {
        "active": "active_first",
        "comments": "most_commented_first",
        "likes": "most_liked_first",
        "new": "newest_first",
    }

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(max_length=TITLE_MAX)
    slug = models.SlugField(max_length=SLUG_MAX, allow_unicode=False)
    body = models.TextField(max_length=BODY_MAX, help_text="Markdown, as the author wrote it.")
    body_html = models.TextField(editable=False, help_text="Rendered and sanitized from body on save.")
    excerpt = models.TextField(editable=False, blank=True)
    first_image_url = models.URLField(max_length=2000, editable=False, blank=True)
    # Shown beside the title in lists; found once on save rather than in every row of every list.
    first_link_domain = models.CharField(max_length=DOMAIN_MAX, editable=False, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PUBLISHED)
    # Set by a moderator's hold (forum/moderation/services.py), only while the post is held.
    held_reason = models.CharField(max_length=20, choices=HeldReason.choices, blank=True)
    is_nsfw = models.BooleanField("NSFW", default=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every new comment, not by edits: the home page's "active" order.
    latest_activity_at = models.DateTimeField(default=timezone.now)
    # Views flushed from PendingView (forum/posts/viewcounts.py): readers never write this row.
    view_count = models.PositiveIntegerField(default=0)
    # Kept equal to the Like rows by forum/likes/services.py, in the same transaction.
    like_count = models.PositiveIntegerField(default=0, editable=False)
    dislike_count = models.PositiveIntegerField(default=0, editable=False)
    comment_count = models.PositiveIntegerField(default=0, help_text="Comments in the thread: all but those waiting.")
    # Bumped in the same transaction as every change to what the thread shows everyone, so a
    # cached page of comments (forum/threads/cache.py) is looked up under a key that has moved on.
    thread_version = models.PositiveIntegerField(default=0, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(held_reason="") | models.Q(status="held"),
                name="posts_reason_only_when_held",
                violation_error_message="Only a held post has a reason for being held.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["-latest_activity_at", "-id"],
                name="posts_active_visible",
                condition=models.Q(status="published"),
            ),
            models.Index(
                fields=["created_at", "id"], name="posts_created_visible", condition=models.Q(status="published")
            ),
            # The home page's "comments" and "likes" tabs: the first pages are the first rows of these.
            models.Index(
                fields=["-comment_count", "-id"], name="posts_commented_visible", condition=models.Q(status="published")
            ),
            models.Index(
                (models.F("like_count") - models.F("dislike_count")).desc(),
                models.F("id").desc(),
                name="posts_liked_visible",
                condition=models.Q(status="published"),
            ),
            models.Index(fields=["author", "-created_at"], name="posts_by_author"),
            # A profile's post count: an index-only scan instead of a page read per post.
            models.Index(
                fields=["author", "is_nsfw"], name="posts_published_by_author", condition=models.Q(status="published")
            ),
            # Duplicate titles are refused (posts/services.py): one index lookup, not a scan.
            models.Index(Lower("title"), name="posts_title_ci_published", condition=models.Q(status="published")),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("threads:post", args=[self.pk, self.slug])

    @property
    def first_image_absolute_url(self):
        """first_image_url as Open Graph wants it: an upload's /media/ path on the site's address."""
        return urljoin(settings.SITE_URL, self.first_image_url) if self.first_image_url else ""

    def set_body(self, text, rendered=None):
        """Keep body, its rendered HTML and what lists show of it in step. Pass `rendered` when it
        was rendered already (outside the transaction: rendering is the slow part)."""
        rendered = rendered or render_markdown(text)
        self.body = text
        self.body_html = rendered.html
        self.excerpt = rendered.excerpt
        self.first_image_url = rendered.first_image_url
        self.first_link_domain = first_link_domain(rendered.html)

    def set_title(self, title):
        self.title = title.strip()
        slug = cut_slug(slugify(self.title)).strip("-") or "post"
        self.slug = f"{slug}-post" if slug in self.RESERVED_SLUGS else slug

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def held_reason_label(self):
        """What a held post is held for, in words: its reason, or waiting for a first look."""
        if self.status != self.Status.HELD:
            return ""
        return self.get_held_reason_display() if self.held_reason else "waiting for approval"

    def is_visible_to(self, user):
        """Anyone may open a published post (NSFW ones too, by link); the rest only its author and staff."""
        return self.is_published or user.is_staff or user == self.author

    def can_be_edited_by(self, user):
        """Its author (unless staff removed it) and staff. No time limit: a post is the author's
        page, and an edit leaves the old text in PostEdit for staff."""
        if not (user.is_authenticated and user.is_active):
            return False
        return user.is_staff or (user.pk == self.author_id and self.status != self.Status.REMOVED)

    def can_toggle_nsfw(self, user):
        """Active members above the lowest trust level (accounts.models.TrustLevel): a moderated
        account, new or demoted, is too cheap a way to hide a post from every logged-out reader.
        Members past the hourly cap are refused by the service (posts/services.py). No query."""
        return user.is_authenticated and user.is_active and not user.is_moderated


class PostEdit(models.Model):
    """A post's title and body as they were before one edit: the history staff see in the admin."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="edits")
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    edited_at = models.DateTimeField(default=timezone.now)
    title = models.CharField("previous title", max_length=Post.TITLE_MAX)
    body = models.TextField("previous body")

    class Meta:
        indexes = [models.Index(fields=["post", "-edited_at"], name="posts_edits_by_post")]

    def __str__(self):
        return f"{self.edited_by} edited {self.post_id} on {self.edited_at:%Y-%m-%d %H:%M}"


class PendingView(models.Model):
    """Views of a post not yet added to its view_count, as one database connection counted them.

    Each connection (one per app server thread) counts into a row of its own, so that no reader
    waits on another's lock, where `UPDATE posts SET view_count = view_count + 1` made every reader
    of a busy thread queue on one row; and the count shown with a view sums a few rows, not one
    row per view (a burst of thousands between two flushes made that sum slower with each view).
    The rows are flushed into the posts in batches (viewcounts.py); the table is UNLOGGED
    (migration 0003): a crash may lose views not yet flushed, never flushed ones.
    """

    # No foreign key in the database: checking one locks the post row against comment writers
    # (SELECT ... FOR UPDATE), and a reader must never wait on a writer. Rows of a deleted post
    # are simply dropped by the next flush.
    post = models.ForeignKey(Post, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    backend = models.IntegerField(default=0, help_text="pg_backend_pid() of the connection that counted them.")
    views = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "backend"], name="posts_pending_views_per_connection")]

    def __str__(self):
        return f"{self.views} views of post {self.post_id}"


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
