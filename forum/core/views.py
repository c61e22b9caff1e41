from urllib.parse import urlsplit

from django.shortcuts import render


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
