"""How allauth fits this forum: names members may take, who may sign up, and what allauth reads
from a request (the client's address, the site's address), each from one place in the project.

The hooks below were checked against allauth 65.21.1's source; tests/accounts covers each one.
"""

from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from forum.anonymous.keys import request_network_digest
from forum.anonymous.models import NetworkBan
from forum.anonymous.network import client_address
from forum.notifications.tasks import as_job_arguments, send_account_email

from .decorators import is_site_path
from .models import RetiredName
from .names import USERNAME_SHAPE, is_reserved_name, name_skeleton, reads_as_domain, username_skeleton_expression
from .site import configured_site, is_absolute_http_url, on_site


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
        back as a member. allauth then shows account/signup_closed.html, which says why."""
        return not NetworkBan.objects.is_banned(request_network_digest(request))

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
