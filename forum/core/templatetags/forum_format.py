"""How the forum writes dates: `2017 Nov 9, 10:29am`, as the original did."""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

register = template.Library()


@register.filter
def forum_date(value):
    if not value:
        return ""
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    meridiem = "am" if local.hour < 12 else "pm"
    return f"{local:%Y %b} {local.day}, {hour}:{local:%M}{meridiem}"


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
