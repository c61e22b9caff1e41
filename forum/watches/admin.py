from django.contrib import admin

from .models import Watch


@admin.register(Watch)
class WatchAdmin(admin.ModelAdmin):
    list_display = ("user", "post", "created_at")
    search_fields = ("user__username", "post__title")
    raw_id_fields = ("user", "post")
