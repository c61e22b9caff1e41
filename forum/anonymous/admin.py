from django.contrib import admin
from django.db.models import Count

from forum.bans.admin import nuke_visitors
from forum.moderation.access import JudgedByAdmins

from .models import AnonymousIdentity
from .services import visitors_ban, visitors_unban


@admin.register(AnonymousIdentity)
class AnonymousIdentityAdmin(JudgedByAdmins, admin.ModelAdmin):
    """Banning visitors and their networks is judging people, not comments: admins by trust level
    (superusers among them), as nuke is (forum/moderation/access.py)."""

    list_display = ("name", "comment_total", "created_at", "last_seen_at", "is_banned")
    list_filter = ("is_banned",)
    search_fields = ("name",)
    readonly_fields = ("name", "digest", "network_digest", "created_at", "last_seen_at")
    actions = ["ban", "ban_network", "unban", nuke_visitors]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(comment_total=Count("comments"))

    @admin.display(ordering="comment_total", description="comments")
    def comment_total(self, identity):
        return identity.comment_total

    @admin.action(description="Ban: refuse this visitor's comments", permissions=["judge"])
    def ban(self, request, queryset):
        result = visitors_ban(queryset, by=request.user)
        self._log(request, result.banned, "Banned.")

    @admin.action(
        description="Ban visitor and network: refuse every anonymous comment from their network", permissions=["judge"]
    )
    def ban_network(self, request, queryset):
        result = visitors_ban(queryset, by=request.user, with_network=True)
        only_visitor = [identity for identity in result.banned if identity not in result.networks_banned]
        self._log(request, only_visitor, "Banned.")
        self._log(request, result.networks_banned, "Banned with their network.")
        for identity in result.no_known_network:
            self.message_user(request, f"{identity}: no known network to ban; banned the visitor only.", "warning")

    @admin.action(description="Lift the bans (the visitor's, and on the network they last used)", permissions=["judge"])
    def unban(self, request, queryset):
        self._log(request, visitors_unban(queryset, by=request.user).lifted, "Bans lifted.")

    def _log(self, request, identities, message):
        # Admin actions write no history of their own; every moderation step leaves one.
        for identity in identities:
            self.log_change(request, identity, message)
        if identities:
            self.message_user(request, f"{message} ({len(identities)})")

    def has_nuke_permission(self, request):
        return getattr(request.user, "is_forum_admin", False)
