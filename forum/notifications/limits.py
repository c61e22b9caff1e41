"""How many @mention and watch emails a member may be sent: a writer who names the same members in
comment after comment, many writers who gang up on one member, or a script commenting in a
watched thread every two seconds, must not fill that member's inbox.

Counted by the fan-out job (the worker, never the request) in the shared cache, which every
worker and app server sees: a table in PostgreSQL, or Redis with REDIS_URL (settings.CACHES).
Only `add` is used: it is atomic in both, where the database cache's `incr` reads, then writes
(two workers can count one), and sets the key's expiry back to the default (5 minutes).
"""

from django.conf import settings
from django.core.cache import caches

from forum.core.limits import take_slot

# One writer summons one member by email at most once in this many seconds; more mentions in
# that time still link to the profile, but email nothing.
PAIR_SECONDS = 3600
# A member gets at most MENTION_EMAILS_PER_HOUR mention emails in any hour, from everyone together.
RECIPIENT_SECONDS = 3600
DEFAULT_PER_HOUR = 10


def mention_emails_per_hour():
    return getattr(settings, "MENTION_EMAILS_PER_HOUR", DEFAULT_PER_HOUR)


def take_mention_allowance(*, writer_id, recipient_id):
    """Count one mention email from writer to recipient; False if it must not be sent. The pair is
    asked first, so that one writer's repeated mentions do not use up the recipient's hour."""
    cache = caches["default"]
    if not cache.add(f"mention-email:{writer_id}:{recipient_id}", 1, timeout=PAIR_SECONDS):
        return False
    return take_slot(cache, f"mention-emails:{recipient_id}", mention_emails_per_hour(), RECIPIENT_SECONDS)


# A watcher gets at most this many emails of one thread's new comments in any hour.
WATCH_EMAILS_PER_POST_PER_HOUR = 6


def take_watch_allowance(*, post_id, recipient_id):
    """Count one new-comment email of this thread to this watcher; False if it must not be sent."""
    limit = getattr(settings, "WATCH_EMAILS_PER_POST_PER_HOUR", WATCH_EMAILS_PER_POST_PER_HOUR)
    return take_slot(caches["default"], f"watch-emails:{post_id}:{recipient_id}", limit, 3600)
