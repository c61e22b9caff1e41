from django.apps import AppConfig


class FlagsConfig(AppConfig):
    name = "forum.flags"
    label = "flags"
