from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from forum.core.http import redirect_back
from forum.core.pagecache import cached_page, may_share_page, render_shared
from forum.core.paging import page_number, positive_int, slice_page

from .models import Post
from .services import post_toggle_nsfw

POSTS_PER_PAGE = 20
# Page N costs an OFFSET of 20·N rows; past this, a crawler's request would walk the whole index.
MAX_HOME_PAGES = 500


# Readers rarely go further back than this; past it each page is rendered for its reader, so that
# no one can fill the page cache with every page number.
SHARED_HOME_PAGES = 10
# Rows say "latest 3 minutes ago": a shared page is rendered again at least this often.
SHARED_LIST_SECONDS = 60


def home(request):
    page = page_number(request)
    if page > MAX_HOME_PAGES:
        raise Http404("The list goes back this far only.")
    if page <= SHARED_HOME_PAGES and may_share_page(request, last_page=SHARED_HOME_PAGES):
        key = f"home:{page}:{timezone.get_current_timezone_name()}"
        html = cached_page(
            key,
            (),
            lambda: render_shared("posts/home.html", _home_context(request.user, page), request),
            timeout=SHARED_LIST_SECONDS,
        )
        return HttpResponse(html)
    return render(request, "posts/home.html", _home_context(request.user, page))


def _home_context(user, page):
    posts = Post.objects.visible_to(user).active_first().for_list()
    rows, has_next = slice_page(posts, page, POSTS_PER_PAGE)
    return {"posts": rows, "page": page, "has_next": has_next}


def random_post(request):
    post = Post.objects.visible_to(request.user).random(excluding_id=positive_int(request.GET.get("from", "")))
    if post is None:
        return redirect("posts:home")
    return redirect(post)


@require_POST
@login_required
def toggle_nsfw(request, pk):
    post = get_object_or_404(Post.objects.visible(), pk=pk)
    if not post.can_toggle_nsfw(request.user):
        raise PermissionDenied("New accounts cannot mark posts yet.")
    is_nsfw = post_toggle_nsfw(post, by=request.user)
    messages.success(request, "Marked not safe for work." if is_nsfw else "Marked safe for work.")
    return redirect_back(request, post.get_absolute_url())
