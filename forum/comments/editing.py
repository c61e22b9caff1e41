"""A comment edited or deleted by its writer or a moderator, with the text before kept in
CommentEdit (the history staff see in the admin).

Who may: Comment.can_be_edited_by / CommentQuerySet.editable_by. A deleted comment keeps its row,
its number and its place, so the numbers after it and every `?c=` link stay right; it shows as a
placeholder and counts in its post's comment_count as it did before (the pages and "Comments a-b
of N" are counted in numbers, and a number is the same for every reader). Its text is emptied
from the row and kept only in its CommentEdit.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from forum.core.pagecache import sitewide_changed
from forum.markup import render_markdown
from forum.posts.models import Post

from . import spam
from .models import Comment, CommentEdit
from .services import CommentRefused  # an edit is refused as a new comment is

LINKS_NEED_APPROVAL = (
    "Links to other sites in a comment from you wait for a moderator, so an edit cannot add them. "
    "Please remove the new link, or write a new comment with it."
)
MODERATED_MAY_NOT_EDIT = (
    "Comments from your account wait for a moderator, so an edit of one already approved would publish "
    "words nobody approved. Please write a new comment instead: your text is kept below."
)
REPEATED_ON_EDIT = (
    "You wrote the same in another thread today: a new comment like that waits for a moderator, so an "
    "edit cannot make one. Once is enough: please change your text, kept below."
)


def many_links(hold):
    return (
        f"With this edit the comment would have {hold.reason}: a new comment like that waits for a "
        "moderator, so an edit cannot make one. Please remove the new links, or write a new comment with them."
    )


# A writer's edits of one comment: a pause between them, and a most, so that an edit loop can
# neither fill the history table nor keep the thread's cached pages re-rendering. Staff are exempt.
EDIT_PAUSE = timedelta(seconds=10)
EDITS_MAX = 30
TOO_SOON = "You edited this comment a moment ago. Wait a few seconds, then save again: your text is kept below."
TOO_MANY = "This comment has been edited as often as a comment may be. Write a new comment instead."


def _refuse_an_edit_loop(comment):
    edits = CommentEdit.objects.filter(comment=comment)
    if edits.filter(edited_at__gt=timezone.now() - EDIT_PAUSE).exists():
        raise CommentRefused(TOO_SOON)
    if edits.count() >= EDITS_MAX:
        raise CommentRefused(TOO_MANY)


def _editor(by):
    """CommentEdit's who: a member (User), or an anonymous writer (AnonymousIdentity)."""
    if getattr(by, "is_authenticated", False):
        return {"edited_by": by}
    return {"edited_by_anonymous": by}


def comment_edit_by(comment, *, by, body, links_allowed):
    """Change a comment's text, keeping the text before in CommentEdit; refresh its thread.

    `by`: the member editing (writer or moderator) or the anonymous writer's identity.
    `links_allowed`: whether this editor's links go up without approval (staff, established
    members); if not, an edit may not add a link (or image, or player) to an address the comment
    did not already have: otherwise an approved comment could be edited into the spam the approval
    rule holds back, by a new link or by swapping an approved one for another on the same site.
    The other spam rules hold for edits too (spam.edit_hold), and a moderated member may not edit
    an approved comment at all: what they write waits for a moderator, and an edit would not.
    Either is refused, not held, since holding an approved comment renumbers its thread.
    Returns the CommentEdit, or None when the text is unchanged. Raises CommentRefused.
    """
    rendered = render_markdown(body)  # before any lock or transaction: the slow part
    with transaction.atomic():
        current = Comment.objects.select_for_update().get(pk=comment.pk)
        if current.is_deleted:
            raise CommentRefused("This comment was deleted; there is nothing left to edit.")
        if current.body == body:
            return None
        if current.is_approved and getattr(by, "is_moderated", False):
            raise CommentRefused(MODERATED_MAY_NOT_EDIT)
        if hold := spam.edit_hold(
            comment=current, editor=by, body=body, rendered=rendered, links_allowed=links_allowed
        ):
            raise CommentRefused(_refusal(hold))
        if not getattr(by, "is_staff", False):
            _refuse_an_edit_loop(current)
        edit = CommentEdit.objects.create(comment=current, body=current.body, **_editor(by))
        comment.set_body(body, rendered)
        comment.edited_at = edit.edited_at
        comment.save(update_fields=["body", "body_html", "edited_at"])
        Post.objects.filter(pk=comment.post_id).mark_threads_changed()
        return edit


def _refusal(hold):
    """The writer's message for an edit a spam rule would hold (spam.edit_hold)."""
    if hold is spam.LINKS:
        return LINKS_NEED_APPROVAL
    if hold is spam.REPEATED:
        return REPEATED_ON_EDIT
    return many_links(hold)


@transaction.atomic
def comment_delete_by(comment, *, by):
    """Delete a comment, leaving its placeholder: the row, its number, its place. The text goes
    into CommentEdit. Returns the CommentEdit, or None if it was deleted already."""
    current = Comment.objects.select_for_update().get(pk=comment.pk)
    if current.is_deleted:
        return None
    now = timezone.now()
    edit = CommentEdit.objects.create(
        comment=current, action=CommentEdit.Action.DELETED, body=current.body, edited_at=now, **_editor(by)
    )
    Comment.objects.filter(pk=comment.pk).update(deleted_at=now, body="", body_html="")
    comment.deleted_at, comment.body, comment.body_html = now, "", ""
    Post.objects.filter(pk=comment.post_id).mark_threads_changed()
    # Profiles and other lists of comments show comments' text; the count and the latest
    # activity on the home page stay as they were (see the module's docstring).
    sitewide_changed()
    return edit
