"""The seed post: patrick.net's page as the original shows it, read from seed_title.txt and
seed_body.md beside this file. The demo data and the tests both take its text from here, so it is
written down once (tests/core/test_demo_data.py checks it against tests/reference/seed-page.txt).

No models are imported here: the browser tests' conftest reads the text while pytest collects."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings

HERE = Path(__file__).resolve().parent
SEED_AUTHOR = "zzyzzx"
SEED_VIEWS = 192


def seed_created_at():
    """2017 Nov 9, 10:29am in the site's timezone, as the seed page shows it."""
    return datetime(2017, 11, 9, 10, 29, tzinfo=ZoneInfo(settings.TIME_ZONE))


def seed_title():
    return (HERE / "seed_title.txt").read_text().strip()


def seed_body():
    """Markdown: paragraphs separated by blank lines."""
    return (HERE / "seed_body.md").read_text().strip()


def seed_paragraphs():
    return seed_body().split("\n\n")
