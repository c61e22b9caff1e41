import re

from django import forms

from .models import Comment

# C0 and C1 control characters other than tab and newlines, lone surrogates, and the two
# noncharacters U+FFFE/U+FFFF: nothing a person types, and trouble for every consumer downstream.
INVALID_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Bidirectional overrides and isolates: they reorder what readers see (a name, a link) without
# changing what it is. The marks U+200E/U+200F, which right-to-left writing needs, stay allowed.
BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Whitespace and invisible format characters (zero-width space, joiners, BOM): a comment of only
# these is empty to a reader.
INVISIBLE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]")


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 6, "id": "comment-body"}),
        # Our own messages below; Django's null-character validator would speak first otherwise.
        strip=False,
        required=False,
    )

    # The member the form was shown to, if any; see clean().
    member = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["body"].validators = []
        if user is not None and user.is_authenticated:
            self.fields["member"].initial = user.username

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\r\n", "\n")
        if not INVISIBLE.sub("", body):
            raise forms.ValidationError("Please write something before sending.", code="empty")
        if INVALID_CHARACTERS.search(body):
            raise forms.ValidationError(
                "Your comment contains invisible control characters (such as NUL). Please remove them.",
                code="invalid_characters",
            )
        if BIDI_CONTROLS.search(body):
            raise forms.ValidationError(
                "Your comment contains invisible text-direction controls (such as U+202E). Please remove them.",
                code="invalid_characters",
            )
        if len(body) > Comment.BODY_MAX:
            raise forms.ValidationError(
                f"Please keep a comment to {Comment.BODY_MAX:,} characters at most (this one has {len(body):,}).",
                code="too_long",
            )
        return body.strip("\n")

    def clean(self):
        # Shown to a member whose session has since ended (logged out in another tab, expired):
        # sending it would publish their words under an anonymous name.
        shown_to = self.cleaned_data.get("member")
        if shown_to and not (self.user and self.user.is_authenticated and self.user.username == shown_to):
            self.add_error(
                "body",
                forms.ValidationError(
                    f"You are no longer logged in as {shown_to}. Log in again to send this as {shown_to}, "
                    "or send it again to post it anonymously; your text is kept below.",
                    code="logged_out",
                ),
            )
            self.data = self.data.copy()
            self.data["member"] = ""
        return self.cleaned_data
