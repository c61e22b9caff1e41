import re

from allauth.account.adapter import DefaultAccountAdapter
from django import forms

# Names a member may not take: the anonymous commenters' pattern, and the site's own words.
RESERVED_NAME = re.compile(r"^(anon_.*|admin|administrator|moderator|staff|root|system|patrick)$", re.IGNORECASE)
USERNAME_SHAPE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,29}$")


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username, shallow=False):
        if not USERNAME_SHAPE.match(username):
            raise forms.ValidationError(
                "Use 2 to 30 letters, digits, dots, dashes or underscores, starting with a letter or digit."
            )
        if RESERVED_NAME.match(username):
            raise forms.ValidationError("That name is reserved. Please choose another.")
        return super().clean_username(username, shallow=shallow)
