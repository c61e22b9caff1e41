import functools
import zoneinfo

from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils import timezone

TIMEZONE_COOKIE = "tz"


class ContentSecurityPolicyMiddleware:
    """Send the policy in settings.CONTENT_SECURITY_POLICY on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = "; ".join(f"{name} {value}" for name, value in settings.CONTENT_SECURITY_POLICY.items())

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.header)
        return response


class ReaderTimezoneMiddleware:
    """Show times in the reader's timezone when the browser told us (static/js/forum.js sets the
    cookie); otherwise in the site's TIME_ZONE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = reader_timezone(request.COOKIES.get(TIMEZONE_COOKIE, ""))
        if zone:
            timezone.activate(zone)
        else:
            timezone.deactivate()
        return self.get_response(request)


@functools.cache
def _known_zones():
    return frozenset(zoneinfo.available_timezones())


def reader_timezone(name):
    """The ZoneInfo for a cookie value, or None for anything that is not a known IANA name."""
    if name in _known_zones():
        return zoneinfo.ZoneInfo(name)
    return None


class RejectNulMiddleware:
    """A NUL byte in the path or query string is a 400 before any view sees it.

    PostgreSQL text cannot hold NUL, so the first look-up with one (`/user/%00`, an admin search)
    would otherwise fail inside the database driver as a 500. No reader's link contains one.
    Form fields refuse NUL in posted text themselves, with a message (forum/core/text.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET):
            raise BadRequest("NUL byte in the address.")
        return self.get_response(request)


def _has_nul(query):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query.lists())
