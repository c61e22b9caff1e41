from django.urls import reverse

from forum.flags.models import Flag
from forum.moderation.models import ModerationAction


def flag_url(comment_or_pk):
    return reverse("flags:comment", args=[getattr(comment_or_pk, "pk", comment_or_pk)])


def send_flag(client, comment, reason="spam", note="", **extra):
    return client.post(flag_url(comment), {"reason": reason, "note": note, "next": flag_url(comment), **extra})


def flags_on(comment):
    return list(Flag.objects.filter(comment=comment).order_by("id").values_list("flagger__username", "reason", "note"))


def log_of(comment):
    rows = ModerationAction.objects.filter(target_kind="comment", target_id=comment.pk).order_by("id")
    return [
        (row.actor.username if row.actor_id else None, row.action, row.reason, row.before, row.after, row.is_public)
        for row in rows
    ]
