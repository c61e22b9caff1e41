"""Rules for text people write (comments now; posts and profiles as they arrive), as validators a
form field owns, each with the message the writer sees."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError

# C0 and C1 control characters other than tab and newlines, lone surrogates, and the two
# noncharacters U+FFFE/U+FFFF: nothing a person types, and trouble for every consumer downstream.
# (NUL is left to Django's own validator, whose message the field sets to ours.)
INVALID_CHARACTERS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
CONTROL_CHARACTERS_MESSAGE = "Your text contains invisible control characters (such as NUL). Please remove them."
# Bidirectional overrides and isolates: they reorder what readers see (a name, a link) without
# changing what it is. The marks U+200E/U+200F, which right-to-left writing needs, stay allowed.
BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Whitespace and invisible format characters (zero-width space, joiners, BOM): a text of only
# these is empty to a reader.
INVISIBLE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]")
# Combining marks stacked on one character. Vietnamese uses two, some scripts three or four;
# more only serves "Zalgo" text that draws over the lines above and below it.
MAX_COMBINING_MARKS = 4


def validate_not_blank(text):
    if not INVISIBLE.sub("", text):
        raise ValidationError("Please write something before sending.", code="empty")


def validate_printable(text):
    if INVALID_CHARACTERS.search(text):
        raise ValidationError(CONTROL_CHARACTERS_MESSAGE, code="invalid_characters")


def validate_no_bidi_controls(text):
    if BIDI_CONTROLS.search(text):
        raise ValidationError(
            "Your text contains invisible text-direction controls (such as U+202E). Please remove them.",
            code="invalid_characters",
        )


def validate_combining_marks(text):
    run = 0
    for character in text:
        if unicodedata.combining(character):
            run += 1
            if run > MAX_COMBINING_MARKS:
                raise ValidationError(
                    f"Your text stacks more than {MAX_COMBINING_MARKS} accents or marks on one letter, "
                    "which draws over the lines around it. Please remove the extra marks.",
                    code="combining_marks",
                )
        else:
            run = 0


class WrittenTextField(forms.CharField):
    """What a person writes in a textarea: line endings as one `\\n` (as the browser counts them
    for maxlength), blank lines trimmed at both ends, and every rule above with our own words."""

    def __init__(self, *, max_length, noun="text", **kwargs):
        self.noun = noun
        kwargs.setdefault("strip", False)  # keep leading spaces: they are Markdown (code, lists)
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("null_characters_not_allowed", CONTROL_CHARACTERS_MESSAGE)
        kwargs["error_messages"].setdefault(
            "max_length", f"Please keep {noun} to {max_length:,} characters at most (this one has %(show_value)s)."
        )
        kwargs["validators"] = [
            validate_printable,
            validate_no_bidi_controls,
            validate_combining_marks,
            *kwargs.get("validators", ()),
        ]
        super().__init__(max_length=max_length, required=False, **kwargs)

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n").strip("\n")

    def validate(self, value):
        # Instead of Django's "required": validators never see an empty value, and invisible
        # characters are empty to a reader too.
        validate_not_blank(value)
