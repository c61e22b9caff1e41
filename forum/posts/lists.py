"""What the lists of posts need beyond their rows: how many there are, and which dates a year holds.

Page numbers need the number of posts a reader may see. Counting them reads every published post
(an index-only scan, about 10 ms at 100,000 posts), so the count is kept in the page cache under
the sitewide LISTS counter (forum/core/pagecache.py), which every change a list shows moves on:
a post published, held or marked NSFW. It is counted once per change for logged-out readers, and
once for members (who see NSFW posts); a member's own count takes off the posts of the members
they ignore, a lookup in the (author, is_nsfw) index of published posts per ignored member.
"""

from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from forum.core.pagecache import StandInMember, cached_page

from .models import Post

# The sitewide counter moves the count on; the timeout only bounds how long an unused one is kept.
POST_COUNT_SECONDS = 3600
# /old?years_ago=N: further back than this the forum did not exist (and datetime stops at year 1).
OLD_MAX_YEARS = 100


def visible_post_count(user):
    """How many posts Post.objects.visible_to(user) lists, without counting them per request."""
    if not user.is_authenticated:
        return _cached_count("visitors", AnonymousUser())
    from accounts.models import Ignore  # accounts imports posts for its profile pages

    ignored = Post.objects.visible().filter(author_id__in=Ignore.objects.ignored_by(user))
    return member_post_count() - ignored.count()


def member_post_count():
    """visible_post_count of a member who ignores no one."""
    return _cached_count("members", StandInMember())


def _cached_count(audience, reader):
    visible = Post.objects.visible() if reader.is_authenticated else Post.objects.visible_to(reader)
    return cached_page(f"post-count:{audience}", (), visible.count, timeout=POST_COUNT_SECONDS)


def years_ago(value):
    """`?years_ago=` as a number of years back, 0 (this year) to OLD_MAX_YEARS; None for
    anything else (text, a negative or huge number, a NUL byte)."""
    value = str(value)
    if not (value.isascii() and value.isdigit() and len(value) <= 3):
        return None
    years = int(value)
    return years if years <= OLD_MAX_YEARS else None


def calendar_year(years):
    """(year, its first instant, the next year's first instant) for the calendar year `years`
    before this one, in the reader's timezone (the site's when unknown)."""
    year = timezone.localdate().year - years
    zone = timezone.get_current_timezone()
    return year, datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)
