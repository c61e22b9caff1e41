from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_back(request, fallback):
    """Redirect to the form's `next` field when it is a path on this site, else to fallback."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def is_page_navigation(request):
    """A reader opening a page, not a request a page made by itself (an `<img src>` pointing at a
    post, a prefetch, a link checker's HEAD): only these count as views.

    Browsers say what a request is for in Sec-Fetch-Dest / Sec-Fetch-Mode; for clients too old
    to send them, a GET that accepts HTML is taken as a reader.
    """
    if request.method != "GET":
        return False
    if "HTTP_SEC_FETCH_DEST" in request.META:
        return request.META["HTTP_SEC_FETCH_DEST"] == "document" and request.META.get("HTTP_SEC_FETCH_MODE") in (
            "navigate",
            None,
        )
    if request.META.get("HTTP_PURPOSE", "").lower() == "prefetch" or "HTTP_SEC_PURPOSE" in request.META:
        return False
    return "text/html" in request.META.get("HTTP_ACCEPT", "") or "HTTP_ACCEPT" not in request.META
