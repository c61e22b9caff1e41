from django import template

from forum.presence.header import SLOT

register = template.Library()


@register.simple_tag
def presence_slot():
    """Where PresenceMiddleware puts the counts (forum/presence/header.py says why a slot)."""
    return SLOT
