from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def csrf_failure(request, reason=""):
    """A form sent with a stale token, usually after logging in or out in another tab.

    Django's own page would lose what the reader wrote; this one gives the text back in a fresh
    form (with a new token) aimed where it was going. Only for forms sent from our own pages: a
    form another site made a browser send must not come back ready for one click.
    """
    came_from = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER") or ""
    ours = url_has_allowed_host_and_scheme(came_from, allowed_hosts={request.get_host()})
    context = {"text": request.POST.get("body", "") if ours else "", "action": request.path}
    return render(request, "403_csrf.html", context, status=403)
