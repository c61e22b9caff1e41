"""Which comments of a thread a reader sees on which page: flat, oldest first, 40 a page,
opening on the last page, and `?c=ID` sending the reader to the page holding that comment."""

from dataclasses import dataclass, field
from math import ceil

from django.http import Http404

from forum.anonymous.models import request_digest
from forum.core.paging import page_number, positive_int

from .models import PER_PAGE, Comment


@dataclass
class ThreadPage:
    comments: list = field(default_factory=list)
    page: int = 1
    page_count: int = 1
    total: int = 0
    redirect_to: str | None = None

    @property
    def first_number(self):
        return (self.page - 1) * PER_PAGE + 1

    @property
    def last_number(self):
        return self.first_number + len(self.comments) - 1

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.page_count


def comments_visible_to_reader(request):
    digest = None if request.user.is_authenticated else request_digest(request)
    return Comment.objects.visible_to(request.user, anonymous_digest=digest)


def visible_comments(request, post):
    return comments_visible_to_reader(request).in_thread(post)


def comment_page_for(request, post) -> ThreadPage:
    comments = visible_comments(request, post)
    if "c" in request.GET:
        return ThreadPage(redirect_to=_comment_location(comments, post, request.GET["c"]))
    total = comments.count()
    page_count = max(1, ceil(total / PER_PAGE))
    page = min(page_number(request, default=page_count), page_count)
    start = (page - 1) * PER_PAGE
    rows = list(comments.for_display()[start : start + PER_PAGE])
    for number, comment in enumerate(rows, start=start + 1):
        comment.number = number
        comment.text_visible = comment.shows_text_to(request.user)
    return ThreadPage(comments=rows, page=page, page_count=page_count, total=total)


def _comment_location(comments, post, comment_id):
    comment_id = positive_int(comment_id)
    comment = comments.filter(pk=comment_id).first() if comment_id else None
    if comment is None:
        raise Http404("No such comment in this thread.")
    page = comments.before(comment).count() // PER_PAGE + 1
    return f"{post.get_absolute_url()}?page={page}#comment-{comment.pk}"
