"""Mail backends for tests of a mail server that is down."""

import smtplib

from django.core.mail.backends import locmem


class DownBackend(locmem.EmailBackend):
    """Refuses `failures` sends (as a mail server that is down would), then delivers to the outbox."""

    failures = 0

    def send_messages(self, messages):
        if DownBackend.failures:
            DownBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
