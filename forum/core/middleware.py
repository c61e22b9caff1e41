import functools
import zoneinfo

from django.conf import settings
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
