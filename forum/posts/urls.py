from django.urls import path

from . import views

app_name = "posts"
# The post page itself, with its comments, is the thread's: forum/threads/urls.py.
urlpatterns = [
    path("", views.home, name="home"),
    path("random", views.random_post, name="random"),
    path("post/<int:pk>/nsfw/toggle", views.toggle_nsfw, name="toggle-nsfw"),
]
