"""Which comments of a thread a reader sees on which page: flat, in the order written, 40 a page,
opening on the last page.

A comment's number is its place in the thread (comments/models.py), the same for every reader,
so page N holds numbers 40(N-1)+1 .. 40N for everyone, read through the (post, number) index
however deep the thread, and rendered once for everyone (cache.py). Comments waiting for approval
are unnumbered; the few readers who see them (their writer, staff) find them after the last
numbered comment, rendered for them alone.
"""

from dataclasses import dataclass, field
from math import ceil

from forum.comments.models import PER_PAGE, Comment

from .cache import numbered_comments


@dataclass
class ThreadPage:
    page: int
    page_count: int
    total: int
    numbered: list = field(default_factory=list)  # the page's numbered comments, rendered (cache.py)
    numbered_html: str = ""  # them as this reader sees them (reader.py)
    waiting: list = field(default_factory=list)  # comments waiting for approval this reader sees

    @property
    def first_number(self):
        return (self.page - 1) * PER_PAGE + 1

    @property
    def last_number(self):
        return min(self.page * PER_PAGE, self.total)

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.page_count

    @property
    def is_last(self):
        return self.page == self.page_count


def page_count(post):
    return max(1, ceil(post.comment_count / PER_PAGE))


def thread_page(post, *, user, visitor_digest=None, page=None) -> ThreadPage:
    """Page `page` of the thread (default and past the end: the last) as this reader sees it.
    visitor_digest: the anonymous reader's, if they may have written comments (a cookie)."""
    pages = page_count(post)
    page = min(page or pages, pages)
    shown = ThreadPage(page=page, page_count=pages, total=post.comment_count)
    in_thread = Comment.objects.in_thread(post).for_display()
    staff = user.is_authenticated and user.is_staff
    if post.comment_count:
        shown.numbered = numbered_comments(
            post,
            shown,
            staff=staff,
            load_comments=lambda: list(in_thread.numbered_between(shown.first_number, shown.page * PER_PAGE)),
        )
    if shown.is_last and (user.is_authenticated or visitor_digest):
        waiting = in_thread.visible_to(user, visitor_digest=visitor_digest).waiting().order_by("created_at", "id")
        shown.waiting = list(waiting)
        for comment in shown.waiting:
            comment.text_visible = True  # waiting comments show their text to whoever may see them
    return shown


def comment_page_url(post, comment):
    """Where a comment is shown: its page of the thread, at the comment."""
    page = comment.page or page_count(post)
    return f"{post.get_absolute_url()}?page={page}#comment-{comment.pk}"
