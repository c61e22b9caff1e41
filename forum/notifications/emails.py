"""Notification emails: a plain text and an HTML part from templates/email/, with the headers
that let a mail client offer one-click unsubscribe (RFC 2369 and RFC 8058)."""

import re
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.site import on_site

# Stored HTML links to the site by path (/user/NAME, /media/...); a mail client has no site to
# resolve them against. The sanitizer writes every attribute double-quoted.
_SITE_PATH = re.compile(r'( (?:href|src)=")/(?!/)')


def absolute_links(html):
    return _SITE_PATH.sub(lambda match: f"{match[1]}{settings.SITE_URL}/", html)


def notification_email(*, template, recipient, context, unsubscribe):
    """templates/email/{template}_subject.txt, .txt and .html, for recipient.

    unsubscribe: the links.Stop the List-Unsubscribe header (and the footer) carries: the switch
    for this kind of email."""
    context = {
        **context,
        "recipient": recipient,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "settings_url": on_site(reverse("notifications:settings")),
        "unsubscribe": unsubscribe,
        "unsubscribe_url": unsubscribe.url(),
    }
    subject = " ".join(render_to_string(f"email/{template}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=render_to_string(f"email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # Tells vacation responders and the like not to answer (RFC 3834).
            "Auto-Submitted": "auto-generated",
            # On the sender's domain, not the worker machine's name.
            "Message-ID": make_msgid(domain=parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or None),
        },
    )
    message.attach_alternative(render_to_string(f"email/{template}.html", context), "text/html")
    return message
