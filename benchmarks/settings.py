"""Production settings, made servable on plain HTTP at 127.0.0.1 for the benchmark.

Everything that costs time in production stays as it is: DEBUG off, the real middleware, password
hasher, templates, hashed and compressed static files (collected by benchmarks/run.py into
BENCH_STATIC_ROOT first), the caches in Redis (REDIS_URL, set by benchmarks/run.py to the Redis it
starts, before these settings are read), CONN_MAX_AGE with health checks. Only what plain HTTP on
the loopback needs changes: no HTTPS redirect, no HSTS, cookies without `Secure`.
"""

import os

os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ["DEBUG"] = "0"  # as production runs, whatever a developer's .env says
os.environ.setdefault("SITE_URL", "http://127.0.0.1")

from forum.settings import *  # noqa: E402,F403
from forum.settings import LOGGING  # noqa: E402

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]  # testserver: the in-process query counts
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT") or os.path.join(
    os.environ.get("TMPDIR", "/tmp"), "forum-bench-static"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Quiet under load: a log line per request would be measured too.
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}
