import functools
import zoneinfo

from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import BadRequest, ValidationError
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
    """Show times in the reader's timezone: a member's setting, else what their browser told us
    (static/js/forum.js sets the cookie), else the site's TIME_ZONE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A member's own setting first; asking costs nothing for a visitor without a session.
        user = request.user
        zone = reader_timezone(user.timezone) if user.is_authenticated and user.timezone else None
        zone = zone or reader_timezone(request.COOKIES.get(TIMEZONE_COOKIE, ""))
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
    """Requests no view can read are a 400 before any view sees them:
    - a NUL byte in the path or query string: PostgreSQL text cannot hold NUL, so the first
      look-up with one (`/user/%00`, an admin search) would fail in the database driver as a 500
      (form fields refuse NUL in posted text themselves, with a message: forum/core/text.py);
    - a body in a charset other than UTF-8, which Django refuses to decode as it reads the form
      (and then again in the CSRF check of its own 400 page: a 500);
    - numbers too large for the dates they make (the admin's date filters): an OverflowError;
    - an admin action on rows named by something that is no key (`_selected_action=abc`): the
      admin filters `pk__in` with them as sent, and the key field's ValueError or ValidationError
      would be a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET):
            raise BadRequest("NUL byte in the address.")
        charset = request.content_params.get("charset") if request.method == "POST" else None
        if charset and charset.strip().lower().replace("_", "-") not in ("utf-8", "utf8"):
            raise BadRequest("Forms are read as UTF-8.")
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError):
            raise BadRequest("A number in the request is out of range.") from exception
        if (
            isinstance(exception, (ValueError, ValidationError))
            and request.method == "POST"
            and ACTION_CHECKBOX_NAME in request.POST
        ):
            raise BadRequest("The rows chosen are not rows of this list.") from exception
        return None


def _has_nul(query):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query.lists())
