"""Bans and nukes in Django admin, for admins (forum/moderation/access.py).

Every ban is set, changed and lifted through the services (services.py, nuking.py), which log it;
the forms here only carry the terms. Nuke is an action on members (added to the User admin from
here) and on anonymous visitors (forum/anonymous/admin.py); unnuke an action on the nukes. Both
go through a confirmation page that says what will change.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse

import accounts.admin  # noqa: F401  (registers the User admin, which nuke is added to below)
from forum.anonymous.models import NetworkBan, VisitorBan
from forum.comments.models import Comment
from forum.moderation.access import JudgedByAdmins
from forum.moderation.log import record
from forum.posts.models import Post

from .models import EmailBan, MemberBan, Nuke
from .nuking import member_addresses, member_networks, nuke_member, nuke_visitor, unnuke
from .services import (
    BanRefused,
    ban_email,
    ban_member,
    impose,
    staff_refusal,
    terms_as_json,
    unban_email,
    unban_member,
    unban_network,
)

User = get_user_model()


class ConfirmForm(forms.Form):
    reason = forms.CharField(
        max_length=200, required=False, help_text="A few words: plain words show on the public log."
    )


def _confirmation(modeladmin, request, queryset, *, action, title, rows, form):
    """The page an action shows before it acts, posting back to the same action with `confirmed`."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.model._meta,
        "rows": rows,
        "queryset": queryset,
        "action": action,
        "form": form,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "bans/confirm.html", context)


def _run(modeladmin, request, targets, work, done):
    acted = 0
    for target in targets:
        try:
            work(target)
        except BanRefused as refusal:
            modeladmin.message_user(request, f"{target}: {refusal}", messages.WARNING)
        else:
            acted += 1
    if acted:
        modeladmin.message_user(request, f"{acted} {done}.")


def _confirmed_form(request):
    form = ConfirmForm(request.POST if request.POST.get("confirmed") == "yes" else None)
    return form, form.is_bound and form.is_valid()


@admin.action(
    description="Nuke: hide all their posts and comments, ban their email, name and networks", permissions=["nuke"]
)
def nuke_members(modeladmin, request, queryset):
    form, confirmed = _confirmed_form(request)
    if confirmed:
        by, reason = request.user, form.cleaned_data["reason"]
        _run(modeladmin, request, queryset, lambda m: nuke_member(m, by=by, reason=reason), "nuked")
        return None
    rows = [(member, _member_summary(member)) for member in queryset]
    return _confirmation(
        modeladmin, request, queryset, action="nuke_members", title="Nuke these members?", rows=rows, form=form
    )


@admin.action(description="Nuke: hide all their comments, ban them and their network", permissions=["nuke"])
def nuke_visitors(modeladmin, request, queryset):
    form, confirmed = _confirmed_form(request)
    if confirmed:
        by, reason = request.user, form.cleaned_data["reason"]
        _run(modeladmin, request, queryset, lambda v: nuke_visitor(v, by=by, reason=reason), "nuked")
        return None
    rows = [(v, _visitor_summary(v)) for v in queryset]
    return _confirmation(
        modeladmin, request, queryset, action="nuke_visitors", title="Nuke these visitors?", rows=rows, form=form
    )


def _shown_comments():
    """The comments a nuke holds as spam (nuking._hide_comments)."""
    return Comment.objects.filter(deleted_at__isnull=True).exclude(status__in=["spam", "pending"])


def _counted(count, noun, plural="s"):
    return f"{count} {noun}{pluralize(count, plural)}"


# The summaries say how many addresses and networks a nuke bans, never which: the page is read
# over the shoulder as easily as any, and the Nuke row keeps them for admins who need them.


def _member_summary(member):
    if refusal := staff_refusal(member):
        return f"not nuked: {refusal}"
    comments = _shown_comments().filter(author=member).count()
    posts = Post.objects.filter(author=member, status=Post.Status.PUBLISHED).count()
    addresses, networks = len(member_addresses(member)), len(member_networks(member))
    return (
        f"{_counted(comments, 'comment')} held as spam, {_counted(posts, 'post')} held; "
        f"banned: the account, {_counted(addresses, 'email address', 'es')} and {_counted(networks, 'network')}"
    )


def _visitor_summary(visitor):
    comments = _shown_comments().filter(anonymous=visitor).count()
    networks = 1 if visitor.network_is_known else 0
    return f"{_counted(comments, 'comment')} held as spam; banned: the visitor and {_counted(networks, 'network')}"


def _nuke_summary(nuke):
    changes = nuke.changes
    parts = [_counted(len(changes.get(kind, [])), kind[:-1]) for kind in ("comments", "posts", "bans")]
    return ", ".join(parts) + " put back"


def _is_forum_admin(request):
    return getattr(request.user, "is_forum_admin", False)


