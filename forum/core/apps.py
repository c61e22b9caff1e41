from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Site-wide pieces with no model: security headers, the reader's timezone, date formats."""

    name = "forum.core"
    label = "core"
