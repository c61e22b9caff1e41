from django import forms
from django.forms import BoundField

from forum.core.text import WrittenTextField

from .models import Comment


class CurrentReaderField(forms.CharField):
    """Submitted: who the form was shown to. Rendered: always who reads it now, never the
    submitted value, so a form refused for a logged-out member sends anonymously next time."""

    widget = forms.HiddenInput

    def bound_data(self, data, initial):
        return initial


class RefusableBoundField(BoundField):
    """Back with a refusal, the box takes the focus and points a screen reader at the reasons."""

    ERRORS_ID = "comment-errors"

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            attrs.update({"autofocus": True, "aria-describedby": self.ERRORS_ID})
        return attrs


def comment_body_field(*, rows, **options):
    """A comment's text, with the rules every comment has (WrittenTextField), new or edited."""
    return WrittenTextField(
        label="Comment",
        max_length=Comment.BODY_MAX,
        noun="a comment",
        widget=forms.Textarea(attrs={"rows": rows, "id": "comment-body"}),
        **options,
    )


class CommentForm(forms.Form):
    body = comment_body_field(rows=6, bound_field_class=RefusableBoundField)
    member = CurrentReaderField(required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["member"].initial = user.username if user.is_authenticated else ""

    def clean(self):
        # Shown to a member whose session has since ended (logged out in another tab, expired):
        # sending it would publish their words under an anonymous name.
        shown_to = self.cleaned_data.get("member")
        if shown_to and not (self.user.is_authenticated and self.user.username == shown_to):
            self.add_error(
                "body",
                forms.ValidationError(
                    f"You are no longer logged in as {shown_to}. Log in again to send this as {shown_to}, "
                    "or send it again to post it anonymously; your text is kept below.",
                    code="logged_out",
                ),
            )
        return self.cleaned_data


class CommentEditForm(forms.Form):
    body = comment_body_field(rows=8)
