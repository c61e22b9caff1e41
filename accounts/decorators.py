"""Login for actions: a logged-out click on a form button comes back to the page after login."""

import functools

from django.contrib.auth.views import redirect_to_login

from forum.core.http import safe_next


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
    return safe_next(request) or "/"
