from django.contrib import admin

from .models import Like


@admin.register(Like)
class LikeAdmin(admin.ModelAdmin):
    list_display = ["user", "vote", "post", "comment", "created_at"]
    list_select_related = ["user"]
    raw_id_fields = ["user", "post", "comment"]
    list_filter = ["vote"]
