"""When PostgreSQL cannot be reached: the site's own 503 page, at once, with the reader's text.

Django turns any exception into the 500 handler's answer, wherever it was raised (a view, the
session or authentication middleware, a template). server_error, our handler500, tells a database
that cannot be reached (django.db's OperationalError and InterfaceError: refused, reset, timed
out after DATABASE_CONNECT_TIMEOUT) from a bug, and answers the first with 503 and Retry-After.

Nothing here touches the database: the page is rendered without the request's context
processors (they read the session and the member). The site recovers by itself: Django drops a
connection that failed at the end of the request, and the next request opens a new one.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError

from . import views

logger = logging.getLogger(__name__)

DATABASE_DOWN = (OperationalError, InterfaceError)
# What a reader may have been writing when the database went away: given back on the page.
KEPT_FIELDS = ("body", "about", "title")


def server_error(request):
    error = sys.exc_info()[1]
    if _database_unreachable(error):
        logger.error("The database cannot be reached: answering 503 (%s)", error)
        return views.service_unavailable(request, text=_written_text(request))
    return views.server_error(request)


def _database_unreachable(error):
    """A connection that failed or was refused (no SQLSTATE: the server never answered), or
    PostgreSQL's own "connection exception" (08...) and "shutting down, starting up" (57P01-03).
    A deadlock or a cancelled statement is an OperationalError too, but the database is there."""
    if not isinstance(error, DATABASE_DOWN):
        return False
    sqlstate = getattr(error.__cause__, "sqlstate", None) or ""
    return not sqlstate or sqlstate.startswith("08") or sqlstate in {"57P01", "57P02", "57P03"}


def _written_text(request):
    if request.method != "POST":
        return ""
    try:
        return next((request.POST[name] for name in KEPT_FIELDS if request.POST.get(name, "").strip()), "")
    except Exception:  # an unreadable form (bad encoding, too large): nothing to give back
        return ""
