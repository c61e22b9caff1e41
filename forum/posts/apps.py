from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "forum.posts"
    label = "posts"
