"""Whole pages for logged-out readers, rendered once and filled in per reader.

A logged-out reader's home page is the same for everyone, and their post page differs only in a
few values: the CSRF token of the comment form, the `anon_` name it offers, the view count. So
such a page is rendered once with a slot where each of those goes (a marker derived from
SECRET_KEY, which no writer can type because no reader ever sees it), stored in the "pages"
cache, and filled in on each request with a few string replacements.

A stored page carries the versions of everything it shows, and is used only while they are
current:
- sitewide counters in the same cache, moved on by every change that a list or a post's
  neighbours show (a comment anywhere, a post created, retitled, held, marked NSFW, a member
  renamed), once in the transaction and again after its commit (see sitewide_changed).
- whatever the caller adds (a post's thread_version, its NSFW flag).
Counters are set from the clock, never incremented, so a counter lost with the cache (eviction,
restart) or two bumps at once never bring back a value an old page was stored under.

Readers with something of their own on the page (a flash message, comments of theirs waiting for
approval, a quote to prefill, a refused form) get the page rendered for them alone, as members
always do (their pages are per member: see forum/threads/cache.py for the part they share).
"""

import hashlib
import hmac
import threading
import time
from collections import OrderedDict
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db import transaction
from django.template.loader import get_template
from django.utils.html import escape

from .context_processors import site
from .paging import positive_int

LISTS = "sitewide:lists"  # anything a list of posts shows, and any post's neighbours
_ALL = (LISTS,)


def _slot(name):
    digest = hmac.new(settings.SECRET_KEY.encode(), f"page-slot:{name}".encode(), hashlib.sha256).hexdigest()
    return f"slot-{digest[:16]}-{name}"


class Slots:
    """Placeholders rendered into a shared page, filled per reader."""

    CSRF_TOKEN = _slot("csrf")
    VISITOR_NAME = _slot("visitor")
    VIEW_COUNT = _slot("views")
    # A member's page shared by members (forum/threads/member_page.py).
    USERNAME = _slot("username")
    PROFILE_URL = _slot("profile-url")
    SEEN = _slot("seen")
    COMMENTS = _slot("comments")
    FOLLOW = _slot("follow")
    WATCH = _slot("watch")


