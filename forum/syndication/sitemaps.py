"""sitemap.xml (Django's sitemaps framework): an index, then the post pages, 50,000 to a page as
the protocol allows. Only what a logged-out reader sees (public.py). Every address is on SITE_URL:
the framework's own index names the sections on the Host header, any port included.

At full size a page is 50,000 rows, so everything per row is kept cheap: each row is read as a
tuple of three values, never as a Post, its date already written as text by PostgreSQL; the
framework's paginator reads one page with LIMIT and OFFSET over the primary key; the address is
formatted, not reverse()d (tens of microseconds each); and the page is written by urlset()
instead of the framework's template, which takes seconds."""

from datetime import UTC
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import CharField, Func, Max
from django.db.models.functions import Greatest
from django.urls import reverse

from .public import public_posts

# Values no real post has, reversed once, then replaced by each post's: the URLconf still decides
# the address (forum/threads/urls.py), once per page rather than once per post.
_PK, _SLUG = 987654321987654321, "sitemap-slug-placeholder"


class W3CDatetime(Func):
    """A timestamp as the sitemap protocol writes it (W3C Datetime, in UTC), written by PostgreSQL:
    50,000 timestamps made into Python datetimes cost more than the rest of the page together."""

    template = """to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""
    output_field = CharField()


class _SiteSitemap(Sitemap):
    """Addresses on the configured SITE_URL, as everywhere else the site names itself."""

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def lastmod_text(self, item):
        """The item's lastmod as urlset() writes it, or ""."""
        return ""


class PostSitemap(_SiteSitemap):
    def __init__(self):
        path = reverse("threads:post", args=[_PK, _SLUG])
        self._path = path.replace(str(_PK), "{pk}", 1).replace(_SLUG, "{slug}", 1)

    def items(self):
        # An edit changes the page as a new comment does; GREATEST skips a NULL edited_at.
        changed_at = W3CDatetime(Greatest("latest_activity_at", "edited_at"))
        return public_posts().order_by("id").annotate(changed_at=changed_at).values_list("id", "slug", "changed_at")

    def location(self, item):
        return self._path.format(pk=item[0], slug=item[1])

    def lastmod_text(self, item):
        return item[2]

    def get_latest_lastmod(self):
        """For the index: one aggregate, not every row through lastmod() (the framework's way)."""
        return public_posts().aggregate(latest=Max(Greatest("latest_activity_at", "edited_at")))["latest"]


class PageSitemap(_SiteSitemap):
    """The pages that are not posts and are worth a crawler's visit."""

    def items(self):
        return ["posts:home"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pages": PageSitemap, "posts": PostSitemap}


def urlset(sitemap, page):
    """Page `page` of a sitemap as the protocol's <urlset>. Raises the paginator's InvalidPage for
    a page that is not there."""
    rows = sitemap.paginator.page(page).object_list
    site = f"{sitemap.get_protocol()}://{sitemap.get_domain()}"
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n']
    for item in rows:
        lastmod = sitemap.lastmod_text(item)
        when = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        parts.append(f"<url><loc>{escape(site + sitemap.location(item))}</loc>{when}</url>\n")
    parts.append("</urlset>\n")
    return "".join(parts)


def sitemapindex():
    """The index: every page of every section, as the framework's index names them (page 1 without
    `?p=`), on SITE_URL, each section with its latest change."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    ]
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        url = settings.SITE_URL + reverse("syndication:sitemap", kwargs={"section": section})
        latest = sitemap.get_latest_lastmod()
        when = f"<lastmod>{latest.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}</lastmod>" if latest else ""
        for page in sitemap.paginator.page_range:
            parts.append(f"<sitemap><loc>{escape(url if page == 1 else f'{url}?p={page}')}</loc>{when}</sitemap>\n")
    parts.append("</sitemapindex>\n")
    return "".join(parts)
