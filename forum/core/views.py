from urllib.parse import urlsplit

from allauth.account import app_settings as allauth_settings
from allauth.core.internal.ratelimit import parse_rates  # how allauth reads its own rate strings
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader

from .ratelimits import too_many


def bad_request(request, exception=None):
    """The 400 page. Django's own runs the CSRF check again, which reads the unreadable form that
    brought us here once more and ends in a 500."""
    return render(request, "400.html", status=400)


def server_error(request):
    """The 500 page in the site's design. Rendered without the request: whatever broke may be the
    session, the database or a context processor, and this page must not need any of them."""
    return HttpResponse(_bare_page("500.html"), status=500)


# Long enough for a database restart, short enough that readers are not kept away after it.
UNAVAILABLE_RETRY_SECONDS = 60


def service_unavailable(request, exception=None, *, text=""):
    """The 503 page, for when the database is down (or the site is in maintenance): it renders
    without the database, the session or any context processor, and tells browsers and crawlers
    when to come back (Retry-After). `text`: what the reader was sending, given back to keep."""
    response = HttpResponse(_bare_page("503.html", text=text), status=503)
    response["Retry-After"] = str(UNAVAILABLE_RETRY_SECONDS)
    response["Cache-Control"] = "no-store"  # a proxy or CDN must not keep serving it once we are back
    return response


def _bare_page(template_name, **context):
    site_name = getattr(settings, "SITE_NAME", "patrick.net")
    return loader.render_to_string(template_name, {"SITE_NAME": site_name, **context})


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


# allauth's limits (ACCOUNT_RATE_LIMITS) by the view that answers 429 for them, so that the page
# can say how long to wait: the longest window of the action's rates, after which every attempt
# counted in it has expired (allauth keeps a sliding window of their times).
_ALLAUTH_ACTIONS = {
    "account_login": "login",
    "account_signup": "signup",
    "account_email": "manage_email",
    "account_change_password": "change_password",
    "account_set_password": "change_password",
    "account_reset_password": "reset_password",
    "account_reset_password_from_key": "reset_password_from_key",
    "account_reauthenticate": "reauthenticate",
    "account_email_verification_sent": "confirm_email",
    "account_confirm_email": "confirm_email",
}
# allauth's shortest usual window, for a refusal we cannot trace to an action.
_ALLAUTH_DEFAULT_WAIT = 60


def too_many_requests(request, exception=None):
    """The 429 page for allauth's refusals (allauth calls ROOT_URLCONF.handler429): the site's
    page with a Retry-After, and a link back to the form (its fields may hold a password, which
    is never sent back)."""
    back_url = request.path if request.method == "POST" else ""
    return too_many(request, retry_after=_allauth_wait(request), context={"back_url": back_url})


def _allauth_wait(request):
    match = getattr(request, "resolver_match", None)
    action = _ALLAUTH_ACTIONS.get(match.url_name if match else "")
    try:
        rates = parse_rates(allauth_settings.RATE_LIMITS.get(action)) if action else []
    except ValueError:  # a rate mistyped in the settings: say something sensible anyway
        rates = []
    return max((rate.duration for rate in rates), default=_ALLAUTH_DEFAULT_WAIT)
