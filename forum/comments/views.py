"""Editing and deleting a comment, by its writer (a member, or the anonymous visitor of the browser
that wrote it) within the edit window, and by moderators at any time.

Each page leads back to the comment's permalink (/comment/ID), which finds its page of the thread:
this app knows nothing of the thread's pages (forum/threads)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from forum.bans.pages import refuse_banned_members
from forum.moderation.trust import links_wait_for

from .editing import comment_delete_by, comment_edit_by
from .forms import CommentEditForm
from .models import Comment
from .services import BLOCKED, CommentRefused


@require_http_methods(["GET", "POST"])
@refuse_banned_members
def comment_edit(request, pk):
    comment = _editable_comment(request, pk)
    if comment is None:
        return _not_editable(request, pk)
    if request.method == "GET":
        return _edit_page(request, comment, CommentEditForm(initial={"body": comment.body}))
    form = CommentEditForm(request.POST)
    if form.is_valid():
        try:
            edit = comment_edit_by(
                comment,
                by=_editor(request, comment),
                body=form.cleaned_data["body"],
                links_allowed=_links_allowed(request),
            )
        except CommentRefused as refusal:
            form.add_error("body", str(refusal))
        else:
            messages.success(request, "Your changes are saved." if edit else "Nothing changed.")
            return redirect(comment)
    return _edit_page(request, comment, form, status=400)


@require_http_methods(["GET", "POST"])
@refuse_banned_members
def comment_delete(request, pk):
    comment = _editable_comment(request, pk)
    if comment is None:
        return _not_editable(request, pk)
    if request.method == "GET":
        return render(request, "comments/delete.html", {"comment": comment, "post": comment.post})
    comment_delete_by(comment, by=_editor(request, comment))
    messages.success(request, "The comment is deleted.")
    return redirect(comment)


def _editable_comment(request, pk):
    """The comment, if this reader may edit or delete it now (Comment.can_be_edited_by, as the
    lookup), else None."""
    digest = None if request.user.is_authenticated else request.visitor.writer_digest
    editable = Comment.objects.editable_by(request.user, visitor_digest=digest, now=timezone.now())
    comment = editable.select_related("post", "author", "anonymous").filter(pk=pk).first()
    # An anonymous writer banned since (or now on a banned network) changes nothing any more.
    if comment and comment.anonymous_id and comment.anonymous.is_blocked_from(request.visitor.network_digest):
        raise PermissionDenied(BLOCKED)
    return comment


def _not_editable(request, pk):
    """A logged-out member following an edit link to their comment logs in first; anyone else
    learns nothing of whose it is or why not."""
    if not request.user.is_authenticated and Comment.objects.filter(pk=pk, author__isnull=False).exists():
        return redirect_to_login(request.get_full_path())
    raise Http404("No comment of yours to change here.")


def _editor(request, comment):
    return request.user if request.user.is_authenticated else comment.anonymous


def _links_allowed(request):
    """Whether this editor's new links go up without approval: the rule for new comments."""
    user = request.user
    return user.is_authenticated and not links_wait_for(user)


def _edit_page(request, comment, form, *, status=200):
    context = {"comment": comment, "post": comment.post, "form": form}
    return render(request, "comments/edit.html", context, status=status)
