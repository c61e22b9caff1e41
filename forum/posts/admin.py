from django.contrib import admin

from forum.core.pagecache import sitewide_changed

from .models import NsfwChange, Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("title", "author", "status", "is_nsfw", "created_at", "comment_count", "view_count")
    list_filter = ("status", "is_nsfw", "created_at")
    search_fields = ("title", "author__username")
    raw_id_fields = ("author",)
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    readonly_fields = ("slug", "latest_activity_at", "view_count", "comment_count")
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
        # Only what the form edits: the counters may have moved since the form was loaded.
        post.save(update_fields=[*form.changed_data, *Post.RENDERED_FIELDS])
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
