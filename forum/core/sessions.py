"""Sessions in PostgreSQL, read through a statement compiled once (forum/core/compiled.py).

A member's session is read on every request they make. Django's database backend built the same
ORM query each time, which cost more than running it (about 0.7 ms of Python per request); read
through the page cache instead (cached_db), a logout made while that cache was unreachable would
come back with it, its old copy still there. Here the table is the only copy, and the read is a
prepared statement (and, as a request's first query, its connection health check too).
"""

from functools import cache

from django.contrib.sessions.backends import db
from django.utils import timezone

from .compiled import TIME_MARK, CompiledQuery, text_mark

_KEY_MARK = text_mark("session-key")


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        # As Django's: the unexpired session under this key, else forget the key.
        session_key = self.session_key
        found = _unexpired(self.model).first(key=session_key, now=timezone.now()) if session_key else None
        if found is None:
            self._session_key = None
        return found


@cache
def _unexpired(model):
    sessions = model.objects.filter(session_key=_KEY_MARK, expire_date__gt=TIME_MARK)
    return CompiledQuery(sessions, key=_KEY_MARK, now=TIME_MARK)
