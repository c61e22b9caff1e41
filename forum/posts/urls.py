from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "posts"
# The post page itself, with its comments, is the thread's: forum/threads/urls.py. These come
# first in forum/urls.py, so /post/5/edit is the form here and never a post slugged "edit"
# (Post.RESERVED_SLUGS keeps any title from taking that slug).
urlpatterns = [
    path("", views.home, name="home"),
    # The home page's other orders (Post.TABS); /?tab=NAME leads here.
    path("tab/<slug:tab>", views.home, name="tab"),
    path("old", views.old, name="old"),
    path("random", views.random_post, name="random"),
    path("post/new", views.post_new, name="new"),
    # The addresses members of the original and of other forums type.
    path("new", RedirectView.as_view(pattern_name="posts:new", query_string=True), name="new-short"),
    path("submit", RedirectView.as_view(pattern_name="posts:new", query_string=True), name="submit"),
    path("post/<int:pk>/edit", views.post_edit_view, name="edit"),
    path("post/<int:pk>/nsfw/toggle", views.toggle_nsfw, name="toggle-nsfw"),
]
