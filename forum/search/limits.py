"""Searches per network (SEARCHES_PER_NETWORK_PER_MINUTE, default 30), counted in the shared cache
across every process and app server (forum/core/limits.py).

A search is the one page whose cost the reader chooses: a phrase or a -word the planner misjudges
runs for up to the time limit (results.TIME_LIMIT_MS), holding a gunicorn worker and a database
core all along. Without a limit a handful of logged-out scripts asking such searches in a loop
would hold every worker, and the site would stop answering anyone. A search stopped at the time
limit counts as SLOW_SEARCH_SLOTS searches, so that whoever keeps asking those is stopped soon,
while a reader paging through results never notices the limit.
"""

from django.conf import settings
from django.core.cache import caches

from forum.anonymous.keys import is_known_network
from forum.core.limits import take_slot

DEFAULT_SEARCHES_PER_NETWORK_PER_MINUTE = 30
WINDOW_SECONDS = 60
SLOW_SEARCH_SLOTS = 10


def searches_per_minute():
    return getattr(settings, "SEARCHES_PER_NETWORK_PER_MINUTE", DEFAULT_SEARCHES_PER_NETWORK_PER_MINUTE)


def take_search_slot(network_digest):
    """Count one search from this network; False when it has searched its fill this minute.
    Networks whose address could not be read are not counted: every such reader would share one
    allowance (as forum/bans/signups.py)."""
    if not is_known_network(network_digest):
        return True
    return take_slot(caches["default"], _prefix(network_digest), searches_per_minute(), WINDOW_SECONDS)


def count_slow_search(network_digest):
    """A search stopped at the time limit: the slots it costs beyond the one already taken."""
    if not is_known_network(network_digest):
        return
    for _ in range(SLOW_SEARCH_SLOTS - 1):
        if not take_slot(caches["default"], _prefix(network_digest), searches_per_minute(), WINDOW_SECONDS):
            return


def _prefix(network_digest):
    return f"searches:{network_digest}"
