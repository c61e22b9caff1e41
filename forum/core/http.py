from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_back(request, fallback):
    """Redirect to the form's `next` field when it is a path on this site, else to fallback (a
    path). Never through redirect(): it reads a bare word such as `x` as a view's name."""
    return HttpResponseRedirect(safe_next(request) or fallback)


def safe_next(request):
    """The form's or address's `next` when it is a path on this site, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_site_path(target) else ""


def is_site_path(url):
    """A path on this site: `/post/1`, never `//evil.example`, `/\\evil.example`, `https://...`,
    `javascript:`, a bare word, or anything with control characters."""
    return (
        isinstance(url, str)
        and url.startswith("/")
        and url_has_allowed_host_and_scheme(url, allowed_hosts=set())
        and not any(ord(character) < 32 or ord(character) == 127 for character in url)
    )


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
