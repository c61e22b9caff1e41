"""Production settings, read as production reads them: from the environment, in a fresh process."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

SHARED_CACHES = {"forum.core.cache.DatabaseCache", "forum.core.cache.RedisWithDatabaseFallback"}
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-like-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "forum.example",
    "DATABASE_URL": "postgres://unused@localhost/forum",
    # Empty is unset, and masks a developer's .env.
    "REDIS_URL": "",
    "SITE_URL": "",
    "ACCOUNT_EMAIL_VERIFICATION": "",
}


def settings_with(**environment):
    """The settings module's values with this environment on top of production's."""
    env = {**os.environ, **PRODUCTION, **environment}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    names = "{name: value for name, value in vars(s).items() if name.isupper()}"
    code = f"import json, forum.settings as s; print(json.dumps({names}, default=str))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "environment", [{}, {"REDIS_URL": "redis://cache.internal:6379/0"}, {"DEBUG": "1"}], ids=["plain", "redis", "debug"]
)
def test_no_settings_use_a_cache_of_one_process(environment):
    """A per-process cache (locmem, the default) counts each gunicorn worker's logins apart."""
    caches = settings_with(**environment)["CACHES"]
    assert {cache["BACKEND"] for cache in caches.values()} <= SHARED_CACHES


def test_the_cache_is_the_database_table_unless_redis_is_configured():
    assert settings_with()["CACHES"]["default"]["LOCATION"] == "forum_cache"
    redis = settings_with(REDIS_URL="redis://cache.internal:6379/0")["CACHES"]["default"]
    assert redis["BACKEND"] == "forum.core.cache.RedisWithDatabaseFallback"
    assert redis["LOCATION"] == "redis://cache.internal:6379/0"
    assert redis["OPTIONS"]["FALLBACK_TABLE"] == "forum_cache"  # while Redis is down


def test_the_test_suite_runs_with_the_production_cache():
    assert settings.CACHES == settings_with()["CACHES"]


def test_production_makes_email_verification_mandatory_and_prevents_enumeration():
    production = settings_with()
    assert production["ACCOUNT_EMAIL_VERIFICATION"] == "mandatory" and production["ACCOUNT_PREVENT_ENUMERATION"] is True
    assert settings_with(DEBUG="1")["ACCOUNT_EMAIL_VERIFICATION"] == "optional"
    assert settings_with(ACCOUNT_EMAIL_VERIFICATION="optional")["ACCOUNT_EMAIL_VERIFICATION"] == "optional"


def test_one_authentication_backend_so_one_password_hash_per_login():
    assert settings_with()["AUTHENTICATION_BACKENDS"] == ["accounts.auth_backends.AuthenticationBackend"]


def test_the_site_url_is_the_first_allowed_host_unless_set():
    assert settings_with()["SITE_URL"] == "https://forum.example"
    assert settings_with(SITE_URL="https://www.forum.example/")["SITE_URL"] == "https://www.forum.example"
    assert settings_with(DEBUG="1", PORT="8001")["SITE_URL"] == "http://127.0.0.1:8001"
    assert settings_with(ALLOWED_HOSTS=".forum.example")["SITE_URL"] == ""  # a pattern: accounts.E001 asks for it


@pytest.mark.parametrize(
    ("site_url", "problem"),
    [
        ("forum.example", "accounts.E001"),
        ("https://forum.example/forum", "accounts.E001"),
        ("https://evil.example", "accounts.E002"),
    ],
)
def test_a_site_url_that_is_not_this_site_fails_the_system_checks(settings, site_url, problem):
    from accounts.checks import site_url_check

    settings.SITE_URL = site_url
    assert [error.id for error in site_url_check(None)] == [problem]


def test_the_tests_site_url_passes_the_system_checks():
    from accounts.checks import site_url_check

    assert site_url_check(None) == []