# The User admin is accounts' (accounts/admin.py): nuke is added to it here, offered to admins only.
_user_admin = admin.site._registry[User]
_user_admin.actions = [*_user_admin.actions, nuke_members]
_user_admin.has_nuke_permission = _is_forum_admin


class BanAdmin(JudgedByAdmins, admin.ModelAdmin):
    """Terms of a ban (until, reason) changed here go through impose(), which logs them; deleting
    lifts the ban, logged too."""

    list_display = ("__str__", "until", "in_force_now", "banned_by", "created_at", "reason")
    list_filter = ("until", "created_at")
    readonly_fields = ("banned_by", "created_at")

    @admin.display(boolean=True, description="in force")
    def in_force_now(self, ban):
        return ban.in_force()

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, *self.target_fields) if obj else self.readonly_fields

    def delete_queryset(self, request, queryset):
        for ban in queryset:
            self.delete_model(request, ban)


class MemberBanForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        member = cleaned.get("member") or (self.instance.member if self.instance.pk else None)
        if member is not None and (refusal := staff_refusal(member)):
            raise forms.ValidationError(refusal)  # ban_member would refuse it too
        return cleaned


@admin.register(MemberBan)
class MemberBanAdmin(BanAdmin):
    form = MemberBanForm
    fields = ("member", "until", "reason", "banned_by", "created_at")
    target_fields = ("member",)
    raw_id_fields = ("member",)
    search_fields = ("member__username",)

    def save_model(self, request, obj, form, change):
        saved = ban_member(obj.member, by=request.user, until=obj.until, reason=obj.reason)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        unban_member(obj.member, by=request.user)


@admin.register(EmailBan)
class EmailBanAdmin(BanAdmin):
    fields = ("address", "until", "reason", "banned_by", "created_at")
    target_fields = ("address",)
    search_fields = ("address",)

    def save_model(self, request, obj, form, change):
        saved = ban_email(obj.address, by=request.user, until=obj.until, reason=obj.reason)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        unban_email(obj, by=request.user)


@admin.register(VisitorBan)
class VisitorBanAdmin(BanAdmin):
    """Visitors are banned from their page (forum/anonymous/admin.py); here their terms change."""

    fields = ("identity", "until", "reason", "banned_by", "created_at")
    target_fields = ("identity",)
    search_fields = ("identity__name",)

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        ban, before = impose(
            VisitorBan, {"identity": obj.identity}, by=request.user, until=obj.until, reason=obj.reason
        )
        record(
            request.user,
            "ban",
            "visitor",
            obj.identity_id,
            reason=obj.reason,
            before={"ban": before},
            after={"ban": terms_as_json(ban)},
        )

    def delete_model(self, request, obj):
        from forum.anonymous.services import visitors_unban

        visitors_unban([obj.identity], by=request.user)


@admin.register(NetworkBan)
class NetworkBanAdmin(BanAdmin):
    """Networks are banned from a visitor ("Ban visitor and network") or by a nuke; here their terms change."""

    fields = ("identity", "until", "reason", "banned_by", "created_at")
    target_fields = ("identity",)

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        ban, before = impose(NetworkBan, {"pk": obj.pk}, by=request.user, until=obj.until, reason=obj.reason)
        record(
            request.user,
            "ban",
            "network",
            ban.pk,
            reason=obj.reason,
            public=False,
            before={"ban": before},
            after={"ban": terms_as_json(ban)},
        )

    def delete_model(self, request, obj):
        unban_network(obj, by=request.user)


@admin.action(description="Unnuke: put back everything these nukes changed", permissions=["nuke"])
def unnuke_selected(modeladmin, request, queryset):
    standing = queryset.filter(undone_at__isnull=True)
    form, confirmed = _confirmed_form(request)
    if confirmed:
        results = []

        def work(nuke):
            results.append(unnuke(nuke, by=request.user))

        _run(modeladmin, request, standing, work, "nuke(s) undone")
        left = sum(result["left"] for result in results)
        if left:
            modeladmin.message_user(
                request, f"{left} row(s) judged by a moderator since were left as they are.", messages.WARNING
            )
        return None
    rows = [(nuke, _nuke_summary(nuke)) for nuke in standing]
    return _confirmation(
        modeladmin, request, standing, action="unnuke_selected", title="Undo these nukes?", rows=rows, form=form
    )


@admin.register(Nuke)
class NukeAdmin(JudgedByAdmins, admin.ModelAdmin):
    list_display = ("__str__", "by", "at", "reason", "undone_at", "undone_by")
    list_filter = ("at", "undone_at")
    fields = ("member", "visitor", "by", "at", "reason", "changes", "undone_at", "undone_by")
    readonly_fields = fields
    actions = [unnuke_selected]

    def has_add_permission(self, request):
        return False  # a nuke is made by the nuke action, with its record

    def has_delete_permission(self, request, obj=None):
        return False  # the record is what unnuke needs

    def has_change_permission(self, request, obj=None):
        return False

    def has_nuke_permission(self, request):
        return _is_forum_admin(request)
