from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password


class SignupForm(AllauthSignupForm):
    def try_save(self, request):
        """With enumeration prevention, signing up with a registered email creates nothing and
        only mails the owner; creating an account hashes its password. Hash here too, so the two
        answers also take the same time."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)
