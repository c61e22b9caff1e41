from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from forum.core.http import redirect_back
from forum.core.pagecache import cached_page, may_share_page, render_shared, sitewide_changed
from forum.posts.models import Post

from .models import Follow, User

PROFILE_POSTS = 20
# Its post rows say "latest 3 minutes ago": a shared profile is rendered again at least this often.
SHARED_PROFILE_SECONDS = 60


def profile(request, username):
    member = get_object_or_404(User.objects.named(username), is_active=True)
    if may_share_page(request, last_page=1):
        key = f"profile:{member.pk}:{timezone.get_current_timezone_name()}"
        html = cached_page(
            key,
            (member.username, member.about),
            lambda: render_shared("accounts/profile.html", _profile_context(member, request.user), request),
            timeout=SHARED_PROFILE_SECONDS,
        )
        return HttpResponse(html)
    return render(request, "accounts/profile.html", _profile_context(member, request.user))


def _profile_context(member, reader):
    posts = Post.objects.visible_to(reader).filter(author=member)
    return {
        "member": member,
        "posts": posts.newest_first().for_list()[:PROFILE_POSTS],
        "post_total": posts.count(),
        "is_following": reader.is_authenticated and reader.is_following(member),
        "follower_total": member.follower_set.count(),
    }


@require_POST
@login_required
def follow_toggle(request, username):
    member = get_object_or_404(User.objects.named(username), is_active=True)
    if member == request.user:
        messages.error(request, "You cannot follow yourself.")
    else:
        following = Follow.toggle(follower=request.user, followed=member)
        sitewide_changed()  # the shared profile page shows the follower count
        messages.success(
            request, f"You are now following {member}." if following else f"You no longer follow {member}."
        )
    return redirect_back(request, member.get_absolute_url())
