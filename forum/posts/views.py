from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from forum.comments.threads import comment_page_for
from forum.core.http import redirect_back
from forum.core.paging import page_number, positive_int, slice_page

from .models import Post
from .page import post_page_context

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


def detail(request, pk, slug=None):
    post = get_object_or_404(Post.objects.select_related("author"), pk=pk)
    if not post.is_visible_to(request.user):
        raise Http404
    if slug != post.slug:
        # Keep ?c= and ?page=: shared short links and links from before a title edit land right.
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(post.get_absolute_url() + (f"?{query}" if query else ""))
    return render_post_page(request, post)


def render_post_page(request, post, *, form=None, status=200):
    """The post page: shared by a plain view and a comment form sent back with its errors."""
    thread = comment_page_for(request, post)
    if thread.redirect_to:
        return redirect(thread.redirect_to)
    if form is None and request.method == "GET":  # a HEAD from a link checker is not a reader
        post.record_view()
    return render(request, "posts/detail.html", post_page_context(request, post, thread, form), status=status)


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
        raise PermissionDenied
    Post.objects.filter(pk=post.pk).update(is_nsfw=not post.is_nsfw)
    return redirect_back(request, post.get_absolute_url())
