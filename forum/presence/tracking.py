"""Who has been here in the last few minutes, counted in the shared cache, never in a table.

Time runs in steps of STEP_SECONDS; window W spans steps W and W+1 (WINDOW_STEPS of them). A
reader is put in the two windows open at that moment, and "online now" is the count of the older
one: everyone seen since it opened, between 2½ and 5 minutes ago. Two windows that overlap, rather
than one that starts afresh, so the count never drops to nothing at the top of a window.

A reader is put in a window with `add` of a key of their own (true only for the first process to
do it), and only then counted, with `add` again (forum/core/limits.py says why never `incr`).
Each process remembers whom it has put in which window, so a reader's burst of requests costs
no write at all after their first, and one per window per process at most.

The counts and the site's totals are read from the cache once every REFRESH_SECONDS per process:
a page's header costs nothing in between.
"""

import threading
import time
from dataclasses import dataclass

from django.core.cache import caches

from .totals import site_totals

PRESENCE_CACHE = "pages"  # see Tracker.cache
STEP_SECONDS = 150
WINDOW_STEPS = 2  # 5 minutes
# A window's keys are written from its first step on and read until its last step is over.
KEY_SECONDS = (WINDOW_STEPS + 1) * STEP_SECONDS
REFRESH_SECONDS = 10
# The totals ("N comments by M users") are counted again at most this often, by any process.
TOTALS_SECONDS = 60
TOTALS_KEY = "presence:totals"
# A process remembers at most this many (window, reader) pairs; past it, it forgets them all and
# the cache's `add` keeps each reader counted once anyway.
REMEMBER_MAX = 50_000
# A newcomer takes the next free number in its window; this many tries, then it goes uncounted
# (only under a stampede of newcomers in one instant).
CLAIM_TRIES = 20

MEMBER = "member"
LURKER = "lurker"


@dataclass(frozen=True)
class Presence:
    members_online: int
    lurkers: int
    comments: int  # the sum of what lists show as each thread's number of comments
    members: int  # active accounts (deleting an account deactivates it)


class Tracker:
    def __init__(self, *, clock=time.time, cache=None):
        self.clock = clock
        self._cache = cache
        self._step = None
        self._recorded = set()  # (window, kind, reader) this process has put in the cache
        self._lock = threading.Lock()  # for the set above, between a process's threads
        self._read_at = None
        self._window = None
        self._online = {MEMBER: 0, LURKER: 0}
        self._totals = (0, 0)

    @property
    def cache(self):
        # The pages cache, not the default one: every new reader is a key here, and a flood of
        # made-up readers (a new User-Agent each request) must only ever push out pages, which
        # are rendered again, never the rate limits' counters (forum/settings.py CACHES).
        return self._cache or caches[PRESENCE_CACHE]

    def record(self, kind, reader):
        """Note that this reader (a member's id, a lurker's digest) is here now."""
        for window in self._windows_to_write(kind, reader):
            if self.cache.add(f"presence:{kind}:{window}:{reader}", 1, timeout=KEY_SECONDS):
                counted = self._count_newcomer(f"presence:{kind}:{window}")
                if counted and window == self._window:  # this process's own header sees them at once
                    self._online[kind] = max(self._online[kind], counted)

    def presence(self) -> Presence:
        """The counts as of at most REFRESH_SECONDS ago."""
        now = self.clock()
        window = self._shown_window()
        if self._read_at is None or not 0 <= now - self._read_at < REFRESH_SECONDS or window != self._window:
            self._read(window, now)
        return Presence(self._online[MEMBER], self._online[LURKER], *self._totals)

    def _windows_to_write(self, kind, reader):
        """The windows open now that this process has not put the reader in yet (now noted)."""
        step = int(self.clock() // STEP_SECONDS)
        open_windows = range(step - WINDOW_STEPS + 1, step + 1)
        with self._lock:
            if step != self._step:  # forget the windows that have closed
                self._recorded = {entry for entry in self._recorded if entry[0] >= open_windows[0]}
                self._step = step
            if len(self._recorded) >= REMEMBER_MAX:
                self._recorded.clear()
            missing = [window for window in open_windows if (window, kind, reader) not in self._recorded]
            self._recorded.update((window, kind, reader) for window in missing)
        return missing

    def _shown_window(self):
        return int(self.clock() // STEP_SECONDS) - WINDOW_STEPS + 1

    def _count_newcomer(self, prefix):
        """Take the window's next number: `add` makes each number one newcomer's. Returns the
        count including them, or None if every try was taken."""
        count_key = f"{prefix}:count"
        start = self.cache.get(count_key, 0)
        for number in range(start, start + CLAIM_TRIES):
            if self.cache.add(f"{prefix}:#{number}", 1, timeout=KEY_SECONDS):
                # Two newcomers at once may write their counts out of order: the count is then one
                # short until the next newcomer, who starts from it and takes the next free number.
                self.cache.set(count_key, number + 1, timeout=KEY_SECONDS)
                return number + 1
        return None

    def _read(self, window, now):
        """One round trip for the counts and the totals; one query more when the totals are
        older than TOTALS_SECONDS (by this tracker's clock, which tests move)."""
        keys = {kind: f"presence:{kind}:{window}:count" for kind in (MEMBER, LURKER)}
        found = self.cache.get_many([*keys.values(), TOTALS_KEY])
        self._online = {kind: found.get(key, 0) for kind, key in keys.items()}
        totals = found.get(TOTALS_KEY)
        if totals is None or not 0 <= now - totals[0] < TOTALS_SECONDS:  # old, or a clock set back
            totals = (now, *site_totals())
            self.cache.set(TOTALS_KEY, totals, timeout=2 * TOTALS_SECONDS)
        self._totals = totals[1:]
        self._window = window
        self._read_at = now


# The one tracker of this process (tests put one with a clock of their own in its place).
tracker = Tracker()
