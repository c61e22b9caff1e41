from django.apps import AppConfig


class PresenceConfig(AppConfig):
    name = "forum.presence"
    label = "presence"
