"""Sign-ups per network per hour (SIGNUPS_PER_NETWORK_PER_HOUR, default 5), counted in the
shared cache across every process and app server (forum/core/limits.py)."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from forum.anonymous.models import is_known_network
from forum.core.limits import take_slot

DEFAULT_SIGNUPS_PER_NETWORK_PER_HOUR = 5
WINDOW = timedelta(hours=1)


def signups_per_network_per_hour():
    return getattr(settings, "SIGNUPS_PER_NETWORK_PER_HOUR", DEFAULT_SIGNUPS_PER_NETWORK_PER_HOUR)


def take_signup_slot(network_digest, now=None):
    """Count one sign-up from this network. Returns None when it may go ahead, else the time the
    earliest counted sign-up leaves the window (when to try again). Networks whose address could
    not be read are not counted: every such visitor would share one allowance."""
    if not is_known_network(network_digest):
        return None
    now = now or timezone.now()
    cache, prefix = caches["default"], f"signups:{network_digest}"
    limit, seconds = signups_per_network_per_hour(), int(WINDOW.total_seconds())
    # take_slot keeps no times; their list (at most `limit`, read and written without a lock)
    # only words the refusal: the slots themselves do the counting.
    times = [at for at in cache.get(f"{prefix}:times", []) if at > now - WINDOW]
    if take_slot(cache, prefix, limit, seconds):
        cache.set(f"{prefix}:times", (times + [now])[-max(limit, 1) :], seconds)
        return None
    return min(times) + WINDOW if times else now + WINDOW
