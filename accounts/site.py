"""The site's own address, from settings.SITE_URL: never from a request's Host header.

Django accepts any Host whose name is in ALLOWED_HOSTS, port included (`forum.example:8443`), and
allauth builds the links in its emails and the keys of its login limits from that header. Links a
stranger can point at another port, and limits a new port resets, are built from here instead.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


@dataclass(frozen=True)
class ConfiguredSite:
    """What allauth's email templates read as `current_site`: name and domain."""

    name: str
    domain: str


def configured_site():
    return ConfiguredSite(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


def on_site(url):
    """The same path, query and fragment on SITE_URL: `http://other:8443/a?b` -> `https://forum.example/a?b`."""
    site = urlsplit(settings.SITE_URL)
    parts = urlsplit(url)
    return urlunsplit((site.scheme, site.netloc, parts.path, parts.query, parts.fragment))


def is_absolute_http_url(value):
    return isinstance(value, str) and urlsplit(value).scheme in {"http", "https"} and bool(urlsplit(value).netloc)
