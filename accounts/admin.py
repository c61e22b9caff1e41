from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.template.defaultfilters import pluralize

from forum.moderation.access import JudgedByAdmins
from forum.moderation.actions import members_move_trust

from .models import Follow, Ignore, RetiredName, TrustLevel, User

# What only a superuser may grant: a forum admin who could tick these could make themselves, or
# anyone, more than an admin.
_SUPERUSER_ONLY = ("is_superuser", "groups", "user_permissions")


def _trust_action(step, description):
    def action(modeladmin, request, queryset):
        result = members_move_trust(queryset, step, by=request.user)
        for member in result.changed:
            level = TrustLevel(member.trust_level + step).label
            modeladmin.log_change(request, member, f"Trust level: {member.get_trust_level_display()} → {level}.")
        if result.changed:
            count = len(result.changed)
            moved = "promoted" if step > 0 else "demoted"
            modeladmin.message_user(request, f"{count} member{pluralize(count)} {moved}.")
        for member, why in result.skipped:
            modeladmin.message_user(request, f"{member.username} left as they were: {why}.", "warning")

    action.__name__ = "promote" if step > 0 else "demote"
    return admin.action(description=description, permissions=["judge"])(action)


@admin.register(User)
class UserAdmin(JudgedByAdmins, BaseUserAdmin):
    """Members, for admins (forum/moderation/access.py). A member's trust level, and with it
    whether they reach this admin (is_staff), changes only by the promote and demote actions,
    which log it (forum/moderation/actions.py)."""

    list_display = ("username", "email", "trust_level", "date_joined", "last_login", "is_active", "is_staff")
    list_filter = ("trust_level", "is_active", "is_staff", "is_superuser", "date_joined")
    search_fields = ("username", "email")
    ordering = ("-date_joined",)
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Trust", {"fields": ("trust_level",)}),
        ("Profile", {"fields": ("about", "avatar", "timezone", "summonable", "hide_images_in_lists", "deleted_at")}),
    )
    readonly_fields = ("deleted_at", "trust_level", "is_staff")
    actions = [
        _trust_action(+1, "Promote one trust level (moderated → normal → moderator → admin)"),
        _trust_action(-1, "Demote one trust level (admin → moderator → normal → moderated)"),
    ]

    def get_readonly_fields(self, request, obj=None):
        fixed = super().get_readonly_fields(request, obj)
        if obj is None:
            return ()  # the add form: a username and a password
        return fixed if request.user.is_superuser else (*fixed, *_SUPERUSER_ONLY)

    def has_change_permission(self, request, obj=None):
        # An admin's account (their password, their email) is theirs and the superusers': one admin
        # could otherwise take over another's, or a superuser's.
        if obj is not None and obj.is_forum_admin and obj.pk != request.user.pk and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Members delete their own accounts (accounts/services.py keeps their words as deleted_N);
        # a row deleted here would take their posts and comments, or fail on them.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        obj.set_about(obj.about)  # about_html is rendered on every save of about, here too
        super().save_model(request, obj, form, change)


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("follower", "followed", "created_at")
    search_fields = ("follower__username", "followed__username")
    raw_id_fields = ("follower", "followed")


@admin.register(Ignore)
class IgnoreAdmin(admin.ModelAdmin):
    list_display = ("ignorer", "ignored", "created_at")
    search_fields = ("ignorer__username", "ignored__username")
    raw_id_fields = ("ignorer", "ignored")


@admin.register(RetiredName)
class RetiredNameAdmin(admin.ModelAdmin):
    """Names of deleted accounts, as skeletons: deleting one here frees the name for anyone."""

    list_display = ("skeleton", "retired_at")
    search_fields = ("skeleton",)
    readonly_fields = ("skeleton", "retired_at")

    def has_add_permission(self, request):
        return False  # only a deletion retires a name (accounts/services.py)
