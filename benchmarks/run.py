"""Benchmarks: page and query timings on a forum of a million posts. `make bench` writes bench-report.md.

Timings, not tests: they vary with the machine, so nothing here fails on a number. The suite pins
query counts instead (tests/posts/test_views.py).
"""

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from forum.posts.models import Post  # noqa: E402
from tests.factories import make_thread, make_user  # noqa: E402

POSTS = int(os.environ.get("BENCH_POSTS", "1000000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "50"))
REPORT = Path(__file__).resolve().parent.parent / "bench-report.md"


def fill(author):
    """POSTS posts in one INSERT ... SELECT; every 20th held, so 'visible' has gaps."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO posts_post (author_id, title, slug, body, body_html, excerpt, first_image_url, status,
                                    is_nsfw, created_at, latest_activity_at, view_count, comment_count)
            SELECT %s, 'Post ' || n, 'post-' || n, 'Body of post ' || n, '<p>Body of post ' || n || '</p>',
                   'Body of post ' || n, '', CASE WHEN n %% 20 = 0 THEN 'held' ELSE 'published' END,
                   n %% 50 = 0, now() - (%s - n) * interval '1 minute',
                   now() - (%s - n) * interval '1 minute', n %% 1000, 0
            FROM generate_series(1, %s) AS n
            """,
            [author.pk, POSTS, POSTS, POSTS],
        )
        cursor.execute("ANALYZE posts_post")


def timed(function, repeat=REPEAT):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main():
    call_command("migrate", verbosity=0)
    if Post.objects.exists():
        sys.exit("The benchmark needs an empty database (make bench uses a throwaway one).")
    author = make_user("bench")
    started = time.perf_counter()
    fill(author)
    fill_seconds = time.perf_counter() - started
    middle = Post.objects.visible().order_by("id")[POSTS // 2]
    make_thread(middle, 400)
    client = Client()
    visible = Post.objects.visible()
    rows = [
        ("home page (GET /)", timed(lambda: client.get("/"))),
        ("home page 50 (GET /?page=50)", timed(lambda: client.get("/?page=50"))),
        ("post page, 400 comments, last page", timed(lambda: client.get(middle.get_absolute_url()))),
        ("post page, first comment page", timed(lambda: client.get(middle.get_absolute_url() + "?page=1"))),
        ("random post (query)", timed(lambda: visible.random())),
        ("random post (GET /random)", timed(lambda: client.get("/random"))),
        ("previous post (query)", timed(lambda: visible.older_than(middle).first())),
        ("next post (query)", timed(lambda: visible.newer_than(middle).first())),
    ]
    lines = [
        "# Benchmark report",
        "",
        f"{POSTS:,} posts (every 20th held, every 50th NSFW), one thread of 400 comments;",
        f"PostgreSQL {connection.pg_version // 10000}, Django test client in-process, {REPEAT} runs each,",
        f"{os.cpu_count()} cores. Filling the table took {fill_seconds:.1f} s.",
        "",
        "| what | median ms | p95 ms |",
        "|---|---:|---:|",
        *[f"| {name} | {median:.1f} | {p95:.1f} |" for name, (median, p95) in rows],
        "",
    ]
    REPORT.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
