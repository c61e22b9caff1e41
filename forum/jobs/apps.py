from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "forum.jobs"
    label = "jobs"
