import logging

from . import tracking
from .header import fill_header
from .readers import reader_of

logger = logging.getLogger(__name__)


class PresenceMiddleware:
    """Notes each reader as here now (before the view, so that their own page counts them), and
    puts the header's counts in the page. After AuthenticationMiddleware and VisitorMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return fill_header(self.get_response(request))

    def process_view(self, request, view_func, view_args, view_kwargs):
        # After the address is resolved: an address that leads nowhere (a scanner's) is no reader.
        try:
            reader = reader_of(request)
            if reader is not None:
                tracking.tracker.record(*reader)
        except Exception:  # who is online is never worth a failed page
            logger.exception("Noting a reader as online failed.")
        return None
