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

    def visible_to(self, user, *, anonymous_digest=None):
        """Approved comments and held ones (shown as their reason), plus, for staff, everything,
        and for the writer of a comment waiting for approval, that comment."""
        if user.is_authenticated and user.is_staff:
            return self
        seen = ~Q(status=Comment.Status.PENDING)
        if user.is_authenticated:
            seen |= Q(author=user)
        elif anonymous_digest:
            seen |= Q(anonymous__digest=anonymous_digest)
        return self.filter(seen)

    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def in_order(self):
        return self.order_by("created_at", "id")

    def for_display(self):
        return self.select_related("author", "anonymous").in_order()

    def before(self, comment):
        return self.filter(created_at__lte=comment.created_at).exclude(
            created_at=comment.created_at, id__gte=comment.id
        )


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
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(author__isnull=False, anonymous__isnull=True)
                | Q(author__isnull=True, anonymous__isnull=False),
                name="comments_comment_one_writer",
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
        return reverse("comments:permalink", args=[self.pk])

    @property
    def writer_name(self):
        return self.author.username if self.author_id else self.anonymous.name

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    def set_body(self, text):
        """Keep body and its rendered HTML in step; returns the rendering for callers that judge it."""
        rendered = render_markdown(text)
        self.body = text
        self.body_html = rendered.html
        return rendered

    def shows_text_to(self, user):
        """Held comments show their reason instead of their text, except to staff."""
        return self.status in (self.Status.APPROVED, self.Status.PENDING) or (user.is_authenticated and user.is_staff)
