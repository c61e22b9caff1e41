"""The flag page: /comment/ID/flag shows the comment and the reasons (GET, which changes nothing)
and records the flag (POST). The link to it sits in comments rendered once for every reader
(forum/threads/cache.py), so it is the same for all: whoever may not flag learns why here. The
page's script opens this form under the comment and sends it with fetch() (forum/core/instant.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts.decorators import login_required_back
from forum.bans.pages import refuse_banned_members
from forum.comments.models import Comment
from forum.core.instant import instant_response, wants_json
from forum.posts.models import Post

from .forms import FlagForm
from .services import FlagLimitReached, FlagRefused, comment_flag, refusal

THANKS = "Thank you: the moderators can see your flag."
HELD = "Thank you: with your flag the comment is held for the moderators to judge."


@require_http_methods(["GET", "POST"])
@refuse_banned_members
def flag_comment(request, pk):
    if request.method == "POST":
        return _record(request, pk)
    return _page(request, pk)


@login_required  # to log in, and back here with ?next=
def _page(request, pk):
    comment = _seen_comment(request, pk)
    form = FlagForm(initial={"next": request.path})
    return _render(request, comment, form, refusal(comment, request.user))


@login_required_back  # a POST: back to the form's `next`, this page
def _record(request, pk):
    comment = _seen_comment(request, pk)
    form = FlagForm(request.POST)
    if not form.is_valid():
        if wants_json(request):
            return instant_response(error=_errors_of(form))
        return _render(request, comment, form, refusal(comment, request.user), status=400)
    try:
        flagged = comment_flag(
            comment=comment, member=request.user, reason=form.cleaned_data["reason"], note=form.note_kept
        )
    except FlagLimitReached as limit:
        if wants_json(request):
            return instant_response(error=str(limit), status=429)
        form.add_error(None, str(limit))
        return _render(request, comment, form, "", status=429)
    except FlagRefused as refused:
        if wants_json(request):
            return instant_response(error=str(refused), status=403)
        return _render(request, comment, form, str(refused), status=403)
    message = HELD if flagged.held else THANKS
    if wants_json(request):
        return instant_response(message, accepted=True, held=flagged.held, url=comment.get_absolute_url())
    messages.success(request, message)
    return redirect(comment)


def _errors_of(form):
    """The form's refusals in one sentence each, for the script to show beside the form."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def _seen_comment(request, pk):
    """The comment, if this member may see it: in a thread they may open, numbered or theirs
    (Comment.objects.visible_to). Anything else is a 404 that says nothing of what is there."""
    seen = Comment.objects.visible_to(request.user).filter(post__in=Post.objects.readable_by(request.user))
    return get_object_or_404(seen.select_related("post", "author", "anonymous"), pk=pk)


def _render(request, comment, form, refused, *, status=200):
    context = {
        "comment": comment,
        "post": comment.post,
        "text_visible": comment.shows_text_to(request.user),
        "form": form,
        "refusal": refused,
    }
    return render(request, "flags/flag.html", context, status=status)
