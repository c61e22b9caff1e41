"""Who an anonymous visitor is: a random token in a long-lived cookie of their browser.

Keying on the network address instead (as the original did) makes everyone behind one NAT, one
office or one mobile carrier's shared address the same `anon_` commenter: they would see each
other's comments waiting for approval, trip each other's "too fast", and share one ban.

VisitorMiddleware resolves the visitor once per request, lazily, as `request.visitor`: plain
values (digests) that views hand to querysets and services. Reading them sets no cookie; a view
that gives the visitor an identity worth keeping (the post page names them, a comment is signed
with it) calls `remember_visitor(request, response)`, where a reader of the view can see it.
"""

import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject

from .keys import is_known_network, request_network_digest, visitor_digest

COOKIE_NAME = "visitor"
COOKIE_AGE = 10 * 365 * 24 * 3600
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{22}$")


@dataclass(frozen=True)
class Visitor:
    """An anonymous visitor as one request shows them: which browser, and from which network."""

    digest: str
    network_digest: str
    # The browser's token, and whether it is new (no valid cookie came with the request).
    token: str = ""
    token_is_new: bool = False

    @property
    def network_is_known(self):
        return is_known_network(self.network_digest)

    @property
    def writer_digest(self):
        """The digest their comments carry, or None for a browser that came without a cookie:
        it has written nothing, so there is nothing of theirs to look for."""
        return None if self.token_is_new else self.digest


def visitor_from_request(request) -> Visitor:
    token = request.COOKIES.get(COOKIE_NAME, "")
    is_new = not _TOKEN_SHAPE.match(token)
    if is_new:
        token = secrets.token_urlsafe(16)
    elif settings.ANONYMOUS_NAME_OLD_KEYS:
        from .rotation import rekey_visitor  # models import this module's neighbours

        rekey_visitor(token)
    return Visitor(
        digest=visitor_digest(token), network_digest=request_network_digest(request), token=token, token_is_new=is_new
    )


def remember_visitor(request, response):
    """Give a browser that came without a valid cookie the token it was known by in this request."""
    visitor = request.visitor
    if request.user.is_authenticated or not visitor.token_is_new:
        return response
    response.set_cookie(
        COOKIE_NAME,
        visitor.token,
        max_age=COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    patch_vary_headers(response, ("Cookie",))
    return response


class VisitorMiddleware:
    """`request.visitor`, computed on first use (most requests never ask)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.visitor = SimpleLazyObject(lambda: visitor_from_request(request))
        return self.get_response(request)
