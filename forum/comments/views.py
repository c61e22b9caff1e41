from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods

from forum.anonymous.models import Visitor
from forum.posts.models import Post
from forum.posts.views import render_post_page

from .forms import CommentForm
from .services import CommentRefused, comment_create
from .threads import comments_visible_to_reader


@require_http_methods(["GET", "POST"])
def create(request, post_id):
    post = get_object_or_404(Post.objects.visible().select_related("author"), pk=post_id)
    if request.method == "GET":
        # A refused comment is shown at this address; reloading it, or logging in from it, lands
        # on the post's comment box instead of a "method not allowed".
        return redirect(f"{post.get_absolute_url()}#comment-form")
    form = CommentForm(request.POST, user=request.user)
    if form.is_valid():
        if request.user.is_authenticated:
            writer = {"author": request.user}
        else:
            writer = {"visitor": Visitor.of(request)}
        try:
            comment = comment_create(post=post, body=form.cleaned_data["body"], **writer)
        except CommentRefused as refusal:
            form.add_error("body", str(refusal))
        else:
            if comment.is_pending:
                messages.info(
                    request,
                    "Thanks. Your comment links to another site, so it waits for a moderator; "
                    "until then only you see it.",
                )
            return redirect(comment.get_absolute_url())
    return render_post_page(request, post, form=form, status=400)


def permalink(request, pk):
    comment = get_object_or_404(comments_visible_to_reader(request).select_related("post"), pk=pk)
    if not comment.post.is_visible_to(request.user):
        raise Http404  # its post's title, in the slug, is not for this reader
    return redirect(f"{comment.post.get_absolute_url()}?c={comment.pk}")
