from django.apps import AppConfig


class UnreadConfig(AppConfig):
    name = "forum.unread"
    label = "unread"
