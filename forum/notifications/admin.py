from django.contrib import admin

from .models import EmailSettings


@admin.register(EmailSettings)
class EmailSettingsAdmin(admin.ModelAdmin):
    list_display = ("user", "watched_comments", "followed_posts", "new_follower", "watch_on_comment")
    search_fields = ("user__username",)
    raw_id_fields = ("user",)
