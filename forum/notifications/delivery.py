"""Handing one email job's message to the mail server, so that a retry never sends it again.

A job is retried after a mail server error and after its worker died (forum/jobs/tasks.py), so
the same job may try to send more than once. What the mailbox sees:
- the server refused or could not be reached: nothing was sent, the retry sends it;
- the server accepted it: `Delivery.sent_at` is committed before anything else happens (the job
  being marked done, the connection's QUIT), and a retry sends nothing;
- the worker died after the server had the whole message but before its answer came back (the
  server may or may not keep it; RFC 1047): the retry sends it again, with the Message-ID of the
  first try, so a mailbox that kept both may show it once. At least once, never lost.
"""

from email.utils import parseaddr

from django.core.mail import get_connection
from django.core.mail.message import make_msgid
from django.db import transaction

from .models import Delivery


def send_once(job_id, message, *, claim=None):
    """Send message (an EmailMessage) as the email of job `job_id`, unless an earlier attempt of
    that job did. `claim`: called in the transaction that records the sending, returns whether
    the email may still go (FollowerEmail.claim); refused, nothing is sent. True if sent now."""
    message_id, sent_at = Delivery.begin(job_id, message.extra_headers.get("Message-ID") or _new_message_id(message))
    if sent_at is not None:
        return False
    message.extra_headers["Message-ID"] = message_id
    # The connection outlives the transaction: sent_at commits as soon as the server accepted the
    # message, and only then is the connection closed (QUIT), which may itself hang or fail.
    with get_connection() as connection:
        with transaction.atomic():
            if claim is not None and not claim():
                return False
            connection.send_messages([message])
            Delivery.mark_sent(job_id)
    return True


def _new_message_id(message):
    # On the sender's domain, not the worker machine's name.
    return make_msgid(domain=parseaddr(message.from_email)[1].rpartition("@")[2] or None)
