from django.contrib import admin
from django.db.models import Count

from .models import AnonymousIdentity


@admin.register(AnonymousIdentity)
class AnonymousIdentityAdmin(admin.ModelAdmin):
    list_display = ("name", "comment_total", "created_at", "last_seen_at", "is_banned")
    list_filter = ("is_banned",)
    search_fields = ("name",)
    readonly_fields = ("name", "digest", "network_digest", "created_at", "last_seen_at")
    actions = ["ban", "unban"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(comment_total=Count("comments"))

    @admin.display(ordering="comment_total", description="comments")
    def comment_total(self, identity):
        return identity.comment_total

    @admin.action(description="Ban: refuse their comments, and their network's")
    def ban(self, request, queryset):
        self._set_banned(request, queryset, True, "Banned.")

    @admin.action(description="Lift the ban")
    def unban(self, request, queryset):
        self._set_banned(request, queryset, False, "Ban lifted.")

    def _set_banned(self, request, queryset, banned, message):
        changing = list(queryset.exclude(is_banned=banned))
        queryset.filter(pk__in=[identity.pk for identity in changing]).update(is_banned=banned)
        for identity in changing:
            self.log_change(request, identity, message)
        self.message_user(request, f"{message} ({len(changing)})")
