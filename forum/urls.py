from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("forum.posts.urls")),
    path("", include("forum.comments.urls")),
    path("", include("forum.watches.urls")),
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
