import json

from django.contrib import admin
from django.utils.html import format_html

from .access import ReadOnlyForModerators
from .models import ModerationAction


class ActionKind(admin.SimpleListFilter):
    """The actions the log holds (approve, hold, spam, promote, ban...), whoever added them."""

    title = "action"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        actions = ModerationAction.objects.order_by("action").values_list("action", flat=True).distinct()
        return [(action, action) for action in actions]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyForModerators, admin.ModelAdmin):
    """The moderation log, read only: nobody adds, changes or deletes a row here (and the database
    refuses UPDATE and DELETE on it anyway: migration 0001)."""

    list_display = ("at", "actor_name", "action", "target_kind", "target_id", "reason", "is_public")
    list_filter = (ActionKind, "target_kind", ("actor", admin.RelatedOnlyFieldListFilter), "is_public", "at")
    search_fields = ("reason", "actor__username", "=target_id")
    list_select_related = ("actor",)
    date_hierarchy = "at"
    ordering = ("-at", "-id")
    fields = ("at", "actor_name", "action", "target_kind", "target_id", "reason", "changes", "is_public")
    readonly_fields = fields

    @admin.display(description="by", ordering="actor__username")
    def actor_name(self, action):
        if action.actor_id is None:
            return "the site's rules"
        return action.actor.username if action.actor else f"member {action.actor_id}"

    @admin.display(description="before → after")
    def changes(self, action):
        return format_html(
            "<pre>{}</pre> → <pre>{}</pre>",
            json.dumps(action.before, indent=2, sort_keys=True),
            json.dumps(action.after, indent=2, sort_keys=True),
        )
