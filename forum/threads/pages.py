"""Which comments of a thread a reader sees on which page: flat, in the order written, 40 a page,
opening on the last page.

A comment's number is its place in the thread (comments/models.py), the same for every reader,
so page N holds numbers 40(N-1)+1 .. 40N for everyone, read through the (post, number) index
however deep the thread. Comments waiting for approval are unnumbered; the few readers who see
them (their writer, staff) find them after the last numbered comment.
"""

from dataclasses import dataclass, field
from math import ceil

from django.db.models import F

from forum.comments.models import PER_PAGE, Comment


@dataclass
class ThreadPage:
    page: int
    page_count: int
    total: int
    comments: list = field(default_factory=list)

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
    """Page `page` of the thread (default and past the end: the last) as this reader sees it."""
    pages = page_count(post)
    page = min(page or pages, pages)
    shown = ThreadPage(page=page, page_count=pages, total=post.comment_count)
    in_thread = Comment.objects.in_thread(post)
    comments = in_thread.numbered_between(shown.first_number, page * PER_PAGE)
    if shown.is_last:
        # One query for both: the waiting comments this reader may see follow the numbered ones.
        comments = comments | in_thread.visible_to(user, visitor_digest=visitor_digest).waiting()
    comments = list(comments.for_display().order_by(F("number").asc(nulls_last=True), "created_at", "id"))
    for comment in comments:
        comment.text_visible = comment.shows_text_to(user)
    shown.comments = comments
    return shown


def comment_page_url(post, comment):
    """Where a comment is shown: its page of the thread, at the comment."""
    page = comment.page or page_count(post)
    return f"{post.get_absolute_url()}?page={page}#comment-{comment.pk}"
