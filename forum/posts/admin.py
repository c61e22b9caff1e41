from django.contrib import admin
from django.template.defaultfilters import pluralize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from forum.core.pagecache import sitewide_changed
from forum.moderation.access import JudgedByAdmins, ReadOnlyForModerators
from forum.moderation.actions import posts_judge
from forum.moderation.filters import Age, WriterTrust
from forum.moderation.log import record

from .models import NsfwChange, Post, PostEdit


def history_table(rows, columns):
    """An edit history as a table on the change form: read only, and no formset that every
    change to the post would then have to submit. columns: (heading, value of a row) pairs; every
    value is escaped (the texts are what writers typed)."""
    if not rows:
        return "none"
    head = format_html_join("", "<th>{}</th>", ((title,) for title, _ in columns))
    cells = [format_html_join("", "<td>{}</td>", ((value(row),) for _, value in columns)) for row in rows]
    body = format_html_join("", "<tr>{}</tr>", ((cell,) for cell in cells))
    return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)


def as_written(text):
    return format_html("<pre>{}</pre>", text)


def _judge_action(held_reason, description):
    """An admin action that publishes the chosen posts (held_reason None) or holds them for a
    reason, through the moderation log (forum/moderation/actions.py) and the admin's history."""

    def action(modeladmin, request, queryset):
        changing = posts_judge(queryset, held_reason=held_reason, by=request.user)
        now = "published" if held_reason is None else f"held: {Post.HeldReason(held_reason).label}"
        for post in changing:
            modeladmin.log_change(request, post, f"Status: {post.held_reason_label or post.status} → {now}.")
        modeladmin.message_user(request, f"{len(changing)} post{pluralize(len(changing))} now {now}.")

    action.__name__ = "approve" if held_reason is None else f"hold_{held_reason}"
    return admin.action(description=description, permissions=["judge"])(action)


class HeldFor(admin.SimpleListFilter):
    """The queue of posts: held ones, by reason (or waiting for a first look)."""

    title = "held for"
    parameter_name = "held_for"

    def lookups(self, request, model_admin):
        return [("any", "held (any reason)"), ("waiting", "waiting for approval"), *Post.HeldReason.choices]

    def queryset(self, request, queryset):
        held = queryset.filter(status=Post.Status.HELD)
        if self.value() == "any":
            return held
        if self.value() == "waiting":
            return held.filter(held_reason="")
        if self.value() in Post.HeldReason.values:
            return held.filter(held_reason=self.value())
        return queryset


@admin.register(Post)
class PostAdmin(JudgedByAdmins, admin.ModelAdmin):
    """Every post, and the queue of held ones (the "held for" filter). Admins only: moderators
    judge comments, admins also posts (forum/moderation/access.py)."""

    list_display = ("title", "author", "status", "held_reason", "is_nsfw", "created_at", "comment_count", "view_count")
    list_filter = (HeldFor, "status", Age, WriterTrust, "is_nsfw", "created_at")
    search_fields = ("title", "author__username")
    list_select_related = ("author",)
    raw_id_fields = ("author",)
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    actions = [
        _judge_action(None, "Approve: publish"),
        *(_judge_action(reason, f"Hold as {label}") for reason, label in Post.HeldReason.choices),
    ]
    readonly_fields = (
        "slug", "rendered", "latest_activity_at", "view_count", "comment_count", "edited_at", "history",
    )  # fmt: skip
    fields = (
        "title",
        "slug",
        "author",
        "body",
        "rendered",
        "status",
        "held_reason",
        "is_nsfw",
        "created_at",
        "latest_activity_at",
        "view_count",
        "comment_count",
        "edited_at",
        "history",
    )

    @admin.display(description="edit history (the text before each edit, newest first)")
    def history(self, post):
        if not post.pk:
            return "none"
        edits = post.edits.select_related("edited_by").order_by("-edited_at", "-id")
        return history_table(
            list(edits),
            [
                ("edited", lambda edit: edit.edited_at),
                ("by", lambda edit: edit.edited_by),
                ("previous title", lambda edit: edit.title),
                ("previous body", lambda edit: as_written(edit.body)),
            ],
        )

    @admin.display(description="as readers see it")
    def rendered(self, post):
        """The body rendered and sanitized on save (forum/markup): the one field marked safe."""
        if not post.pk:
            return ""
        return format_html('<div class="queue-text">{}</div>', mark_safe(post.body_html))  # noqa: S308

    def delete_model(self, request, post):
        sitewide_changed()
        super().delete_model(request, post)

    def delete_queryset(self, request, queryset):
        sitewide_changed()
        super().delete_queryset(request, queryset)

    def save_model(self, request, post, form, change):
        # Render once on save, as every other writer of a post does.
        post.set_title(form.cleaned_data["title"])
        post.set_body(form.cleaned_data["body"])
        sitewide_changed()  # lists and neighbours show titles, status and the NSFW flag
        if not change:
            super().save_model(request, post, form, change)
            return
        # A staff edit of the text is history too, as a member's is (posts/services.post_edit).
        if {"title", "body"} & set(form.changed_data):
            edit = PostEdit.objects.create(
                post=post, edited_by=request.user, title=form.initial["title"], body=form.initial["body"]
            )
            post.edited_at = edit.edited_at
        # Only what the form edits: the counters may have moved since the form was loaded. A new
        # status or reason is a judgement, made (and logged) as the queue's actions make it.
        judged = {"status", "held_reason"} & set(form.changed_data)
        edited = [name for name in form.changed_data if name not in judged]
        post.save(update_fields=[*edited, *Post.RENDERED_FIELDS, "edited_at"])
        # Comment pages link to the post by its slug: move them on with the title.
        Post.objects.filter(pk=post.pk).mark_threads_changed()
        if judged:
            held_reason = None if post.status == Post.Status.PUBLISHED else post.held_reason
            if post.status == Post.Status.REMOVED:
                before = {"status": form.initial["status"], "held_reason": form.initial["held_reason"]}
                Post.objects.filter(pk=post.pk).update(status=post.status, held_reason="")
                record(request.user, "remove", "post", post.pk, before=before, after={"status": post.status})
            else:
                posts_judge(Post.objects.filter(pk=post.pk), held_reason=held_reason, by=request.user)


@admin.register(NsfwChange)
class NsfwChangeAdmin(ReadOnlyForModerators, admin.ModelAdmin):
    """The record of who marked which post safe or not safe for work: read only."""

    list_display = ("post", "is_nsfw", "changed_by", "created_at")
    list_filter = ("is_nsfw", "created_at")
    search_fields = ("post__title", "changed_by__username")
    list_select_related = ("post", "changed_by")


@admin.register(PostEdit)
class PostEditAdmin(ReadOnlyForModerators, admin.ModelAdmin):
    """Every post edit, newest first, across the site: read only."""

    list_display = ("post", "edited_by", "edited_at", "title")
    list_filter = ("edited_at",)
    search_fields = ("post__title", "title", "edited_by__username")
    list_select_related = ("post", "edited_by")
    ordering = ("-edited_at",)
