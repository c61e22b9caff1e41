"""SITE_URL must name this site: emails link to it and login limits are keyed on it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.http.request import validate_host


@register()
def site_url_check(app_configs, **kwargs):
    site = urlsplit(settings.SITE_URL)
    if site.scheme not in {"http", "https"} or not site.hostname or site.path not in {"", "/"}:
        return [
            Error(
                f"SITE_URL {settings.SITE_URL!r} is not the site's address, like https://forum.example.",
                hint="Set the SITE_URL environment variable (with DEBUG off it defaults to the first ALLOWED_HOSTS).",
                id="accounts.E001",
            )
        ]
    # With DEBUG and no ALLOWED_HOSTS, Django itself allows the local names.
    allowed = settings.ALLOWED_HOSTS or ([".localhost", "127.0.0.1", "[::1]"] if settings.DEBUG else [])
    if not validate_host(site.hostname, allowed):
        return [Error(f"SITE_URL's host {site.hostname!r} is not in ALLOWED_HOSTS.", id="accounts.E002")]
    return []


@register(Tags.security, deploy=True)
def site_url_https_check(app_configs, **kwargs):
    if urlsplit(settings.SITE_URL).scheme != "https":
        return [
            Warning("SITE_URL is not https: emailed password-reset links would travel in clear.", id="accounts.W001")
        ]
    return []
