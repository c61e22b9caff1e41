from django import forms

from forum.core.text import WrittenTextField, validate_not_blank

from .models import Flag


class OptionalWrittenText(WrittenTextField):
    """The text rules without "please write something": the words are needed only for "other"
    (FlagForm.clean)."""

    def validate(self, value):
        pass


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why should the moderators look at it?",
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose a reason.", "invalid_choice": "Please choose one of the reasons."},
    )
    note = OptionalWrittenText(
        label="In a few words (for “other”)",
        max_length=Flag.NOTE_MAX,
        noun="the reason",
        widget=forms.TextInput,
    )
    # Where a logged-out member comes back to after logging in (accounts.decorators.login_required_back).
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        note = cleaned.get("note", "")
        if cleaned.get("reason") == Flag.Reason.OTHER:
            try:
                validate_not_blank(note)
            except forms.ValidationError:
                self.add_error("note", "Please say in a few words why, when the reason is “other”.")
        return cleaned

    @property
    def note_kept(self):
        """The note, only for "other": a note typed and then another reason chosen is not theirs to keep."""
        return self.cleaned_data["note"].strip() if self.cleaned_data["reason"] == Flag.Reason.OTHER else ""
