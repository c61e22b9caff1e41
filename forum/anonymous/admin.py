from django.contrib import admin
from django.db.models import Count

from .models import AnonymousIdentity


@admin.register(AnonymousIdentity)
class AnonymousIdentityAdmin(admin.ModelAdmin):
    list_display = ("name", "comment_total", "created_at", "last_seen_at", "is_banned", "network_banned")
    list_filter = ("is_banned", "network_banned")
    search_fields = ("name",)
    readonly_fields = ("name", "digest", "network_digest", "created_at", "last_seen_at")
    actions = ["ban", "ban_network", "unban"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(comment_total=Count("comments"))

    @admin.display(ordering="comment_total", description="comments")
    def comment_total(self, identity):
        return identity.comment_total

    @admin.action(description="Ban: refuse this visitor's comments")
    def ban(self, request, queryset):
        self._set(request, queryset, "Banned.", is_banned=True)

    @admin.action(description="Ban visitor and network: refuse every anonymous comment from their network")
    def ban_network(self, request, queryset):
        self._set(request, queryset, "Banned with their network.", is_banned=True, network_banned=True)

    @admin.action(description="Lift the bans")
    def unban(self, request, queryset):
        self._set(request, queryset, "Bans lifted.", is_banned=False, network_banned=False)

    def _set(self, request, queryset, message, **flags):
        changing = [identity for identity in queryset if any(getattr(identity, f) != v for f, v in flags.items())]
        queryset.filter(pk__in=[identity.pk for identity in changing]).update(**flags)
        for identity in changing:
            self.log_change(request, identity, message)
        self.message_user(request, f"{message} ({len(changing)})")
