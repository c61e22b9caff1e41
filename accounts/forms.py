import functools
import zoneinfo

from allauth.account.adapter import get_adapter
from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import ratelimit
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError

from forum.core.text import INVISIBLE, WrittenTextField

from .models import User

AVATAR_SIDE = 256  # pixels: a profile shows it at 128, twice that for sharp screens


class SignupForm(AllauthSignupForm):
    def try_save(self, request):
        """With enumeration prevention, signing up with a registered email creates nothing and
        only mails the owner; creating an account hashes its password. Hash here too, so the two
        answers also take the same time."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)


class LoginForm(AllauthLoginForm):
    """allauth's, in the site's words (settings.ACCOUNT_FORMS["login"])."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Name or email"
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me logged in on this browser"


class ChangePasswordForm(AllauthChangePasswordForm):
    """allauth's, in the site's words (settings.ACCOUNT_FORMS["change_password"]): sentence-case
    labels, no placeholders repeating them, the "forgot?" link once (the page has it)."""

    LABELS = {"oldpassword": "Current password", "password1": "New password", "password2": "New password again"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.LABELS.items():
            field = self.fields[name]
            field.label = label
            field.help_text = ""
            field.widget.attrs.pop("placeholder", None)


class AboutField(WrittenTextField):
    """The profile's about: what a comment may hold, but optional (empty, or only invisible
    characters, is no about at all)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value if INVISIBLE.sub("", value) else ""

    def validate(self, value):
        pass


@functools.cache
def _zone_names():
    # The names forum.core.middleware.reader_timezone() accepts, less the legacy aliases
    # (`US/Pacific`, `Etc/GMT+8`) nobody looks for in a list.
    return tuple(
        sorted(
            name
            for name in zoneinfo.available_timezones()
            if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/"))
        )
        + ["UTC"]
    )


def timezone_choices():
    return [("", f"the site's ({settings.TIME_ZONE})"), *((name, name.replace("_", " ")) for name in _zone_names())]


class SettingsForm(forms.ModelForm):
    """A member's own settings. The avatar is stored by store_avatar() once the rest is valid,
    so a refused form leaves no file behind."""

    about = AboutField(
        label="About you",
        max_length=User.ABOUT_MAX,
        noun="your about",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Shown on your profile. Markdown: *italic*, **bold**, [links](https://example.com).",
    )
    avatar_upload = forms.FileField(
        label="Avatar",
        required=False,
        help_text="A JPEG, PNG, GIF or WebP picture; it is cut down to 256 pixels.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
    )
    remove_avatar = forms.BooleanField(label="Remove my avatar", required=False)
    timezone = forms.ChoiceField(
        label="Timezone",
        required=False,
        choices=timezone_choices,
        error_messages={"invalid_choice": "That is not a timezone we know. Please choose one from the list."},
        help_text="Dates everywhere on the site are shown in it.",
    )

    class Meta:
        model = User
        fields = ["about", "timezone", "summonable", "hide_images_in_lists"]
        labels = {
            "summonable": "Email me when someone @mentions me",
            "hide_images_in_lists": "Hide images in lists of posts",
        }
        help_texts = {"summonable": ""}

    field_order = ["about", "avatar_upload", "remove_avatar", "timezone", "summonable", "hide_images_in_lists"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.avatar:
            del self.fields["remove_avatar"]

    def store_avatar(self):
        """Store an uploaded avatar through the site's image pipeline. False, with the reason on
        the form, when the picture is refused. Call once is_valid().

        An avatar counts against the day's upload allowance as a post's picture does: each one
        costs a decode and a stored file, refused or replaced."""
        upload = self.cleaned_data.get("avatar_upload")
        if not upload:
            return True
        from forum.uploads.images import store_uploaded_image  # the pipeline posts use too
        from forum.uploads.limits import TOO_MANY, take_upload_allowance

        if not take_upload_allowance(self.instance.pk):
            self.add_error("avatar_upload", ValidationError(TOO_MANY, code="too_many"))
            return False
        try:
            self.stored_avatar = store_uploaded_image(upload, folder="avatars", max_side=AVATAR_SIDE)
        except ValidationError as refusal:
            self.add_error("avatar_upload", refusal)
            return False
        return True

    def save(self, commit=True):
        member = super().save(commit=False)
        member.set_about(self.cleaned_data["about"])
        replaced = member.avatar.name
        if getattr(self, "stored_avatar", None):
            member.set_avatar(self.stored_avatar)
        elif self.cleaned_data.get("remove_avatar"):
            member.set_avatar("")
        if commit:
            member.save()
            if replaced and replaced != member.avatar.name:
                member.delete_avatar_file(replaced)
        return member


class DeleteAccountForm(forms.Form):
    """The password asked before an account is deleted: a password check like any other, so it
    is throttled and hashed as allauth's /accounts/reauthenticate/ is (see clean_password)."""

    # Error codes of an attempt refused by a limit (ours, then allauth's per-account login limit).
    THROTTLED = ("too_many_attempts", "too_many_login_attempts")

    password = forms.CharField(
        label="Your password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        """Counted in allauth's "reauthenticate" limit (per member, right or wrong), then checked
        by allauth's reauthenticate(), which also counts failures in the per-account login limit
        and goes through accounts/auth_backends.py: one hash per attempt, none once throttled.
        (member.check_password() here made the page a password oracle with no limit.)"""
        password = self.cleaned_data["password"]
        member = self.request.user
        if not ratelimit.consume(self.request, action="reauthenticate", user=member):
            raise ValidationError("Too many attempts. Please wait a minute, then try again.", code="too_many_attempts")
        if not get_adapter(self.request).reauthenticate(member, password):
            raise ValidationError("That is not your password.", code="wrong_password")
        return password

    @property
    def is_throttled(self):
        """Refused by a limit, the password unchecked: the view answers 429."""
        return any(self.has_error("password", code) for code in self.THROTTLED)
