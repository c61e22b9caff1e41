"""Flags in the admin, read-only: what members said is evidence, not something to edit. Listed on
their own, and on each comment's page (FlagsOnComment, for forum/comments/admin.py CommentAdmin)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from forum.posts.admin import history_table

from .models import Flag


class ReadOnlyForModerators:
    """Moderators read; nobody adds, changes or deletes. Asked of the trust level
    (User.is_moderator), not of Django's per-model permissions: the level is the one truth of who
    judges comments (as forum/moderation/access.py has it)."""

    def has_module_permission(self, request):
        return getattr(request.user, "is_moderator", False)

    def has_view_permission(self, request, obj=None):
        return getattr(request.user, "is_moderator", False)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Flag)
class FlagAdmin(ReadOnlyForModerators, admin.ModelAdmin):
    list_display = ("created_at", "flagger", "why", "comment_link", "comment_status")
    list_filter = ("reason", "created_at")
    search_fields = ("flagger__username", "note", "comment__body")
    list_select_related = ("flagger", "comment", "comment__author", "comment__anonymous")
    fields = ("created_at", "flagger", "reason", "note", "comment_link", "comment_status")
    readonly_fields = fields
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")

    @admin.display(description="comment")
    def comment_link(self, flag):
        comment = flag.comment
        return format_html(
            '<a href="{}">{}: {}</a>',
            reverse("admin:comments_comment_change", args=[comment.pk]),
            comment.writer_name,
            Truncator(comment.body).chars(80),
        )

    @admin.display(description="comment's state")
    def comment_status(self, flag):
        return flag.comment.get_status_display()


class FlagsOnComment:
    """For forum/comments/admin.py CommentAdmin: a read-only "flags" field (add it to
    readonly_fields) listing who flagged the comment, when and why. A table, not an inline: an
    inline's formset would have to be submitted with every change to the comment."""

    @admin.display(description="flags (members who asked the moderators to look at it, oldest first)")
    def flags(self, comment):
        if not comment.pk:
            return "none"
        flags = Flag.objects.on(comment).select_related("flagger").order_by("created_at", "id")
        return history_table(
            list(flags),
            [("when", lambda flag: flag.created_at), ("by", lambda flag: flag.flagger), ("why", lambda flag: flag.why)],
        )
