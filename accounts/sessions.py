"""Sessions in PostgreSQL, and a member's session read together with the member.

Every request a member makes reads their session and then the member it names: two statements,
each a round trip and about 0.3 ms of Python. Here a session this process has seen before is read
in one statement with the member it named then (the member's id is kept by session key, and
checked against what the session says on every read), and the member is handed to the
authentication backend (auth_backends.py), which then asks the database nothing. A session read
for the first time in this process, or one without a member, is read alone, as Django reads it.

Both statements are compiled once and prepared (forum/core/compiled.py): Django's database
backend built the same ORM query each time, which cost more than running it. They read the table,
never a cache: read through the page cache instead (cached_db), a logout made while that cache was
unreachable would come back with it, its old copy still there.
"""

import re
from contextvars import ContextVar
from functools import cache

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.db.models import Subquery
from django.utils import timezone

from forum.core.compiled import ID_MARK, TIME_MARK, CompiledQuery, text_mark

_KEY_MARK = text_mark("session-key")
# Which member each session key named when this process last read it: a hint that picks the
# one-statement read, never trusted (the session's own data must name the same member).
_member_ids = {}
_MEMBER_IDS_MAX = 20_000
# The member read with this request's session, until the backend takes it (member_read_with).
_member_read = ContextVar("member_read_with_session", default=None)
# What Django makes a key of (sessions/backends/base.py VALID_KEY_CHARS, 32 of them); Django
# itself only checks the length, so a cookie with a NUL reached the database as a 500.
_KEY_SHAPE = re.compile(r"[a-z0-9]{8,64}")


class SessionStore(db.SessionStore):
    def _validate_session_key(self, key):
        return bool(key) and _KEY_SHAPE.fullmatch(key) is not None

    def load(self):
        _member_read.set(None)  # whatever an earlier request left is never this one's
        key = self.session_key
        member_id = _member_ids.get(key) if key else None
        if member_id is not None:
            member = _member_and_session().first(pk=member_id, key=key, now=timezone.now())
            if member is not None:  # else the member is gone: read the session alone
                return self._with_member(key, member)
        found = self._get_session_from_db()
        if found is None:
            return {}
        data = self.decode(found.session_data)
        _remember(key, data)
        return data

    def _with_member(self, key, member):
        if member.session_data is None:  # ended or expired
            _member_ids.pop(key, None)
            self._session_key = None
            return {}
        data = self.decode(member.session_data)
        if _member_id(data.get(SESSION_KEY)) == member.pk:
            _member_read.set(member)
        else:  # it names someone else, or no one, now: the backend reads whoever it names
            _remember(key, data)
        return data

    def _get_session_from_db(self):
        # As Django's: the unexpired session under this key, else forget the key.
        key = self.session_key
        found = _unexpired(self.model).first(key=key, now=timezone.now()) if key else None
        if found is None:
            self._session_key = None
        return found


def member_read_with(member_id):
    """The member this request's session was read with, if it is this member (once: the backend
    takes it for the request), else None."""
    member = _member_read.get()
    _member_read.set(None)
    return member if member is not None and member.pk == _member_id(member_id) else None


def forget_members():
    """Drop the hints (tests start each from a process that has seen no session)."""
    _member_ids.clear()
    _member_read.set(None)


def _remember(key, data):
    if len(_member_ids) >= _MEMBER_IDS_MAX:
        _member_ids.clear()  # a hint only costs a statement when missing
    member_id = _member_id(data.get(SESSION_KEY))
    if member_id is None:
        _member_ids.pop(key, None)
    else:
        _member_ids[key] = member_id


def _member_id(value):
    """The member id a session names, as a number (the text as stored went to the database as
    text, where an id past a bigint failed the statement), or None if it names none."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@cache
def _unexpired(model):
    sessions = model.objects.filter(session_key=_KEY_MARK, expire_date__gt=TIME_MARK)
    return CompiledQuery(sessions, key=_KEY_MARK, now=TIME_MARK)


@cache
def _member_and_session():
    """The member as the backend reads them, with this session's data if it is still unexpired
    (else None: the member's row comes back either way, so an ended session is told apart from a
    member who is gone)."""
    from .auth_backends import members_for_requests  # the backend imports this module

    session = SessionStore.get_model_class().objects.filter(session_key=_KEY_MARK, expire_date__gt=TIME_MARK)
    members = members_for_requests().filter(pk=ID_MARK)
    members = members.annotate(session_data=Subquery(session.values("session_data")[:1]))
    return CompiledQuery(members, pk=ID_MARK, key=_KEY_MARK, now=TIME_MARK)
