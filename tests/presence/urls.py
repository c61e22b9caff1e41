"""Addresses machines fetch, beside one page, for tests/presence/test_middleware.py."""

from django.http import HttpResponse
from django.urls import include, path


def page(request):
    return HttpResponse("<p>A page</p>")


machines = ([path("feed/", page, name="latest"), path("sitemap/", page, name="index")], "syndication")

urlpatterns = [
    path("page/", page, name="page"),
    path("robots.txt", page, name="robots"),
    path("healthz", page, name="health"),
    path("posts/rss/", page, name="posts-feed"),
    path("user/a.b", page, name="profile"),
    path("", include(machines)),
]
urlpatterns.append(path("", include("forum.urls")))  # the site's own, for the 404 page's links
