"""Pages of comments rendered once for everyone, then served from the shared cache.

Rendering 40 comments is most of a thread page's cost, and what they show is the same for every
reader except staff (who also see held comments' text) and the reader's timezone (dates). So a
page of numbered comments is cached under a key made of everything it depends on:

    the post, its thread_version, the page, staff or not, the timezone, the template's fingerprint

thread_version is bumped in the same transaction as every change to what the thread shows
(comment_create_*, post_recount_comments, edits in the admin, a member's rename), so a changed
thread is looked up under a new key on every app server at once: nothing is ever deleted or
stale, and old entries simply age out. What differs per reader (the comments waiting for approval
that they may see, the comment box, the byline's controls, their votes, the edit links on their
comments, the comments of members they ignore) is put around and into it on each request
(reader.py).
"""

from django.core.cache import caches
from django.template.loader import get_template
from django.utils import timezone

from forum.core.pagecache import TEMPLATES_FINGERPRINT, Slots

from .reader import RenderedComment

TIMEOUT = 24 * 3600  # keys move on with the thread; this only bounds what an idle thread keeps
_TEMPLATE = "comments/_comment.html"


def numbered_comments(post, thread, *, staff, load_comments):
    """The rendered numbered comments of one thread page (RenderedComment each), from the cache or
    rendered now. load_comments() fetches them, only on a miss. Kept one by one, with whose they
    are, so that a reader's own view (reader.py) can leave out those of members they ignore."""
    key = ":".join(
        [
            "thread",
            TEMPLATES_FINGERPRINT,
            str(post.pk),
            str(post.thread_version),
            str(thread.page),
            "staff" if staff else "all",
            timezone.get_current_timezone_name(),
        ]
    )
    cache = caches["pages"]
    rendered = cache.get(key)
    if rendered is None:
        template = get_template(_TEMPLATE)
        # The forms in it carry every reader's own CSRF token: a slot, filled for each reader.
        context = {"post": post, "thread": thread, "csrf_token": Slots.CSRF_TOKEN, "shared": True}
        rendered = []
        for comment in load_comments():
            comment.text_visible = staff or comment.shows_text_to_everyone
            html = template.render({**context, "comment": comment})
            rendered.append(RenderedComment(comment.pk, comment.author_id, html))
        cache.set(key, rendered, TIMEOUT)
    return rendered
