from django.urls import path

from . import views

app_name = "posts"
# Actions on a post have four path segments, so no slug (three) can ever shadow one.
urlpatterns = [
    path("", views.home, name="home"),
    path("post/<int:pk>/<slug:slug>", views.detail, name="detail"),
    path("post/<int:pk>", views.detail, name="detail-short"),
    path("random", views.random_post, name="random"),
    path("post/<int:pk>/nsfw/toggle", views.toggle_nsfw, name="toggle-nsfw"),
]
