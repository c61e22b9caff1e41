"""The test suite's settings: production settings with the few changes a test run needs."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ["DEBUG"] = "0"  # tests run as production does, whatever a developer's .env says

from forum.settings import *  # noqa: E402,F403

# Tests and the browser talk plain HTTP to the test server.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SITE_URL = "http://testserver"  # the test client's host: links in test emails lead back to it
# No collectstatic before tests: serve static files straight from static/.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; never in production
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ACCOUNT_RATE_LIMITS = False  # tests of the limits switch them on (tests/accounts/test_rate_limits.py)
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
WHITENOISE_AUTOREFRESH = True  # no STATIC_ROOT to scan in tests
# Account emails are sent at once, for the tests that read them from the outbox; the queued path
# is tested on its own (tests/notifications/test_account_emails.py).
ACCOUNT_EMAILS_QUEUED = False
