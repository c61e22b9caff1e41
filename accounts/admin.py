from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Follow, Ignore, RetiredName, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "date_joined", "last_login", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "is_superuser", "date_joined")
    search_fields = ("username", "email")
    ordering = ("-date_joined",)
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Profile", {"fields": ("about", "avatar", "timezone", "summonable", "hide_images_in_lists", "deleted_at")}),
    )
    readonly_fields = ("deleted_at",)

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
