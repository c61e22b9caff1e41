from .queue import empty_queue  # noqa: F401
