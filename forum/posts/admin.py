from django.contrib import admin
from django.utils.html import format_html, format_html_join

from forum.core.pagecache import sitewide_changed

from .models import NsfwChange, Post, PostEdit


def history_table(rows, columns):
    """An edit history as a table on the change form: read only, and no formset that every
    change to the post would then have to submit. columns: (heading, value of a row) pairs; every
    value is escaped (the texts are what writers typed)."""
    if not rows:
        return "none"
    head = format_html_join("", "<th>{}</th>", ((title,) for title, _ in columns))
    cells = [format_html_join("", "<td>{}</td>", ((value(row),) for _, value in columns)) for row in rows]
    body = format_html_join("", "<tr>{}</tr>", ((cell,) for cell in cells))
    return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)


def as_written(text):
    return format_html("<pre>{}</pre>", text)


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("title", "author", "status", "is_nsfw", "created_at", "comment_count", "view_count")
    list_filter = ("status", "is_nsfw", "created_at")
    search_fields = ("title", "author__username")
    raw_id_fields = ("author",)
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    readonly_fields = ("slug", "latest_activity_at", "view_count", "comment_count", "edited_at", "history")
    fields = (
        "title",
        "slug",
        "author",
        "body",
        "status",
        "is_nsfw",
        "created_at",
        "latest_activity_at",
        "view_count",
        "comment_count",
        "edited_at",
        "history",
    )

    @admin.display(description="edit history (the text before each edit, newest first)")
    def history(self, post):
        if not post.pk:
            return "none"
        edits = post.edits.select_related("edited_by").order_by("-edited_at", "-id")
        return history_table(
            list(edits),
            [
                ("edited", lambda edit: edit.edited_at),
                ("by", lambda edit: edit.edited_by),
                ("previous title", lambda edit: edit.title),
                ("previous body", lambda edit: as_written(edit.body)),
            ],
        )

    def delete_model(self, request, post):
        sitewide_changed()
        super().delete_model(request, post)

    def delete_queryset(self, request, queryset):
        sitewide_changed()
        super().delete_queryset(request, queryset)

    def save_model(self, request, post, form, change):
        # Render once on save, as every other writer of a post does.
        post.set_title(form.cleaned_data["title"])
        post.set_body(form.cleaned_data["body"])
        sitewide_changed()  # lists and neighbours show titles, status and the NSFW flag
        if not change:
            super().save_model(request, post, form, change)
            return
        # A staff edit of the text is history too, as a member's is (posts/services.post_edit).
        if {"title", "body"} & set(form.changed_data):
            edit = PostEdit.objects.create(
                post=post, edited_by=request.user, title=form.initial["title"], body=form.initial["body"]
            )
            post.edited_at = edit.edited_at
        # Only what the form edits: the counters may have moved since the form was loaded.
        post.save(update_fields=[*form.changed_data, *Post.RENDERED_FIELDS, "edited_at"])
        # Comment pages link to the post by its slug: move them on with the title.
        Post.objects.filter(pk=post.pk).mark_threads_changed()


@admin.register(NsfwChange)
class NsfwChangeAdmin(admin.ModelAdmin):
    """The record of who marked which post safe or not safe for work: read only."""

    list_display = ("post", "is_nsfw", "changed_by", "created_at")
    list_filter = ("is_nsfw", "created_at")
    search_fields = ("post__title", "changed_by__username")
    list_select_related = ("post", "changed_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PostEdit)
class PostEditAdmin(admin.ModelAdmin):
    """Every post edit, newest first, across the site: read only."""

    list_display = ("post", "edited_by", "edited_at", "title")
    list_filter = ("edited_at",)
    search_fields = ("post__title", "title", "edited_by__username")
    list_select_related = ("post", "edited_by")
    ordering = ("-edited_at",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
