"""A moderator's approve and hold controls beside each comment on the post page, and the public
moderation log."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST, require_safe

from forum.comments.models import Comment
from forum.core.http import redirect_back
from forum.core.paging import page_number, slice_page

from .actions import comments_judge
from .forms import HoldForm
from .models import ModerationAction
from .public import public_entries

LOG_PER_PAGE = 50


@require_POST
def comment_approve(request, pk):
    comment = _comment_to_judge(request, pk)
    changed = comments_judge(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED, by=request.user)
    messages.success(request, "The comment is approved." if changed else "The comment was approved already.")
    return redirect_back(request, comment.get_absolute_url())


@require_POST
def comment_hold(request, pk):
    comment = _comment_to_judge(request, pk)
    form = HoldForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nothing changed: choose what to hold the comment for.")
        return redirect_back(request, comment.get_absolute_url())
    status = Comment.Status(form.cleaned_data["reason"])
    changed = comments_judge(Comment.objects.filter(pk=comment.pk), status, by=request.user)
    held = "is held" if changed else "was held already"
    messages.success(request, f"The comment {held}: {status.label}.")
    return redirect_back(request, comment.get_absolute_url())


def _comment_to_judge(request, pk):
    """The comment, if this reader is a moderator (403 for anyone else, logged in or not: these
    controls are never offered to them) and it is not deleted (404: nothing left to judge)."""
    if not (request.user.is_authenticated and request.user.is_moderator):
        raise PermissionDenied("Only moderators approve or hold comments.")
    return get_object_or_404(Comment.objects.filter(deleted_at__isnull=True), pk=pk)


@require_safe
def log(request):
    """What moderators did, newest first, as anyone may read it (public.py says what is left out)."""
    page = page_number(request)
    actions = ModerationAction.objects.public().newest_first().select_related("actor")
    rows, has_next = slice_page(actions, page, LOG_PER_PAGE)
    return render(request, "moderation/log.html", {"entries": public_entries(rows), "page": page, "has_next": has_next})
