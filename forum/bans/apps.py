from django.apps import AppConfig


class BansConfig(AppConfig):
    name = "forum.bans"
    label = "bans"
