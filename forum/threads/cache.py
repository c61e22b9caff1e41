"""Pages of comments rendered once for everyone, then served from the shared cache.

Rendering 40 comments is most of a thread page's cost, and what they show is the same for every
reader except staff (who also see held comments' text) and the reader's timezone (dates). So a
page of numbered comments is cached under a key made of everything it depends on:

    the post, its thread_version, the page, staff or not, the timezone, the template's fingerprint

thread_version is bumped in the same transaction as every change to what the thread shows
(comment_create_*, post_recount_comments, edits in the admin, a member's rename), so a changed
thread is looked up under a new key on every app server at once: nothing is ever deleted or
stale, and old entries simply age out. What differs per reader (the comments waiting for approval
that they may see, the comment box, the byline's controls) is rendered around it on each request.
"""

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import timezone

from forum.core.pagecache import TEMPLATES_FINGERPRINT

TIMEOUT = 24 * 3600  # keys move on with the thread; this only bounds what an idle thread keeps
_TEMPLATE = "comments/_numbered_page.html"


def numbered_comments_html(post, thread, *, staff, load_comments):
    """The rendered numbered comments of one thread page, from the cache or rendered now.
    load_comments() fetches them, only on a miss."""
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
    html = cache.get(key)
    if html is None:
        comments = load_comments()
        for comment in comments:
            comment.text_visible = staff or comment.shows_text_to_everyone
        html = render_to_string(_TEMPLATE, {"comments": comments, "post": post, "thread": thread})
        cache.set(key, html, TIMEOUT)
    return html
