"""Login for actions: a logged-out click on a form button comes back to the page after login."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.utils.http import url_has_allowed_host_and_scheme


def login_required_back(view):
    """For a POST-only action (follow, watch, like, nsfw): a logged-out request is sent to log in
    and, after, back to the page the button was on, never to the action's own address (a GET
    there is a 405). The page is the form's `next` field when it is a path on this site, else
    the site's front page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        return redirect_to_login(page_to_return_to(request))

    return wrapper


def page_to_return_to(request):
    """The form's `next` (or `?next=`) if it is a path on this site, else "/"."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_site_path(target) else "/"


def is_site_path(url):
    """A path on this site: `/post/1`, never `//evil.example`, `/\\evil.example`, `https://...`,
    `javascript:` or anything with control characters."""
    return (
        isinstance(url, str)
        and url.startswith("/")
        and url_has_allowed_host_and_scheme(url, allowed_hosts=set())
        and not any(ord(character) < 32 or ord(character) == 127 for character in url)
    )
