from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from forum.core.http import redirect_back
from forum.core.paging import page_number, positive_int, slice_page

from .models import Post
from .services import post_toggle_nsfw

POSTS_PER_PAGE = 20
# Page N costs an OFFSET of 20·N rows; past this, a crawler's request would walk the whole index.
MAX_HOME_PAGES = 500


def home(request):
    page = page_number(request)
    if page > MAX_HOME_PAGES:
        raise Http404("The list goes back this far only.")
    posts = Post.objects.visible_to(request.user).active_first().for_list()
    rows, has_next = slice_page(posts, page, POSTS_PER_PAGE)
    return render(request, "posts/home.html", {"posts": rows, "page": page, "has_next": has_next})


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
