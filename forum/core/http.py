from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_back(request, fallback):
    """Redirect to the form's `next` field when it is a path on this site, else to fallback."""
    return redirect(safe_next(request) or fallback)


def safe_next(request):
    """The form's or address's `next` when it leads to this site, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


def is_page_navigation(request):
    """A reader opening a page, not a request a page made by itself (an `<img src>` pointing at a
    post, a prefetch, a link checker's HEAD): only these count as views.

    Browsers say what a request is for in Sec-Fetch-Dest / Sec-Fetch-Mode; for clients too old
    to send them, a GET that accepts HTML is taken as a reader.
    """
    meta = request.META
    if request.method != "GET":
        return False
    # A prefetch or prerender is the browser guessing, not a reader reading.
    if "prefetch" in meta.get("HTTP_SEC_PURPOSE", "").lower() or meta.get("HTTP_PURPOSE", "").lower() == "prefetch":
        return False
    if "HTTP_SEC_FETCH_DEST" in meta:
        return meta["HTTP_SEC_FETCH_DEST"] == "document" and meta.get("HTTP_SEC_FETCH_MODE") in ("navigate", None)
    if "HTTP_ACCEPT" not in meta:
        return True  # says nothing of what it reads: taken as a reader, as the original counted
    media_ranges = {part.split(";", 1)[0].strip().lower() for part in meta["HTTP_ACCEPT"].split(",")}
    return "text/html" in media_ranges
