from django.contrib import admin
from django.db.models import Count

from .models import AnonymousIdentity, NetworkBan


@admin.register(AnonymousIdentity)
class AnonymousIdentityAdmin(admin.ModelAdmin):
    list_display = ("name", "comment_total", "created_at", "last_seen_at", "is_banned")
    list_filter = ("is_banned",)
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
        changing = list(queryset.filter(is_banned=False))
        queryset.filter(pk__in=[identity.pk for identity in changing]).update(is_banned=True)
        self._log(request, changing, "Banned.")

    @admin.action(description="Ban visitor and network: refuse every anonymous comment from their network")
    def ban_network(self, request, queryset):
        queryset.update(is_banned=True)
        banned = []
        for identity in queryset:
            if not identity.network_is_known:
                self.message_user(request, f"{identity}: no known network to ban; banned the visitor only.", "warning")
                continue
            NetworkBan.objects.get_or_create(
                digest=identity.network_digest, defaults={"identity": identity, "banned_by": request.user}
            )
            banned.append(identity)
        self._log(request, banned, "Banned with their network.")

    @admin.action(description="Lift the bans (the visitor's, and on the network they last used)")
    def unban(self, request, queryset):
        identities = list(queryset)
        queryset.update(is_banned=False)
        NetworkBan.objects.filter(digest__in=[identity.network_digest for identity in identities]).delete()
        self._log(request, identities, "Bans lifted.")

    def _log(self, request, identities, message):
        # Admin actions write no history of their own; every moderation step leaves one.
        for identity in identities:
            self.log_change(request, identity, message)
        self.message_user(request, f"{message} ({len(identities)})")


@admin.register(NetworkBan)
class NetworkBanAdmin(admin.ModelAdmin):
    list_display = ("__str__", "banned_by", "created_at")
    readonly_fields = ("digest", "identity", "banned_by", "created_at")

    def has_add_permission(self, request):
        return False  # networks are banned from a visitor, with "Ban visitor and network"
