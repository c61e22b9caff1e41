"""The job worker's settings in the mail tests: the suite's, sending by SMTP to the tests' own
mail server (smtp.py, EMAIL_PORT), with a worker that notices a dead one within seconds rather
than a minute (the tests kill workers and wait for their jobs to come back)."""

import os

from tests.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["EMAIL_PORT"])
EMAIL_USE_TLS = False
JOBS_STALLED_AFTER_SECONDS = 2
PROCRASTINATE_WORKER_DEFAULTS = {
    "update_heartbeat_interval": 0.5,
    "stalled_worker_timeout": JOBS_STALLED_AFTER_SECONDS,
    "fetch_job_polling_interval": 0.2,
}
