"""Like and dislike buttons: POST forms beside every post and comment, for members.

The buttons sit in pages cached for every reader (forum/threads/cache.py), so a logged-out reader
gets them too: pressing one sends them to log in and back to where they were. The page's script
sends them with fetch() and gets the new counts back (forum/core/instant.py)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from accounts.decorators import login_required_back
from forum.bans.pages import refuse_banned_members
from forum.comments.models import Comment
from forum.core.http import redirect_back
from forum.core.instant import instant_response, wants_json
from forum.posts.models import Post

from .models import Like
from .services import vote

_VOTES = {"like": Like.Vote.LIKE, "dislike": Like.Vote.DISLIKE}


@require_POST
@login_required_back
@refuse_banned_members
def vote_on_post(request, pk):
    post = get_object_or_404(Post.objects.readable_by(request.user), pk=pk)
    return _vote(request, post, post.get_absolute_url())


@require_POST
@login_required_back
@refuse_banned_members
def vote_on_comment(request, pk):
    # Approved comments in threads the reader may open: none waiting, held or deleted.
    votable = Comment.objects.filter(
        number__isnull=False,
        status=Comment.Status.APPROVED,
        deleted_at__isnull=True,
        post__in=Post.objects.readable_by(request.user),
    )
    comment = get_object_or_404(votable, pk=pk)
    return _vote(request, comment, comment.get_absolute_url())


def _vote(request, item, fallback):
    wanted = _VOTES.get(request.POST.get("vote", ""))
    if wanted is None:
        refusal, status = "Choose like or dislike.", 400
    elif item.author_id == request.user.pk:
        refusal, status = "Your own words need no vote from you.", 403
    else:
        now = vote(request.user, item, wanted)
        if wants_json(request):
            return _counts(item, now)
        return redirect_back(request, fallback)
    if wants_json(request):
        return instant_response(error=refusal, status=status)
    messages.error(request, refusal)
    return redirect_back(request, fallback)


_NAMES = {vote: name for name, vote in _VOTES.items()}
_SAID = {"like": "You like this.", "dislike": "You dislike this.", None: "Your vote is taken back."}


def _counts(item, now):
    """The vote in force and the counts as they are now, others' votes of the moment included."""
    likes, dislikes = type(item).objects.filter(pk=item.pk).values_list("like_count", "dislike_count").get()
    pressed = _NAMES.get(now)
    return instant_response(_SAID[pressed], pressed=pressed, likes=likes, dislikes=dislikes)
