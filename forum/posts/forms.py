import re

from django import forms
from django.core.exceptions import ValidationError

from forum.core.text import (
    WrittenTextField,
    validate_combining_marks,
    validate_no_bidi_controls,
    validate_not_blank,
    validate_printable,
)

from .models import Post

# Tabs and line breaks have no place in a title: it is one line in every list.
_LINE_BREAKS = re.compile(r"[\t\n\r\u2028\u2029\x85]")
IMAGE_TYPES = "image/jpeg,image/png,image/gif,image/webp"


def validate_one_line(text):
    if _LINE_BREAKS.search(text):
        raise ValidationError("Please write the title on one line.", code="line_break")


class PostForm(forms.Form):
    """A new post or an edit. The image field is only the file input: the view stores an uploaded
    picture first and binds the form with its Markdown already in the body (views._bind), so a
    picture sent with a form that is refused is in the text that comes back."""

    title = forms.CharField(
        max_length=Post.TITLE_MAX,
        validators=[
            validate_not_blank,
            validate_printable,
            validate_one_line,
            validate_no_bidi_controls,
            validate_combining_marks,
        ],
        error_messages={
            "required": "Please give your post a title.",
            "max_length": f"Please keep the title to {Post.TITLE_MAX} characters at most "
            "(this one has %(show_value)s).",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "id": "post-title"}),
    )
    body = WrittenTextField(
        label="Text",
        max_length=Post.BODY_MAX,
        noun="a post",
        widget=forms.Textarea(attrs={"rows": 14, "id": "post-body"}),
    )
    image = forms.FileField(
        required=False,
        label="Add a picture",
        help_text="JPEG, PNG, GIF or WebP; it goes at the end of the text when you preview or post.",
        widget=forms.FileInput(attrs={"accept": IMAGE_TYPES, "id": "post-image"}),
    )
