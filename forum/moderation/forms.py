from django import forms

from forum.comments.models import Comment

# What a comment is held for: every state but approved and waiting. Posts share them
# (posts.models.Post.HeldReason).
HELD_REASONS = [
    (status.value, status.label)
    for status in Comment.Status
    if status not in (Comment.Status.APPROVED, Comment.Status.PENDING)
]


_CHOOSE = "Choose what to hold it for."


class HoldForm(forms.Form):
    reason = forms.ChoiceField(choices=HELD_REASONS, error_messages={"required": _CHOOSE, "invalid_choice": _CHOOSE})
