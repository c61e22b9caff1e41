from django.apps import AppConfig


class AnonymousConfig(AppConfig):
    name = "forum.anonymous"
    label = "anonymous"
    verbose_name = "anonymous identities"
