from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "forum.syndication"
    label = "syndication"
