"""Who may use which admin page, by trust level rather than by Django's per-model permissions.

A member's trust level (accounts.models.TrustLevel) is the one truth of what they may judge:
moderators judge comments, admins also posts and members. Groups or per-user permissions would be
a second truth, to be kept in step with the level at every promotion and demotion and to drift
when one is forgotten; these mixins ask the level (User.is_moderator, User.is_forum_admin) on
every request instead. Reaching the admin at all takes is_staff, which the trust actions keep
in step (actions.staff_for). Superusers are admins.

Mix into a ModelAdmin, before admin.ModelAdmin. An admin action with
`allowed_permissions=("judge",)` is offered to, and run for, only who has_judge_permission.
"""


def _is_moderator(request):
    return getattr(request.user, "is_moderator", False)


def _is_forum_admin(request):
    return getattr(request.user, "is_forum_admin", False)


class JudgedByModerators:
    """Moderators see, judge and edit; adding and erasing rows (no trace but the log) is for admins."""

    def has_module_permission(self, request):
        return _is_moderator(request)

    def has_view_permission(self, request, obj=None):
        return _is_moderator(request)

    def has_change_permission(self, request, obj=None):
        return _is_moderator(request)

    def has_judge_permission(self, request):
        return _is_moderator(request)

    def has_add_permission(self, request):
        return _is_forum_admin(request)

    def has_delete_permission(self, request, obj=None):
        return _is_forum_admin(request)


class JudgedByAdmins:
    """Admins only, for everything."""

    def has_module_permission(self, request):
        return _is_forum_admin(request)

    def has_view_permission(self, request, obj=None):
        return _is_forum_admin(request)

    def has_change_permission(self, request, obj=None):
        return _is_forum_admin(request)

    def has_judge_permission(self, request):
        return _is_forum_admin(request)

    def has_add_permission(self, request):
        return _is_forum_admin(request)

    def has_delete_permission(self, request, obj=None):
        return _is_forum_admin(request)


class ReadOnlyForModerators:
    """A record moderators read and nobody edits: no add, change or delete for anyone."""

    def has_module_permission(self, request):
        return _is_moderator(request)

    def has_view_permission(self, request, obj=None):
        return _is_moderator(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
