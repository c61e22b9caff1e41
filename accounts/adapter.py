"""How allauth fits this forum: names members may take, who may sign up, and what allauth reads
from a request (the client's address, the site's address), each from one place in the project.

The hooks below were checked against allauth 65.21.1's source; tests/accounts covers each one.
"""

from math import ceil
from urllib.parse import urlencode

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.signup import prevent_enumeration
from allauth.core.exceptions import ImmediateHttpResponse
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from forum.anonymous.keys import request_network_digest
from forum.anonymous.network import client_address
from forum.bans.pages import banned_page
from forum.bans.rules import is_banned_email, network_ban
from forum.bans.signups import take_signup_slot
from forum.core.http import is_site_path
from forum.core.templatetags.forum_format import forum_date
from forum.notifications.tasks import as_job_arguments, send_account_email

from .models import RetiredName
from .names import USERNAME_SHAPE, is_reserved_name, name_skeleton, reads_as_domain, username_skeleton_expression
from .site import configured_site, is_absolute_http_url, on_site


def _verification_is_mandatory():
    return app_settings.EMAIL_VERIFICATION == app_settings.EmailVerificationMethod.MANDATORY


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # allauth's "Please type your current password." reads as if the field were empty.
        "enter_current_password": "That is not your current password.",
    }

    def add_message(self, request, level, message_template=None, message_context=None, extra_tags="", message=None):
        # "Confirmation email sent to X" follows a signup with a new address, but nothing follows
        # one with an address already registered (that owner is emailed instead): the message
        # alone would tell which addresses have accounts. The page after signup says it anyway.
        if message_template == "account/messages/email_confirmation_sent.txt" and (message_context or {}).get("signup"):
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def clean_username(self, username, shallow=False):
        if not USERNAME_SHAPE.match(username):
            raise forms.ValidationError(
                "Use 2 to 30 letters, digits, dots, dashes or underscores, starting and ending with a letter or digit."
            )
        if is_reserved_name(username):
            raise forms.ValidationError("That name is reserved. Please choose another.")
        if reads_as_domain(username):
            raise forms.ValidationError("A name cannot read as a web address. Please choose another.")
        if not shallow and self._lookalike_taken(username):
            raise forms.ValidationError("That name is too close to a member's name. Please choose another.")
        if not shallow and RetiredName.objects.holding(username).exists():
            # A deleted member's name (or one that reads as it): old @mentions still point at it.
            raise forms.ValidationError("That name is reserved. Please choose another.")
        return super().clean_username(username, shallow=shallow)

    @staticmethod
    def _lookalike_taken(username):
        return (
            get_user_model()
            .objects.annotate(skeleton=username_skeleton_expression())
            .filter(skeleton=name_skeleton(username))
            .exists()
        )

    def is_open_for_signup(self, request):
        """Closed to a banned network: a visitor banned with their network would otherwise come
        back as a member. Answered with the 403 page, saying why and until when (never which
        network); allauth returns an ImmediateHttpResponse raised here as it is."""
        if notice := network_ban(request_network_digest(request)):
            raise ImmediateHttpResponse(banned_page(request, notice, refused="signup"))
        return True

    def clean_password(self, password, user=None):
        """Also where a sign-up is counted against SIGNUPS_PER_NETWORK_PER_HOUR (forum/bans/signups.py):
        the last check of the sign-up form, reached by a new address and a registered one alike
        (so the limit tells nobody which is which), and only once every other field is valid, so
        that a typo costs no sign-up. Over the limit the form comes back saying when to try again,
        with what was typed (never the password). The sign-up form passes an unsaved user."""
        password = super().clean_password(password, user=user)
        if user is None or user.pk is not None or not (user.username and user.email):
            return password
        retry_at = take_signup_slot(request_network_digest(self.request)) if self.request else None
        if retry_at:
            minutes = max(1, ceil((retry_at - timezone.now()).total_seconds() / 60))
            raise forms.ValidationError(
                "Too many accounts have been made from your network in the past hour. "
                f"Please try again in {minutes} minute{pluralize(minutes)} (at {forum_date(retry_at)})."
            )
        return password

    def validate_unique_email(self, email):
        """A banned address is answered here as a registered one is, when the verification of
        email is not mandatory: allauth then refuses a registered address in the form ("already
        registered"; uniqueness comes before hiding who has an account), and a banned one gets
        that same error, at the same step. With mandatory verification both pass on to save_user.
        allauth calls this for sign-up and for a changed address, never for login or reset."""
        if not _verification_is_mandatory() and is_banned_email(email):
            raise self.validation_error("email_taken")
        return super().validate_unique_email(email)

    def save_user(self, request, user, form, commit=True):
        """A banned email address (in any spelling of the same mailbox: forum/bans/emails.py)
        makes no account. The answer is the one a registered address gets, with the same work
        (one password hash) and headers, so that signing up tells nobody which addresses are
        banned; the mailbox itself is told (send_account_already_exists_mail). That answer
        exists only with mandatory verification (allauth resumes no login without a user
        otherwise): in the other modes validate_unique_email refused the address already."""
        email = form.cleaned_data.get("email") or ""
        if is_banned_email(email):
            if not _verification_is_mandatory():
                raise PermissionDenied("That email address cannot be used here.")  # not reached: see above
            make_password(form.cleaned_data.get("password1") or "")
            response = prevent_enumeration(request, email=email)
            add_never_cache_headers(response)  # as the sign-up view's own answers have
            raise ImmediateHttpResponse(response)
        return super().save_user(request, user, form, commit=commit)

    def send_account_already_exists_mail(self, email):
        """A banned address is told it cannot be used here, rather than that it has an account."""
        if is_banned_email(email):
            self.send_mail("bans/email/signup_refused", email, {})
            return
        super().send_account_already_exists_mail(email)

    def get_client_ip(self, request):
        """Every limit allauth keeps per address reads it here: the project's one reading of
        REMOTE_ADDR and X-Forwarded-For (TRUSTED_PROXY_COUNT), not allauth's own proxy setting."""
        address = client_address(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")  # as allauth does
        return address

    def _get_login_attempts_cache_key(self, request, **credentials):
        """The per-account limit on failed logins. allauth keys it on get_current_site(), which
        without django.contrib.sites is the request's Host header, port included: each new port
        was a fresh allowance. Keyed on the configured site instead. (A private allauth hook, used
        by pre_authenticate() and by the clearing after a password reset.)"""
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"{configured_site().domain}:{login}"

    def send_mail(self, template_prefix, email, context):
        """Every email's links and site name come from SITE_URL. allauth builds its links
        (password reset, verification, sign-up) with request.build_absolute_uri() and names the
        site from the Host header, so a request sent with another Host would mail out links to it."""
        context = {key: on_site(value) if is_absolute_http_url(value) else value for key, value in context.items()}
        context.setdefault("current_site", configured_site())  # allauth lets the caller's context win
        message = self.render_mail(template_prefix, email, context)
        if settings.ACCOUNT_EMAILS_QUEUED:
            send_account_email.defer(**as_job_arguments(message))  # never sent inside the request
        else:
            message.send()

    def is_safe_url(self, url):
        """`next` after login, signup, email confirmation, logout: a path on this site only.
        allauth would also take an absolute URL to any host in ALLOWED_HOSTS."""
        return is_site_path(url)

    def get_email_confirmation_url(self, request, emailconfirmation):
        """The link carries the `next` of the signup it confirms. In the browser that signed up,
        allauth resumes that signup's login and goes to its `next` anyway; in another browser (the
        link opened on a phone) the reader is asked to log in, and then lands on `next`."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        target = (request.POST.get("next") or request.GET.get("next") or "") if request else ""
        if not is_site_path(target):
            return url
        log_in_then_next = reverse("account_login") + "?" + urlencode({"next": target})
        return url + "?" + urlencode({"next": log_in_then_next})
