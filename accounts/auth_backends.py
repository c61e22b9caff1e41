"""Log-in: exactly one password hash per attempt, whatever the attempt.

A hash is the slow part of a login (hundreds of milliseconds in production), so any difference in
how many are computed is an oracle a stopwatch can read. Django's ModelBackend next to allauth's
hashed a wrong password twice and a right one once; allauth's backend alone still hashes a wrong
password for a registered email twice (it tries the email as `email` and again as `username`),
and an unknown one once. This backend finds at most one member for the credentials and hashes
once: their password if there is such a member, a throwaway one if not.
"""

from functools import cache

from allauth.account import app_settings
from allauth.account.app_settings import LoginMethod
from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from allauth.account.internal.userkit import filter_users_by_email, get_user_by_username
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef

from forum.core.compiled import ID_MARK, CompiledQuery

from .sessions import member_read_with


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id):
        """ModelBackend.get_user, through a query compiled once: it runs on every request a
        logged-in member makes, and building the ORM query cost more than running it."""
        try:
            pk = get_user_model()._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        user = member_read_with(pk) or _member_by_id().first(pk=pk)
        return user if user is not None and self.user_can_authenticate(user) else None

    def _authenticate(self, request, **credentials):
        # allauth's authenticate() calls this, then hashes a throwaway password if we checked none;
        # _check_password() hashes once and keeps allauth's handling of inactive members.
        return self._check_password(self._member_for(credentials), credentials.get("password") or "")

    @staticmethod
    def _member_for(credentials):
        """The one member these credentials name, or None. allauth's form sends an email as both
        `email` and `username`; other callers (the admin's form, test clients) send `username`."""
        username = credentials.get("username")
        email = credentials.get("email") or (username if username and "@" in username else None)
        if email and LoginMethod.EMAIL in app_settings.LOGIN_METHODS:
            # Several members can share an email only where UNIQUE_EMAIL is off; a verified
            # address wins, as in allauth, and then the oldest account: still one hash.
            members = filter_users_by_email(email, prefer_verified=True, for_login=True)
            if members:
                return min(members, key=lambda member: member.pk)
        if username and LoginMethod.USERNAME in app_settings.LOGIN_METHODS:
            return get_user_by_username(username)
        return None


def members_for_requests():
    """Members as a request reads the one it is made by, here or with their session
    (sessions.py). With `ignores_anyone`: whether the lists members share can be theirs
    (forum/posts/member_lists.py), known before any list is read."""
    from .models import Ignore

    anyone = Exists(Ignore.objects.filter(ignorer=OuterRef("pk")))
    return get_user_model()._default_manager.annotate(ignores_anyone=anyone)


@cache
def _member_by_id():
    return CompiledQuery(members_for_requests().filter(pk=ID_MARK), pk=ID_MARK)
