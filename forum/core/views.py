from urllib.parse import urlsplit

from django.shortcuts import render


def bad_request(request, exception=None):
    """The 400 page. Django's own runs the CSRF check again, which reads the unreadable form that
    brought us here once more and ends in a 500."""
    return render(request, "400.html", status=400)


def csrf_failure(request, reason=""):
    """A form sent with a stale token, usually after logging in or out in another tab.

    Django's own page would lose what the reader wrote; this one gives the text back in a fresh
    form (with a new token) aimed where it was going. Only for forms sent from our own pages: a
    form another site made a browser send must not come back ready for one click.
    """
    context = {"text": request.POST.get("body", "") if _sent_from_our_page(request) else "", "action": request.path}
    return render(request, "403_csrf.html", context, status=403)


def _sent_from_our_page(request):
    # Origin when the browser sent one, even "null" (sandboxed frames, cross-site redirects), which
    # is never ours; Referer only when there is no Origin at all.
    source = request.META["HTTP_ORIGIN"] if "HTTP_ORIGIN" in request.META else request.META.get("HTTP_REFERER", "")
    parts = urlsplit(source)
    return parts.scheme == request.scheme and parts.netloc == request.get_host()
