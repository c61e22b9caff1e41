"""What the moderators are told: a comment held by members' flags (forum/flags).

As with events.py and tasks.py: the event defers one fan-out job in the transaction of the hold;
the job works out in the worker who is told and defers one send_email job per moderator (so a
failing mail server costs retries of the emails that failed, never a second email to those told);
each email is built when it is sent (messages.BUILDERS["flagged"]), or not if another moderator
judged the comment first. Staff email: no switch turns it off and it has no List-Unsubscribe, so
it is composed here rather than by emails.notification_email, whose footer offers one.

Imported by messages.py (for its builder), which tasks.py imports: so this module registers its
job wherever procrastinate discovers the tasks, and imports tasks.py only when the job runs."""

from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from procrastinate.contrib.django import app

from accounts.models import TrustLevel
from accounts.site import on_site
from forum.comments.models import Comment
from forum.flags.models import Flag
from forum.jobs.retry import OUTAGE_PROOF

from .recipients import reachable_members

KIND = "flagged"  # its key in messages.BUILDERS
QUEUE = "email"  # tasks.QUEUE, which cannot be imported here (see above)


def moderators():
    """Who judges comments (accounts.User.is_moderator, as a filter), active with a verified address."""
    return reachable_members().filter(Q(is_staff=True) | Q(trust_level__gte=TrustLevel.MODERATOR))


def comment_held_by_flags(comment):
    """The event: members' flags held this comment for review (forum/flags/services.py)."""
    fan_out_flagged_comment.defer(comment_id=comment.pk)


@app.task(queue=QUEUE, retry=OUTAGE_PROOF)
def fan_out_flagged_comment(*, comment_id):
    from .tasks import send_email  # tasks.py imports this module

    if not Comment.objects.filter(pk=comment_id, status=Comment.Status.FLAGGED).exists():
        return  # judged already
    members = sorted(moderators().values_list("pk", flat=True))
    if members:
        send_email.batch_defer(*[{"kind": KIND, "recipient_id": member, "about_id": comment_id} for member in members])


def flagged_comment_email(recipient_id, comment_id):
    """The email to one moderator, or None if the comment is no longer held as flagged (another
    moderator judged it first) or the recipient no longer moderates."""
    comments = Comment.objects.select_related("post", "author", "anonymous")
    comment = comments.filter(pk=comment_id, status=Comment.Status.FLAGGED).first()
    recipient = comment and moderators().filter(pk=recipient_id).first()
    if not recipient:
        return None
    context = {
        "recipient": recipient,
        "comment": comment,
        "post": comment.post,
        "flags": list(Flag.objects.on(comment).select_related("flagger").order_by("created_at", "id")),
        "admin_url": on_site(reverse("admin:comments_comment_change", args=[comment.pk])),
        "url": on_site(comment.get_absolute_url()),
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
    }
    subject = " ".join(render_to_string("email/flagged_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=render_to_string("email/flagged.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers={
            "Auto-Submitted": "auto-generated",
            "Message-ID": make_msgid(domain=parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or None),
        },
    )
    message.attach_alternative(render_to_string("email/flagged.html", context), "text/html")
    return message
