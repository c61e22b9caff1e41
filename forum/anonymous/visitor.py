"""Who an anonymous visitor is: a random token in a long-lived cookie of their browser.

Keying on the network address instead (as the original did) makes everyone behind one NAT, one
office or one mobile carrier's shared address the same `anon_` commenter: they would see each
other's comments waiting for approval, trip each other's "too fast", and share one ban.
"""

import re
import secrets

from django.conf import settings
from django.utils.cache import patch_vary_headers

COOKIE_NAME = "visitor"
COOKIE_AGE = 10 * 365 * 24 * 3600
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{22}$")


def visitor_token(request) -> str:
    """This browser's token, from its cookie; a new one (set on the response) if it has none."""
    if not hasattr(request, "_visitor_token"):
        token = request.COOKIES.get(COOKIE_NAME, "")
        request._visitor_token_is_new = not _TOKEN_SHAPE.match(token)
        request._visitor_token = secrets.token_urlsafe(16) if request._visitor_token_is_new else token
    return request._visitor_token


class VisitorCookieMiddleware:
    """Sets the visitor cookie on responses to requests that needed a token and had none; pages
    that never ask for one (most of them) set no cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_visitor_token_is_new", False):
            response.set_cookie(
                COOKIE_NAME,
                request._visitor_token,
                max_age=COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
            patch_vary_headers(response, ("Cookie",))
        return response
