"""Reading the emails the worker sent (Django's locmem outbox) the way a reader's mail client would."""

import re
from urllib.parse import urlsplit

from django.core import mail

_URL = re.compile(r"https?://[^\s<>\"]+")


def sent_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def only_email_to(user):
    messages = sent_to(user)
    assert len(messages) == 1, [message.subject for message in messages]
    return messages[0]


def html_part(message):
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    return html


def links(text):
    return _URL.findall(text)


def path_of(url):
    """The test client's request path for a link on SITE_URL (http://testserver in tests)."""
    parts = urlsplit(url)
    assert parts.netloc == "testserver", url
    return parts.path + (f"?{parts.query}" if parts.query else "")


def link_after(text, label):
    """The URL that follows `label` on its line in a plain-text email."""
    match = re.search(re.escape(label) + r"[^\n]*?(https?://\S+)", text)
    assert match, f"no {label!r} link in:\n{text}"
    return match[1]


def unsubscribe_header(message):
    value = message.extra_headers["List-Unsubscribe"]
    assert value.startswith("<") and value.endswith(">")
    return value[1:-1]
