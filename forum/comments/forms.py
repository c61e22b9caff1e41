import re

from django import forms

from .models import Comment

# C0 and C1 control characters other than tab and newlines, lone surrogates, and the two
# noncharacters U+FFFE/U+FFFF: nothing a person types, and trouble for every consumer downstream.
INVALID_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 6, "id": "comment-body"}),
        # Our own messages below; Django's null-character validator would speak first otherwise.
        strip=False,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].validators = []

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\r\n", "\n")
        if not body.strip():
            raise forms.ValidationError("Please write something before sending.", code="empty")
        if INVALID_CHARACTERS.search(body):
            raise forms.ValidationError(
                "Your comment contains invisible control characters (such as NUL). Please remove them.",
                code="invalid_characters",
            )
        if len(body) > Comment.BODY_MAX:
            raise forms.ValidationError(
                f"Please keep a comment under {Comment.BODY_MAX:,} characters (this one has {len(body):,}).",
                code="too_long",
            )
        return body.strip("\n")
