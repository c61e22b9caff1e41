from django.apps import AppConfig


class WatchesConfig(AppConfig):
    name = "forum.watches"
    label = "watches"
