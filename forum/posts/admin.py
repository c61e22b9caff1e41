from django.contrib import admin

from .models import Post


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

    def save_model(self, request, post, form, change):
        # Render once on save, as every other writer of a post does.
        post.set_title(form.cleaned_data["title"])
        post.set_body(form.cleaned_data["body"])
        super().save_model(request, post, form, change)
