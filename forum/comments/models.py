from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from forum.anonymous.models import AnonymousIdentity
from forum.markup import render_markdown

PER_PAGE = 40
# Writers may fix their words for a week (BEHAVIOUR.md); moderators at any time.
DEFAULT_EDIT_WINDOW = timedelta(days=7)


def edit_window():
    """COMMENT_EDIT_WINDOW: a timedelta, or a number of seconds."""
    window = getattr(settings, "COMMENT_EDIT_WINDOW", DEFAULT_EDIT_WINDOW)
    return window if isinstance(window, timedelta) else timedelta(seconds=window)


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
        """Waiting for approval: not numbered yet, seen by its writer and staff only. One deleted
        while waiting holds no number to keep, so it is gone from the thread (its row stays, for
        its history)."""
        return self.filter(number__isnull=True, deleted_at__isnull=True)

    def theirs_alone(self, user, *, visitor_digest=None, now=None):
        """The comments that make a reader's view of a thread their own: those waiting for
        approval that only they (and staff) see, and those they may still change."""
        return self.visible_to(user, visitor_digest=visitor_digest).waiting() | self.editable_by(
            user, visitor_digest=visitor_digest, now=now
        )

    def editable_by(self, user, *, visitor_digest=None, now=None):
        """The comments this reader may edit or delete (Comment.can_be_edited_by, as a filter):
        every one not deleted for staff; their own from within the window for its writer, a
        member or the anonymous visitor of this browser digest, in a thread they may open."""
        alive = self.filter(deleted_at__isnull=True)
        if user.is_authenticated and user.is_staff and user.is_active:
            return alive
        if user.is_authenticated:
            if not user.is_active:
                return self.none()
            mine = Q(author=user)
            open_thread = Q(post__status="published") | Q(post__author=user)
        elif visitor_digest:
            mine = Q(anonymous__digest=visitor_digest)
            open_thread = Q(post__status="published")
        else:
            return self.none()
        return alive.filter(mine, open_thread, created_at__gt=(now or timezone.now()) - edit_window())

    def numbered_between(self, first, last):
        return self.filter(number__gte=first, number__lte=last).order_by("number")

    def for_display(self):
        return self.select_related("author", "anonymous")


# The comments the site-wide lists may show (forum/comments/lists.py adds the reader's rules).
LISTED = Q(status="approved", number__isnull=False, deleted_at__isnull=True)


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
    # Deleted by its writer or a moderator: the row keeps its place and number (so later numbers
    # and `?c=` links hold) and shows as a placeholder; its text is only in its CommentEdit rows.
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
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
            # A thread's comments waiting for approval: whether a reader has some of their own
            # there is asked on every post page (they then get a page of their own). Few rows; by
            # the writer's index instead, a prolific member's page read all they ever wrote.
            models.Index(fields=["post"], name="comments_waiting", condition=Q(number__isnull=True)),
            # /comments and /best (forum/comments/lists.py): the comments every reader may see,
            # newest or most liked first; without them each is a scan of every comment.
            models.Index(fields=["-created_at", "-id"], name="comments_listed_latest", condition=LISTED),
            models.Index(
                (F("like_count") - F("dislike_count")).desc(), F("id").desc(),
                name="comments_listed_liked", condition=LISTED,
            ),
        ]  # fmt: skip

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
    def is_deleted(self):
        return self.deleted_at is not None

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
        return not self.is_deleted and self.status in (self.Status.APPROVED, self.Status.PENDING)

    def shows_text_to(self, user):
        """Held comments show their reason instead of their text, except to staff; a deleted one
        has no text left to show anyone. (Waiting ones reach only their writer and staff: see
        CommentQuerySet.visible_to.)"""
        if self.is_deleted:
            return False
        return self.shows_text_to_everyone or (user.is_authenticated and user.is_staff)

    def is_written_by(self, user, *, visitor_digest=None):
        """Its writer: the member logged in, or (logged out) the visitor whose browser wrote it.
        Reads self.anonymous for an anonymous comment (load it with for_display())."""
        if user.is_authenticated:
            return self.author_id is not None and self.author_id == user.pk
        return bool(visitor_digest) and self.anonymous_id is not None and self.anonymous.digest == visitor_digest

    def can_be_edited_by(self, user, *, visitor_digest=None, now=None):
        """Edit or delete: moderators (staff) at any time, its writer within edit_window() in a
        thread they may open; a deleted comment by nobody. The same rule as
        CommentQuerySet.editable_by (reads self.post: load it with the comment)."""
        if self.is_deleted:
            return False
        if user.is_authenticated and not user.is_active:
            return False
        if user.is_authenticated and user.is_staff:
            return True
        if not self.is_written_by(user, visitor_digest=visitor_digest):
            return False
        if not (self.post.is_published or (user.is_authenticated and self.post.author_id == user.pk)):
            return False  # a thread they may no longer open
        return (now or timezone.now()) - self.created_at < edit_window()

    can_be_deleted_by = can_be_edited_by


class CommentEdit(models.Model):
    """A comment's text as it was before one edit or its deletion: the history staff see in the
    admin. Who did it: a member (its writer or a moderator), or its anonymous writer."""

    class Action(models.TextChoices):
        EDITED = "edited", "edited"
        DELETED = "deleted", "deleted"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="edits")
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.EDITED)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    edited_by_anonymous = models.ForeignKey(
        AnonymousIdentity, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    edited_at = models.DateTimeField(default=timezone.now)
    body = models.TextField("previous text")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(edited_by__isnull=False, edited_by_anonymous__isnull=True)
                | Q(edited_by__isnull=True, edited_by_anonymous__isnull=False),
                name="comments_edit_one_editor",
            ),
        ]
        indexes = [models.Index(fields=["comment", "-edited_at"], name="comments_edits_by_comment")]

    def __str__(self):
        return f"{self.editor_name} {self.action} comment {self.comment_id}"

    @property
    def editor_name(self):
        return self.edited_by.username if self.edited_by_id else self.edited_by_anonymous.name
