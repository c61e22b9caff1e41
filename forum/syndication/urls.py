from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_safe

from . import feeds, views
from .sitemaps import SITEMAPS

app_name = "syndication"

# A crawler reads the sitemap now and then; an hour's delay in it costs nothing, and a page of
# 50,000 addresses is worth rendering once an hour rather than once a crawl.
SITEMAP_SECONDS = 3600


def _sitemap(view):
    return require_safe(cache_page(SITEMAP_SECONDS, cache="pages")(view))


# Every feed in RSS at .../feed and in Atom at .../feed/atom. The member's and the thread's have a
# segment more than the pages they belong to (/user/NAME, /post/ID/slug), so no name or slug can
# ever be taken for one.
urlpatterns = [
    path("feed", views.feed_view(feeds.NewPosts), name="posts"),
    path("rss", views.feed_view(feeds.NewPosts), name="posts-rss"),  # the address the original's readers try
    path("feed/atom", views.feed_view(feeds.atom(feeds.NewPosts)), name="posts-atom"),
    path("user/<str:username>/posts/feed", views.feed_view(feeds.MemberPosts), name="member-posts"),
    path(
        "user/<str:username>/posts/feed/atom",
        views.feed_view(feeds.atom(feeds.MemberPosts)),
        name="member-posts-atom",
    ),
    path("user/<str:username>/comments/feed", views.feed_view(feeds.MemberComments), name="member-comments"),
    path(
        "user/<str:username>/comments/feed/atom",
        views.feed_view(feeds.atom(feeds.MemberComments)),
        name="member-comments-atom",
    ),
    path("post/<int:pk>/comments/feed", views.feed_view(feeds.ThreadComments), name="thread"),
    path("post/<int:pk>/comments/feed/atom", views.feed_view(feeds.atom(feeds.ThreadComments)), name="thread-atom"),
    # The canonical post address has no slash at the end (forum/threads/urls.py).
    path("post/<int:pk>/", views.post_with_slash, name="post-slash"),
    path("post/<int:pk>/<slug:slug>/", views.post_with_slash, name="post-slug-slash"),
    path(
        "sitemap.xml",
        _sitemap(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "syndication:sitemap"},
        name="sitemap-index",
    ),
    path("sitemap-<slug:section>.xml", _sitemap(views.sitemap_section), name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]
