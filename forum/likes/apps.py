from django.apps import AppConfig


class LikesConfig(AppConfig):
    name = "forum.likes"
    label = "likes"
