from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from accounts.decorators import login_required_back
from forum.core.http import redirect_back
from forum.core.instant import toggled, wants_json
from forum.posts.models import Post

from .models import Watch

WATCHING = "You are watching this post."
STOPPED = "You stopped watching this post."
# The byline's button (templates/threads/_byline.html) in each state: its words and its title.
BUTTON = {
    True: ("unwatch", "stop watching this post"),
    False: ("watch", "watch this post for new comments"),
}


@require_POST
@login_required_back
def toggle(request, post_id):
    post = get_object_or_404(Post.objects.visible(), pk=post_id)
    watching = Watch.toggle(user=request.user, post=post)
    message = WATCHING if watching else STOPPED
    if wants_json(request):
        label, title = BUTTON[watching]
        return toggled(message, pressed=watching, label=label, title=title, watching=watching)
    messages.success(request, message)
    return redirect_back(request, post.get_absolute_url())
