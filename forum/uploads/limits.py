"""How many pictures a member may upload a day: each one is stored whether or not a post follows
(a preview stores it too), so without a cap one account could fill the disk or the bucket."""

from django.conf import settings
from django.core.cache import caches

from forum.core.limits import take_slot

DEFAULT_UPLOADS_PER_DAY = 50
TOO_MANY = "You have uploaded as many pictures as a day allows. Please add this one tomorrow."


def uploads_per_day():
    return getattr(settings, "IMAGE_UPLOADS_PER_DAY", DEFAULT_UPLOADS_PER_DAY)


def take_upload_allowance(member_id):
    """Count one upload for this member; False once the allowance of the past 24 hours is used up.
    Kept in the shared cache every app server sees (forum/core/limits.py)."""
    return take_slot(caches["default"], f"uploads:{member_id}", uploads_per_day(), 24 * 3600)
