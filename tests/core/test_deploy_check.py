import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_production_settings_pass_check_deploy():
    """`manage.py check --deploy` is clean with production settings (DEBUG off, real secret)."""
    env = {
        **{name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-production-like-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "forum.example",
        "DATABASE_URL": "postgres://unused@localhost/forum",
        "DJANGO_SETTINGS_MODULE": "forum.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(settings.BASE_DIR), env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "", "DATABASE_URL": "postgres://unused@localhost/forum"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", "import forum.settings"],
        cwd=Path(settings.BASE_DIR), env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0 and "Set SECRET_KEY" in result.stderr
