"""How many pictures a member may upload a day: each one is stored whether or not a post follows
(a preview stores it too), so without a cap one account could fill the disk or the bucket."""

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

DEFAULT_UPLOADS_PER_DAY = 50
TOO_MANY = "You have uploaded as many pictures as a day allows. Please add this one tomorrow."


def uploads_per_day():
    return getattr(settings, "IMAGE_UPLOADS_PER_DAY", DEFAULT_UPLOADS_PER_DAY)


def take_upload_allowance(member_id):
    """Count one upload for this member today; False once the day's allowance is used up. Kept in
    the shared cache every app server sees, by the UTC day (a reader's own zone is a cookie)."""
    cache = caches["default"]
    key = f"uploads:{member_id}:{timezone.now():%Y-%m-%d}"
    cache.add(key, 0, timeout=2 * 24 * 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=2 * 24 * 3600)
        count = 1
    return count <= uploads_per_day()
