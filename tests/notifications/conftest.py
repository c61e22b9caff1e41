from tests.jobs.queue import empty_queue  # noqa: F401
