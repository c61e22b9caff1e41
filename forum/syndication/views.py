"""Feeds served from the page cache, the sitemap, robots.txt, and the canonical post address for
addresses that end in a slash."""

from django.conf import settings
from django.core.cache import caches
from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from forum.core.pagecache import cached_page
from forum.core.paging import positive_int
from forum.posts.models import Post

from .sitemaps import SITEMAPS, sitemapindex, urlset

# Feed readers poll; a few minutes' delay is nothing to them and spares the site most requests.
FEED_SECONDS = 5 * 60
ROBOTS_SECONDS = 24 * 3600
# A crawler reads the sitemap now and then; an hour's delay in it costs nothing, and a page of
# 50,000 addresses is worth rendering once an hour rather than once a crawl.
SITEMAP_SECONDS = 3600


def feed_view(feed_class):
    """A view serving feed_class's document, the same for every reader: rendered once per change
    to what it shows (the sitewide counters, plus the feed's own versions) and kept at most
    FEED_SECONDS, in the page cache and in readers' and proxies' caches."""
    feed = feed_class()

    @require_safe
    @cache_control(public=True, max_age=FEED_SECONDS)
    def view(request, **kwargs):
        obj = feed.get_object(request, **kwargs)  # 404 before anything is stored
        key = f"feed:{feed_class.__name__}:{getattr(obj, 'pk', '')}"
        document = cached_page(key, _versions(obj), lambda: _render(feed, obj, request), timeout=FEED_SECONDS)
        return HttpResponse(document, content_type=feed.feed_type.content_type)

    view.__name__ = view.__qualname__ = f"{feed_class.__name__}_feed"
    view.__module__ = __name__
    return view


def _versions(obj):
    """What a feed shows beyond the sitewide counters' reach: a thread's comments (their edits,
    deletions, holds move thread_version), a member's name. Edits of comments elsewhere move no
    counter a member's comment feed could see: FEED_SECONDS bounds how long it shows old words."""
    if isinstance(obj, Post):
        return (obj.thread_version, obj.title)
    return (getattr(obj, "username", ""),)


def _render(feed, obj, request):
    generator = feed.get_feed(obj, request)
    return generator.writeString("utf-8")


# The sitemap is stored under its own addresses only, whatever else the request carries: Django's
# cache_page keys on the whole query string and on the Cookie header (every page varies on it), so
# `?p=1&x=N`, `?p=01` or a made-up cookie would each render 50,000 rows afresh.


@require_safe
@cache_control(max_age=SITEMAP_SECONDS)
def sitemap_index(request):
    if request.META.get("QUERY_STRING"):
        return HttpResponsePermanentRedirect(reverse("syndication:sitemap-index"))
    return _sitemap_response(_stored_sitemap("sitemap:index", sitemapindex))


@require_safe
@cache_control(max_age=SITEMAP_SECONDS)
def sitemap_section(request, section):
    """One page of a section of the sitemap, as the index names it: no query for the first,
    `?p=N` for the others (`?p=1` too). Http404 for any other query and a page past the end."""
    page = _sitemap_page(request.META.get("QUERY_STRING", ""))
    if section not in SITEMAPS or page is None:
        raise Http404("No such sitemap.")
    try:
        document = _stored_sitemap(f"sitemap:{section}:{page}", lambda: urlset(SITEMAPS[section](), page))
    except InvalidPage as missing:
        raise Http404("No such page of the sitemap.") from missing
    response = _sitemap_response(document)
    response.headers["X-Robots-Tag"] = "noindex"  # the sitemap is for crawlers, not for results
    return response


def _sitemap_page(query):
    if not query:
        return 1
    page = positive_int(query.removeprefix("p="))
    return page if query == f"p={page}" else None


def _stored_sitemap(key, render):
    cache = caches["pages"]
    document = cache.get(key)
    if document is None:
        document = render()
        cache.set(key, document, SITEMAP_SECONDS)
    return document


def _sitemap_response(document):
    return HttpResponse(document, content_type="application/xml")


@require_safe
@cache_control(public=True, max_age=ROBOTS_SECONDS)
def robots_txt(request):
    context = {"sitemap_url": settings.SITE_URL + reverse("syndication:sitemap-index")}
    return HttpResponse(render_to_string("syndication/robots.txt", context), content_type="text/plain; charset=utf-8")


@require_safe
def post_with_slash(request, pk, slug=None):
    """/post/ID/ and /post/ID/slug/: one permanent redirect to /post/ID/slug, the query kept (?c=,
    ?page=), for whoever may open the post (others get the 404 the post page would give)."""
    post = get_object_or_404(Post.objects.readable_by(request.user).only("id", "slug"), pk=pk)
    query = request.META.get("QUERY_STRING")
    return HttpResponsePermanentRedirect(post.get_absolute_url() + (f"?{query}" if query else ""))
