"""Answers for the page's own script (static/js/forum.js), which sends some forms with fetch() and
changes the page in place: like, watch, follow, ignore, flag, a new comment.

Every such form is a plain POST with its CSRF token first, and works without the script; the
script only asks for another kind of answer. A view answers it with the state its control shows
now (pressed or not, counts, the label) and a sentence to announce, or with why not (an error
and a 4xx status; the control keeps what was typed). A request that did not ask gets the view's
usual redirect and flash message, unchanged.
"""

from django.http import JsonResponse

JSON = "application/json"


def wants_json(request):
    """The script's request: it says `Accept: application/json`. A browser's own form post or page
    load never does, so the plain form keeps its redirect."""
    accepted = request.headers.get("Accept", "")
    return any(part.split(";", 1)[0].strip().lower() == JSON for part in accepted.split(","))


def instant_response(message="", *, error="", status=None, **state):
    """JSON for the script: `state` (what the control shows now) and `message` (for the page's
    status region), or `error` (shown beside the control) with a 4xx `status` (400 unless given).
    The page was not reloaded, so nothing goes to the flash messages: they would show up on the
    next page, out of place."""
    if error:
        return JsonResponse({"error": error, **state}, status=status or 400)
    return JsonResponse({"message": message, **state}, status=status or 200)


def toggled(message, *, pressed, label, title="", **state):
    """The answer for an on/off button (watch, follow, ignore): pressed or not, what it says now
    and explains in its title (the templates' words for the same states), and `state` by name."""
    return instant_response(message, pressed=pressed, label=label, title=title, **state)
