from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from accounts.decorators import login_required_back
from forum.core.http import redirect_back
from forum.posts.models import Post

from .models import Watch


@require_POST
@login_required_back
def toggle(request, post_id):
    post = get_object_or_404(Post.objects.visible(), pk=post_id)
    if Watch.toggle(user=request.user, post=post):
        messages.success(request, "You are watching this post.")
    else:
        messages.success(request, "You stopped watching this post.")
    return redirect_back(request, post.get_absolute_url())
