"""The site's URLs with the comment editing ones, for as long as forum/urls.py does not include
them itself (then this adds nothing)."""

from django.urls import include, path

from forum import urls as site

handler400 = site.handler400
urlpatterns = list(site.urlpatterns)
if not any(getattr(pattern, "namespace", None) == "comments" for pattern in urlpatterns):
    urlpatterns.insert(0, path("", include("forum.comments.urls")))
