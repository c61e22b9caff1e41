from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from forum.core.http import redirect_back
from forum.posts.models import Post

from .models import Follow, User

PROFILE_POSTS = 20


def profile(request, username):
    member = get_object_or_404(User, username__iexact=username, is_active=True)
    posts = Post.objects.visible_to(request.user).filter(author=member).newest_first().for_list()[:PROFILE_POSTS]
    context = {
        "member": member,
        "posts": posts,
        "post_total": Post.objects.visible_to(request.user).filter(author=member).count(),
        "is_following": request.user.is_authenticated and request.user.is_following(member),
        "follower_total": member.follower_set.count(),
    }
    return render(request, "accounts/profile.html", context)


@require_POST
@login_required
def follow_toggle(request, username):
    member = get_object_or_404(User, username__iexact=username, is_active=True)
    if member == request.user:
        messages.error(request, "You cannot follow yourself.")
    elif Follow.toggle(follower=request.user, followed=member):
        messages.success(request, f"You are now following {member}.")
    else:
        messages.success(request, f"You no longer follow {member}.")
    return redirect_back(request, member.get_absolute_url())