def _templates_fingerprint():
    """Changes with any template or template filter, so that a deploy never serves pages in the
    old markup (old and new app servers side by side in a rolling deploy use different keys)."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for path in sorted([*base.joinpath("templates").rglob("*.html"), *base.glob("forum/*/templatetags/*.py")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


TEMPLATES_FINGERPRINT = _templates_fingerprint()


def _cache():
    return caches["pages"]


def sitewide_changed():
    """Call in the transaction of the change. The counters move now, so that this transaction's
    own later reads render afresh, and again once it commits: a page rendered by another request
    from the old data in between is then never served."""
    _bump_all()
    transaction.on_commit(_bump_all)


def forget_sitewide_versions():
    """Every stored list and post page is rendered afresh: after the cache lost writes (Redis
    back from an outage, forum/core/cache.py), when whatever changed meanwhile is unknown."""
    _bump_all()


def _bump_all():
    """Returns the counters as set."""
    # A new value from the clock rather than an increment: one write with no read, so two
    # processes bumping at once can never set a counter back to a value a page was stored under.
    counters = dict.fromkeys(_ALL, time.time_ns())
    _cache().set_many(counters, timeout=None)
    return counters


def cached_page(key, versions, render, *, timeout):
    """The stored page under key if it was stored with these versions (plus the sitewide ones),
    else render() stored and returned. One cache round trip on a hit, two on a miss.

    A copy of the pages this process served lately is kept in its memory too (_LocalPages),
    under the same stamp and until the same time: a hit then reads only the sitewide counters
    from the shared cache, not a page of 20-70 kB to unpickle. The stamp is checked the same way
    against the shared counters and the caller's versions, so no process serves a page that
    another has seen change."""
    cache = _cache()
    key = f"{TEMPLATES_FINGERPRINT}:{key}"
    local = _local_pages.get(key)
    found = cache.get_many([*_ALL] if local else [key, *_ALL])
    if any(counter not in found for counter in _ALL):
        found.update(_bump_all())  # lost with the cache: start again from the clock
    stamp = (tuple(versions), tuple(found[counter] for counter in _ALL))
    if local and local[0] == stamp:
        return local[1]
    entry = cache.get(key) if local else found.get(key)
    if entry is not None and entry[0] == stamp:
        _local_pages.put(key, entry, timeout)
        return entry[1]
    html = render()
    cache.set(key, (stamp, html), timeout)
    _local_pages.put(key, (stamp, html), timeout)
    return html


class _LocalPages:
    """The last pages this process stored or read, each until its cache timeout (lists say
    "3 minutes ago" and are stored for a minute), at most MAX of them (a post page is 10-70 kB)."""

    MAX = 200

    def __init__(self):
        self._entries = OrderedDict()  # key: (expires at, (stamp, page))
        self._lock = threading.Lock()  # between the threads of a threaded server

    def get(self, key):
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            if found[0] <= time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return found[1]

    def put(self, key, entry, timeout):
        with self._lock:
            self._entries[key] = (time.monotonic() + timeout, entry)
            self._entries.move_to_end(key)
            while len(self._entries) > self.MAX:
                self._entries.popitem(last=False)

    def clear(self):
        with self._lock:
            self._entries.clear()


_local_pages = _LocalPages()


def fill(html, values):
    """Put each reader's own values (already HTML-safe) in the page's slots."""
    for slot, value in values.items():
        html = html.replace(slot, str(value))
    return html


def render_shared(template_name, context, request, *, user=None):
    """Render a page as any logged-out reader sees it (or as `user`, a stand-in for every member,
    sees it): no context processors (they would put this reader's CSRF token and messages in),
    their values given here, the token as a slot."""
    shared = {**site(request), "request": request, "user": user or AnonymousUser(), "messages": ()}
    return get_template(template_name).render({**shared, **context, "csrf_token": Slots.CSRF_TOKEN})


def may_share_page(request, *, last_page):
    """A logged-out reader with nothing of their own to show: no session (a flash message, a form
    on its way), no message cookie, and the page's own address (is_page_address)."""
    if request.user.is_authenticated or "messages" in request.COOKIES:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return is_page_address(request, last_page=last_page)


def is_page_address(request, *, last_page):
    """Nothing after the page's path but `?page=N`, written as the site writes it, for a page
    that exists (else every `?page=0001` or `?page=99999` would store a page of its own)."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return True
    page = positive_int(query.removeprefix("page="))
    return query.startswith("page=") and page is not None and query == f"page={page}" and page <= last_page


class StandInMember:
    """Whom a page shared by members is rendered for (forum/threads/member_page.py,
    forum/posts/member_lists.py): a member who is not staff or a moderator, and who is neither the
    page's post author nor the profile's member; what names them is a slot. Pages vary for those
    who may not mark posts NSFW (`is_moderated`) and who hide images in lists."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = is_superuser = is_moderator = False
    pk = id = None
    username = Slots.USERNAME

    def __init__(self, *, is_moderated=False, hide_images_in_lists=False):
        self.is_moderated = is_moderated
        self.hide_images_in_lists = hide_images_in_lists

    def get_absolute_url(self):
        return Slots.PROFILE_URL

    @property
    def variant(self):
        """What a shared page's key says of whom it is for."""
        return f"{self.is_moderated:d}{self.hide_images_in_lists:d}"


def shares_member_pages(user):
    """Members whose pages may come from one rendered for all members (staff and moderators see
    more than others on every page)."""
    return user.is_authenticated and not (user.is_staff or user.is_moderator)


def may_share_member_page(request, *, last_page):
    """A member who shares pages with nothing of their own to show (a flash message), at the
    page's own address (is_page_address)."""
    return (
        shares_member_pages(request.user)
        and "messages" not in request.COOKIES
        and "_messages" not in request.session
        and is_page_address(request, last_page=last_page)
    )


def member_values(request):
    """What names the member in a page shared by members, for fill()."""
    user = request.user
    return {Slots.USERNAME: escape(user.username), Slots.PROFILE_URL: escape(user.get_absolute_url())}
