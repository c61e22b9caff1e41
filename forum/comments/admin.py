from django.contrib import admin
from django.template.defaultfilters import pluralize
from django.utils.text import Truncator

from .models import Comment
from .services import comment_edit, comments_delete, comments_set_status, post_recount_comments


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
        changing = comments_set_status(queryset, status)
        # Admin actions write no history of their own; every moderation step leaves one.
        for comment in changing:
            modeladmin.log_change(request, comment, f"Status: {comment.get_status_display()} → {label}.")
        modeladmin.message_user(request, f"{len(changing)} comment{pluralize(len(changing))} now {label}.")

    action.__name__ = f"mark_{status}"
    return admin.action(description=description)(action)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("short_body", "status", "writer", "created_at", "post", "number")
    list_filter = (AwaitingApproval, "status", "created_at")
    search_fields = ("body", "author__username", "anonymous__name", "post__title")
    list_select_related = ("author", "anonymous", "post")
    raw_id_fields = ("post", "author", "anonymous")
    readonly_fields = ("status", "number", "body_html", "created_at")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    actions = [
        _status_action(Comment.Status.APPROVED, "Approve: show to everyone"),
        _status_action(Comment.Status.PENDING, "Hold for review (only the writer sees it)"),
        _status_action(Comment.Status.SPAM, "Hold as spam"),
        _status_action(Comment.Status.PERSONAL_ATTACK, "Hold as personal attack"),
    ]

    def get_readonly_fields(self, request, comment=None):
        # Moving a comment between posts or writers would leave both posts' counters wrong.
        return self.readonly_fields + (("post", "author", "anonymous") if comment else ())

    def save_model(self, request, comment, form, change):
        if change:
            comment_edit(comment, form.cleaned_data["body"])
            return
        comment.set_body(form.cleaned_data["body"])
        super().save_model(request, comment, form, change)
        post_recount_comments(comment.post_id)  # numbers it and counts it

    def delete_model(self, request, comment):
        comments_delete(Comment.objects.filter(pk=comment.pk))

    def delete_queryset(self, request, queryset):
        comments_delete(queryset)

    @admin.display(description="comment")
    def short_body(self, comment):
        return Truncator(comment.body).chars(80)

    @admin.display(description="by")
    def writer(self, comment):
        return comment.writer_name
