from django.contrib import admin
from django.db import transaction
from django.template.defaultfilters import pluralize
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from forum.flags.admin import FlagsOnComment
from forum.moderation.access import JudgedByModerators
from forum.moderation.actions import comments_judge
from forum.moderation.filters import Age, WriterKind, WriterTrust
from forum.moderation.log import record
from forum.posts.admin import as_written, history_table

from .editing import comment_delete_by, comment_edit_by
from .models import Comment
from .services import comments_delete, post_recount_comments


class AwaitingApproval(admin.SimpleListFilter):
    title = "moderation"
    parameter_name = "moderation"

    def lookups(self, request, model_admin):
        return [("waiting", "waiting for approval"), ("held", "held (any reason)")]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(status=Comment.Status.PENDING)
        if self.value() == "held":
            return queryset.exclude(status=Comment.Status.APPROVED)
        return queryset


def _status_action(status, description):
    label = Comment.Status(status).label

    def action(modeladmin, request, queryset):
        # Through the moderation log (forum/moderation/actions.py), and the admin's history too.
        changing = comments_judge(queryset, status, by=request.user)
        for comment in changing:
            modeladmin.log_change(request, comment, f"Status: {comment.get_status_display()} → {label}.")
        modeladmin.message_user(request, f"{len(changing)} comment{pluralize(len(changing))} now {label}.")

    action.__name__ = f"mark_{status}"
    return admin.action(description=description, permissions=["judge"])(action)


class Deleted(admin.SimpleListFilter):
    title = "deleted"
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return [("yes", "deleted (placeholders)"), ("no", "not deleted")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(deleted_at__isnull=self.value() == "no")
        return queryset


@admin.action(description="Delete, leaving a placeholder (numbers and links stay)", permissions=["judge"])
def delete_leaving_placeholder(modeladmin, request, queryset):
    deleted = 0
    for comment in queryset.filter(deleted_at__isnull=True):
        with transaction.atomic():
            if comment_delete_by(comment, by=request.user):
                record(request.user, "delete", "comment", comment.pk, before={"status": comment.status})
                modeladmin.log_change(request, comment, "Deleted, leaving a placeholder.")
                deleted += 1
    modeladmin.message_user(request, f"{deleted} comment{pluralize(deleted)} deleted, placeholders left.")


@admin.register(Comment)
class CommentAdmin(FlagsOnComment, JudgedByModerators, admin.ModelAdmin):
    """Every comment, and the moderation queue: the "moderation" filter at "held" lists the held
    and waiting ones, with the text as readers would see it. Moderators judge and edit; adding
    and erasing comments is for admins (forum/moderation/access.py)."""

    list_display = ("text", "status", "writer", "created_at", "post", "number", "deleted_at")
    list_filter = (AwaitingApproval, "status", Age, WriterKind, WriterTrust, Deleted, "created_at")
    search_fields = ("body", "author__username", "anonymous__name", "post__title")
    list_select_related = ("author", "anonymous", "post")
    list_per_page = 50
    raw_id_fields = ("post", "author", "anonymous")
    readonly_fields = ("status", "number", "rendered", "created_at", "edited_at", "deleted_at", "history", "flags")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    actions = [
        _status_action(Comment.Status.APPROVED, "Approve: show to everyone"),
        _status_action(Comment.Status.PENDING, "Hold for review (only the writer sees it)"),
        _status_action(Comment.Status.FLAGGED, "Hold as flagged"),
        _status_action(Comment.Status.SPAM, "Hold as spam"),
        _status_action(Comment.Status.PERSONAL_ATTACK, "Hold as personal attack"),
        _status_action(Comment.Status.ANTI_FORUM, "Hold as anti-forum"),
        _status_action(Comment.Status.DOXING, "Hold as doxing"),
        delete_leaving_placeholder,
    ]

    def get_readonly_fields(self, request, comment=None):
        # Moving a comment between posts or writers would leave both posts' counters wrong; a
        # deleted comment's text is in its history, not in a body to edit.
        fixed = ("post", "author", "anonymous") if comment else ()
        return self.readonly_fields + fixed + (("body",) if comment and comment.is_deleted else ())

    def save_model(self, request, comment, form, change):
        if change:
            if "body" in form.changed_data:
                # Written through the same service as a writer's edit: the text before is kept.
                comment_edit_by(comment, by=request.user, body=form.cleaned_data["body"], links_allowed=True)
            return
        comment.set_body(form.cleaned_data["body"])
        super().save_model(request, comment, form, change)
        post_recount_comments(comment.post_id)  # numbers it and counts it

    @transaction.atomic
    def delete_model(self, request, comment):
        self.delete_queryset(request, Comment.objects.filter(pk=comment.pk))

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        # Erased for good: the log keeps that it happened, and where (the text is gone).
        for pk, post_id, status in queryset.values_list("pk", "post_id", "status"):
            record(request.user, "erase", "comment", pk, before={"status": status, "post": post_id})
        comments_delete(queryset)

    @admin.display(description="edit history (the text before each edit or the deletion, newest first)")
    def history(self, comment):
        if not comment.pk:
            return "none"
        edits = comment.edits.select_related("edited_by", "edited_by_anonymous").order_by("-edited_at", "-id")
        return history_table(
            list(edits),
            [
                ("when", lambda edit: edit.edited_at),
                ("what", lambda edit: edit.get_action_display()),
                ("by", lambda edit: edit.editor_name),
                ("text before", lambda edit: as_written(edit.body)),
            ],
        )

    @admin.display(description="comment")
    def text(self, comment):
        """As readers would see it: the HTML rendered and sanitized on save (forum/markup), the
        one field ever marked safe, never the source."""
        if comment.is_deleted:
            return format_html("<em>{}</em>", "deleted")
        return format_html('<div class="queue-text">{}</div>', mark_safe(comment.body_html))  # noqa: S308

    @admin.display(description="as readers see it")
    def rendered(self, comment):
        return self.text(comment) if comment.pk else ""

    @admin.display(description="by")
    def writer(self, comment):
        return comment.writer_name
