"""Lists of comments across threads: /comments (the latest, or one writer's with ?a=NAME) and
/best (the most liked of the past week, or of all time at /best/all).

A list shows only what every reader of the thread sees as text: approved, numbered comments that
are not deleted (held ones show only a reason in their thread, and none of that here), in posts
the reader's lists show (published; NSFW ones only to members; none by members they ignore), and
none written by members they ignore. Rows are read a page at a time without counting the list
(forum/core/paging.py: page_looking_ahead); a logged-out reader's pages are shared through the
page cache, moved on by every change to comments (the sitewide LISTS counter).
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.models import Ignore, User
from forum.anonymous.models import AnonymousIdentity
from forum.core.pagecache import cached_page, may_share_page, render_shared
from forum.core.paging import page_looking_ahead, page_number
from forum.posts.models import Post

from .models import LISTED, Comment

COMMENTS_PER_PAGE = 20
# OFFSET walks every row it skips: nobody reads a list of comments further back than this.
MAX_LIST_PAGES = 250
# Past these, pages are rendered for each reader, so that nobody fills the page cache.
SHARED_LIST_PAGES = 10
# Rows show like counts, which a vote changes without moving the lists on.
SHARED_LIST_SECONDS = 60
BEST_WINDOW = timedelta(days=7)


def listed_comments(user):
    """What any list of comments may show this reader (see the module's docstring)."""
    # LISTED is also the condition of the indexes these lists are read by (Comment.Meta).
    comments = Comment.objects.filter(LISTED, post__in=Post.objects.visible_to(user))
    if user.is_authenticated:
        comments = comments.exclude(author_id__in=Ignore.objects.ignored_by(user))
    return comments.select_related("author", "anonymous", "post").only(
        "id", "body_html", "created_at", "edited_at", "like_count", "dislike_count", "number",
        "post_id", "post__id", "post__slug", "post__title",
        "author_id", "author__id", "author__username", "anonymous_id", "anonymous__id", "anonymous__name",
    )  # fmt: skip


def latest_first(comments):
    return comments.order_by("-created_at", "-id")


def most_liked_first(comments):
    return comments.alias(score=F("like_count") - F("dislike_count")).filter(score__gt=0).order_by("-score", "-id")


def written_by(comments, name):
    """Comments of the member, or the anonymous visitor, of this name; Http404 for nobody."""
    member = User.objects.named(name).filter(is_active=True).only("id", "username").first()
    if member is not None:
        return comments.filter(author=member), member.username
    visitor = AnonymousIdentity.objects.filter(name=name).only("id", "name").first()
    if visitor is not None:
        return comments.filter(anonymous=visitor), visitor.name
    raise Http404("Nobody of that name.")


@require_safe
def comment_list(request):
    page = page_number(request)
    name = request.GET.get("a")
    if name is None and page <= SHARED_LIST_PAGES and may_share_page(request, last_page=SHARED_LIST_PAGES):
        return _shared(request, f"comments:{page}", lambda: _latest_context(request.user, page, None))
    return render(request, "comments/list.html", _latest_context(request.user, page, name))


def _latest_context(user, page, name):
    comments = listed_comments(user)
    writer = None
    if name is not None:
        comments, writer = written_by(comments, name.strip())
    return {
        **_page(latest_first(comments), page),
        "writer": writer,
        "heading": f"Comments by {writer}" if writer else "Latest comments",
        "page_href": f"?{urlencode({'a': writer})}&page=" if writer else "?page=",
    }


@require_safe
def best(request, all_time=False):
    page = page_number(request)
    span = "all" if all_time else "week"
    if page <= SHARED_LIST_PAGES and may_share_page(request, last_page=SHARED_LIST_PAGES):
        return _shared(request, f"best:{span}:{page}", lambda: _best_context(request.user, page, all_time))
    return render(request, "comments/list.html", _best_context(request.user, page, all_time))


def _best_context(user, page, all_time):
    comments = listed_comments(user)
    if not all_time:
        comments = comments.filter(created_at__gte=timezone.now() - BEST_WINDOW)
    return {
        **_page(most_liked_first(comments), page),
        "best": "all" if all_time else "week",
        "heading": "Best comments of all time" if all_time else "Best comments of the past week",
        "page_href": "?page=",
    }


def _page(comments, page):
    rows, pages = page_looking_ahead(comments, page, COMMENTS_PER_PAGE, max_page=MAX_LIST_PAGES)
    return {"comments": rows, "pages": pages}


def _shared(request, key, context):
    key = f"{key}:{timezone.get_current_timezone_name()}"
    html = cached_page(
        key,
        (),
        lambda: render_shared("comments/list.html", context(), request),
        timeout=SHARED_LIST_SECONDS,
    )
    return HttpResponse(html)
