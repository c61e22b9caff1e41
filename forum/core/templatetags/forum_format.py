"""How the forum writes dates: `2017 Nov 9, 10:29am PST`, as the original did, plus the zone.

The zone is always written: a reader's first page is in the site's zone (their browser tells us
theirs only from the next page on: static/js/forum.js), and a shared page is the same for every
reader of one zone, so a time without its zone would read 10:29am on one page and 6:29pm on the
next with nothing to say which is which.
"""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince

register = template.Library()


@register.filter
def forum_date(value):
    if not value:
        return ""
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    meridiem = "am" if local.hour < 12 else "pm"
    return f"{local:%Y %b} {local.day}, {hour}:{local:%M}{meridiem} {zone_abbreviation(local)}"


def zone_abbreviation(local):
    """`PST`, `CET`; `UTC+04` where the zone has no letters of its own (the tz database writes
    `+04`, which reads as a number)."""
    name = local.tzname() or ""
    return f"UTC{name}" if name[:1] in "+-" else name


@register.filter
def ago(value):
    """`3 hours ago`, with only the largest unit; `just now` under a minute."""
    if not value:
        return ""
    if timezone.now() - value < timedelta(minutes=1):
        return "just now"
    return f"{timesince(value, depth=1)} ago"


@register.filter
def machine_time(value):
    """For `<time datetime>` and meta tags: ISO 8601 to the second (HTML allows at most three
    digits of a fraction, and nobody needs any), in the reader's timezone."""
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")


@register.simple_tag
def forum_time(value):
    """`<time>` with the date as forum_date writes it, the exact time for programs (datetime) and
    for a reader who hovers (title: the ISO time and the zone's full name)."""
    if not value:
        return ""
    full = f"{machine_time(value)} ({timezone.get_current_timezone_name()})"
    return format_html('<time datetime="{}" title="{}">{}</time>', machine_time(value), full, forum_date(value))


@register.simple_tag
def forum_ago(value):
    """`<time>` saying `3 hours ago`, with the date on hover and for programs. A page that says it
    is cached no longer than a minute or so (the home page's rows), as `ago` changes with the clock."""
    if not value:
        return ""
    return format_html('<time datetime="{}" title="{}">{}</time>', machine_time(value), forum_date(value), ago(value))
