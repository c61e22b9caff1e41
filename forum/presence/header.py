"""The header's counts go into every page through a slot, filled as the response leaves.

Logged-out pages are rendered once and shared for up to a day (forum/core/pagecache.py): counts
rendered into them would be as old as the page. So every page, shared or not, carries only a slot
(templates/presence/_header.html), and PresenceMiddleware puts this moment's counts in it: one
rendering of the header for everyone, as fresh on a stored page as on a member's.
"""

import hashlib
import hmac
import logging

from django.conf import settings
from django.template.loader import render_to_string

from . import tracking

logger = logging.getLogger(__name__)


def _slot(name):
    # As forum/core/pagecache.py makes its slots: derived from SECRET_KEY, so no writer can type
    # it into a comment, since no reader ever sees it.
    digest = hmac.new(settings.SECRET_KEY.encode(), f"page-slot:{name}".encode(), hashlib.sha256).hexdigest()
    return f"slot-{digest[:16]}-{name}"


SLOT = _slot("presence")

_rendered = (None, "")  # (presence, its HTML): the same counts render the same header


def header_html():
    """The header as of now, or nothing if the cache cannot say (a page never fails for it)."""
    global _rendered
    try:
        presence = tracking.tracker.presence()
    except Exception:
        logger.exception("Reading who is online failed.")
        return ""
    if presence is None:  # a tracker that keeps no counts (tests/presence/quiet.py)
        return ""
    if _rendered[0] != presence:
        _rendered = (presence, render_to_string("presence/_counts.html", {"presence": presence}))
    return _rendered[1]


def fill_header(response):
    """The response with the header in its slot, if it is a page that has one."""
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return response
    slot = SLOT.encode()
    if slot in response.content:
        response.content = response.content.replace(slot, header_html().encode())
    return response
