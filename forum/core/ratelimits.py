"""The answer to a request a rate limit refused: 429, the site's page (templates/429.html) saying
when to try again, a Retry-After header saying the same to programs, and the form again with what
was typed in it when the refusal is of a form.

A limit that is one field's problem (too many pictures today, a comment sent too fast) is better
answered in its form, with status 400, by the form's own page; this is for a refusal of the whole
request, as allauth's limits on signups, password resets and reauthentication are.
"""

from datetime import datetime, timedelta
from math import ceil

from django.shortcuts import render
from django.template.defaultfilters import pluralize
from django.utils import timezone

from .templatetags.forum_format import forum_date

# Beyond this a number is a mistake, not a wait: a year, say, is shown and sent as this.
MAX_RETRY_AFTER = 7 * 24 * 3600


def too_many(request, *, retry_after, template=None, context=None):
    """The 429 response. `retry_after`: seconds (a number), a timedelta, or the time (an aware
    datetime) when the limit lets the request through; None when unknown. `template` renders the
    refused form's own page instead of the plain 429 page; `context` goes to either (pass the
    bound form as `form`, and 429.html shows it again, posting to this address)."""
    seconds = retry_seconds(retry_after)
    context = {**(context or {}), **wait_context(seconds), "action": request.get_full_path()}
    response = render(request, template or "429.html", context, status=429)
    if seconds is not None:
        response["Retry-After"] = str(seconds)
    return response


def retry_seconds(retry_after, *, now=None):
    """Whole seconds to wait, at least 1 and at most MAX_RETRY_AFTER, or None for a value that
    says nothing (None, words, NaN, a naive datetime)."""
    if isinstance(retry_after, datetime):
        if timezone.is_naive(retry_after):
            return None
        retry_after = retry_after - (now or timezone.now())
    if isinstance(retry_after, timedelta):
        retry_after = retry_after.total_seconds()
    if isinstance(retry_after, bool) or retry_after is None:
        return None
    try:
        retry_after = float(retry_after)
    except (TypeError, ValueError, OverflowError):
        return None
    if retry_after != retry_after:  # NaN
        return None
    return ceil(min(max(retry_after, 1), MAX_RETRY_AFTER))


def wait_context(seconds, *, now=None):
    """What 429.html says about the wait: `retry_after` (seconds), `wait` ("2 minutes") and, for
    waits long enough that a clock helps, `retry_at` ("2017 Nov 9, 10:29am", the reader's zone)."""
    if seconds is None:
        return {"retry_after": None, "wait": "", "retry_at": ""}
    retry_at = forum_date((now or timezone.now()) + timedelta(seconds=seconds)) if seconds >= 3600 else ""
    return {"retry_after": seconds, "wait": wait_text(seconds), "retry_at": retry_at}


def wait_text(seconds):
    """`40 seconds`, `2 minutes`, `3 hours`, `2 days`: rounded up, so that trying again after it
    is never too early."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = ceil(seconds / size)
            return f"{count} {unit}{pluralize(count)}"
    return f"{seconds} second{pluralize(seconds)}"
