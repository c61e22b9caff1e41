from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "forum.comments"
    label = "comments"

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
