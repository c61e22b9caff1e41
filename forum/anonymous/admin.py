from django.contrib import admin
from django.db.models import Count

from .models import AnonymousIdentity


@admin.register(AnonymousIdentity)
class AnonymousIdentityAdmin(admin.ModelAdmin):
    list_display = ("name", "comment_total", "created_at", "last_seen_at", "is_banned")
    list_filter = ("is_banned",)
    search_fields = ("name",)
    readonly_fields = ("name", "digest", "created_at", "last_seen_at")
    actions = ["ban", "unban"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(comment_total=Count("comments"))

    @admin.display(ordering="comment_total", description="comments")
    def comment_total(self, identity):
        return identity.comment_total

    @admin.action(description="Ban: refuse their comments")
    def ban(self, request, queryset):
        self.message_user(request, f"Banned {queryset.update(is_banned=True)}.")

    @admin.action(description="Lift the ban")
    def unban(self, request, queryset):
        self.message_user(request, f"Lifted {queryset.update(is_banned=False)}.")
