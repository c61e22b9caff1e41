import re

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.contrib.auth import get_user_model

from .models import name_skeleton, username_skeleton_expression

# Names a member may not take: ones that read as an anonymous commenter's, and the site's own words.
RESERVED_NAME = re.compile(
    r"^(anon([-_.].*|[0-9a-f]*)|admin|administrator|moderator|staff|root|system|patrick)$", re.IGNORECASE
)
# Letters, digits and . _ - inside, never at either end: `zzyzzx.` would read as `zzyzzx`.
USERNAME_SHAPE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,28}[A-Za-z0-9])?$")


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username, shallow=False):
        if not USERNAME_SHAPE.match(username):
            raise forms.ValidationError(
                "Use 2 to 30 letters, digits, dots, dashes or underscores, starting and ending with a letter or digit."
            )
        if RESERVED_NAME.match(username) or RESERVED_NAME.match(name_skeleton(username)):
            raise forms.ValidationError("That name is reserved. Please choose another.")
        if not shallow and self._lookalike_taken(username):
            raise forms.ValidationError("That name is too close to a member's name. Please choose another.")
        return super().clean_username(username, shallow=shallow)

    @staticmethod
    def _lookalike_taken(username):
        return (
            get_user_model()
            .objects.annotate(skeleton=username_skeleton_expression())
            .filter(skeleton=name_skeleton(username))
            .exists()
        )
