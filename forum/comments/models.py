from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from forum.anonymous.models import AnonymousIdentity
from forum.markup import render_markdown

PER_PAGE = 40


class CommentQuerySet(models.QuerySet):
    def in_thread(self, post):
        return self.filter(post=post)

    def visible_to(self, user, *, visitor_digest=None):
        """What this reader sees in a thread: every numbered comment (held ones show only their
        reason, see shows_text_to), and the comments waiting for approval that are theirs to see:
        all of them for staff, their own for the writer (a member, or the anonymous visitor
        whose browser digest this is)."""
        if user.is_authenticated and user.is_staff:
            return self
        seen = Q(number__isnull=False)
        if user.is_authenticated:
            seen |= Q(author=user)
        elif visitor_digest:
            seen |= Q(anonymous__digest=visitor_digest)
        return self.filter(seen)

    def waiting(self):
        """Waiting for approval: not numbered yet, seen by its writer and staff only."""
        return self.filter(number__isnull=True)

    def numbered_between(self, first, last):
        return self.filter(number__gte=first, number__lte=last).order_by("number")

    def for_display(self):
        return self.select_related("author", "anonymous")


class Comment(models.Model):
    class Status(models.TextChoices):
        APPROVED = "approved", "approved"
        PENDING = "pending", "waiting for approval"
        FLAGGED = "flagged", "flagged"
        SPAM = "spam", "spam"
        PERSONAL_ATTACK = "personal_attack", "personal attack"
        ANTI_FORUM = "anti_forum", "anti-forum"
        DOXING = "doxing", "doxing"

    BODY_MAX = 20_000

    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="comments"
    )
    anonymous = models.ForeignKey(
        AnonymousIdentity, null=True, blank=True, on_delete=models.PROTECT, related_name="comments"
    )
    body = models.TextField(max_length=BODY_MAX, help_text="Markdown, as the writer wrote it.")
    body_html = models.TextField(editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPROVED, db_index=True)
    # Its place in the thread, the same for every reader: 1, 2, 3... over the comments that are
    # not waiting for approval, in order of writing. A waiting comment has none until approved.
    # Kept dense by the services (comments/services.py); paging reads it through the index.
    number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Kept equal to the Like rows by forum/likes/services.py, in the same transaction.
    like_count = models.PositiveIntegerField(default=0, editable=False)
    dislike_count = models.PositiveIntegerField(default=0, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(author__isnull=False, anonymous__isnull=True)
                | Q(author__isnull=True, anonymous__isnull=False),
                name="comments_comment_one_writer",
            ),
            # Deferred: renumbering a thread shifts numbers through values other rows still hold.
            models.UniqueConstraint(
                fields=["post", "number"], name="comments_one_number_per_place", deferrable=models.Deferrable.DEFERRED
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | ~Q(status="pending"), name="comments_waiting_is_unnumbered"
            ),
        ]
        indexes = [
            models.Index(fields=["post", "created_at", "id"], name="comments_thread_order"),
            models.Index(fields=["author", "-created_at"], name="comments_by_author"),
            models.Index(fields=["anonymous", "-created_at"], name="comments_by_anonymous"),
        ]

    def __str__(self):
        return f"{self.writer_name} on {self.post_id}: {self.body[:40]}"

    def get_absolute_url(self):
        return reverse("threads:comment", args=[self.pk])

    @property
    def writer_name(self):
        return self.author.username if self.author_id else self.anonymous.name

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def page(self):
        """The thread page holding this comment; waiting ones show after the last numbered one."""
        return (self.number - 1) // PER_PAGE + 1 if self.number else None

    def set_body(self, text, rendered=None):
        """Keep body and its rendered HTML in step. Pass `rendered` when it was rendered already
        (outside the transaction: rendering is the slow part). Returns the rendering."""
        rendered = rendered or render_markdown(text)
        self.body = text
        self.body_html = rendered.html
        return rendered

    @property
    def shows_text_to_everyone(self):
        return self.status in (self.Status.APPROVED, self.Status.PENDING)

    def shows_text_to(self, user):
        """Held comments show their reason instead of their text, except to staff. (Waiting ones
        reach only their writer and staff: see CommentQuerySet.visible_to.)"""
        return self.shows_text_to_everyone or (user.is_authenticated and user.is_staff)
