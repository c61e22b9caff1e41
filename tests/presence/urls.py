"""Addresses machines fetch, beside one page, for tests/presence/test_middleware.py."""

from django.http import HttpResponse
from django.urls import include, path


def page(request):
    return HttpResponse("<p>A page</p>")


urlpatterns = [
    path("page/", page, name="page"),
    path("robots.txt", page, name="robots"),
    path("healthz", page, name="health"),
    path("posts/rss/", page, name="posts-feed"),
    path("user/a.b", page, name="profile"),
    path("", include("forum.urls")),  # the site's own: its feeds and sitemap, the 404 page's links
]
