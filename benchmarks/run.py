"""The benchmark behind `make bench`: the forum served by gunicorn as in production, loaded with
wrk, at full size (2 million comments) and at demo size, against two ceilings measured in the same
run (a minimal Django view, and nginx serving a saved page). Writes docs/PERFORMANCE.md.

    python -m forum.embedded_postgres --throwaway -- python -m benchmarks.run

It needs an empty database in DATABASE_URL (the throwaway server gives one) and creates a second
one beside it, `<name>_demo`, for the demo forum. It starts a Redis of its own on the loopback for
the caches (REDIS_URL, as production runs), before Django reads its settings. Timings, never
tests: nothing here fails on a number; the report says which of the project's targets were met.

To try changes to the benchmark quickly: BENCH_SCALE=0.05 (a forum a twentieth the size),
BENCH_DURATION=2 and BENCH_WARMUP=1 (seconds of wrk), BENCH_ROUNDS=1. The report is meant to
come from a run without them.
"""

import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from math import ceil
from pathlib import Path

# Settings are read once, at django.setup() in main(), after Redis is started and REDIS_URL names
# it: nothing imported here may read them (main() checks).
os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
_STATIC = tempfile.mkdtemp(prefix="forum-bench-static-")
os.environ["BENCH_STATIC_ROOT"] = _STATIC

import django  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from benchmarks import data, servers  # noqa: E402
from benchmarks.report import FLOOR, write_report  # noqa: E402

REPORT = Path(__file__).resolve().parent.parent / "docs" / "PERFORMANCE.md"
# CONN_HEALTH_CHECKS: a request whose first query Django sends itself begins with a `SELECT 1`;
# one whose first query doubles as the check (forum/core/compiled.py) or that sends none does not.
# Counted as they happen (count_queries), so nothing is added on top.
HEALTH_CHECK_SQL = "SELECT 1 -- the connection's health check"
AUDIENCES = ("visitor", "member")
# wrk runs per page and size, interleaved; the best counts. BENCH_ROUNDS=1 to try things out.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
# Each forum's caches in a Redis database of its own, full size /0 and demo size /1: the same ids
# name other posts and members in the other forum, so one database would serve a page (or a
# thread's cached comments) of one forum to the other. The in-process requests follow the same
# split (using_database), so each forum's SQL counts see the entries its gunicorn sees.
REDIS_DATABASES = {"full": 0, "demo": 1}


@dataclass
class Page:
    key: str
    label: str
    path: str
    status: int = 200


def _raise_system_exit(signum, frame):
    raise SystemExit(128 + signum)


@contextmanager
def using_database(name, cache_url):
    """Point Django's default connection at another database of the same server, and its caches
    at that forum's Redis database."""
    from django.contrib.contenttypes.models import ContentType

    default = connections["default"]
    previous = default.settings_dict["NAME"]
    default.close()
    default.settings_dict["NAME"] = name
    ContentType.objects.clear_cache()
    try:
        # override_settings rebuilds the cache handler (django.test.signals.clear_cache_handlers).
        with override_settings(CACHES=caches_at(cache_url)):
            yield
    finally:
        default.close()
        default.settings_dict["NAME"] = previous
        ContentType.objects.clear_cache()


def start_redis(processes, scratch, log):
    """The caches' Redis, and REDIS_URL naming it for the settings about to be read (the full-size
    forum's database in it): the URL of each forum's database."""
    if settings.configured:
        raise RuntimeError("settings were read before Redis was started: CACHES would not use it")
    port = servers.start_redis(processes, scratch / "redis", log=log)
    urls = {size: f"redis://{servers.HOST}:{port}/{db}" for size, db in REDIS_DATABASES.items()}
    os.environ["REDIS_URL"] = urls["full"]
    os.environ["PAGE_CACHE_URL"] = ""  # pages in the same Redis, whatever a .env says (its default)
    return port, urls


def caches_at(url):
    """settings.CACHES with every cache in the Redis database at `url` (fallback tables unchanged)."""
    if not settings.REDIS_URL:
        raise RuntimeError("the benchmark's caches are not in Redis")
    return {alias: {**params, "LOCATION": url} for alias, params in settings.CACHES.items()}


def database_url(name):
    url = os.environ["DATABASE_URL"]
    return url.rsplit("/", 1)[0] + "/" + name


def create_database(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone():
            cursor.execute(f"DROP DATABASE {connection.ops.quote_name(name)}")
        cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")


# The pages


def pages_of_this_forum():
    """The pages measured, found in whichever forum the default connection points at: the
    seed post, the longest thread's last and middle pages, /random, the seed author's profile,
    and robots.txt, the floor under them all."""
    from forum.comments.models import PER_PAGE
    from forum.core.demo.seed import SEED_AUTHOR, seed_title
    from forum.posts.models import Post

    seed = Post.objects.get(author__username=SEED_AUTHOR, title=seed_title())
    thread = Post.objects.visible().filter(is_nsfw=False).order_by("-comment_count", "id").first()
    written = Post.objects.filter(author__username=SEED_AUTHOR).count()
    last = max(1, ceil(thread.comment_count / PER_PAGE))
    middle = (last + 1) // 2
    return thread, [
        Page("home", "home", "/"),
        Page("seed", f"seed post ({seed.comment_count} comments)", seed.get_absolute_url()),
        Page("thread_last", f"thread, last page ({last})", f"{thread.get_absolute_url()}?page={last}"),
        Page("thread_middle", f"thread, middle page ({middle})", f"{thread.get_absolute_url()}?page={middle}"),
        Page("random", "random (the redirect)", "/random", 302),
        Page("profile", f"profile of {SEED_AUTHOR} ({written:,} posts)", f"/user/{SEED_AUTHOR}"),
        # Not a target: the floor under every page, the forum's own middleware and gunicorn with
        # no query (a member's session aside) and a 200-byte template.
        Page(FLOOR, "robots.txt (the forum's floor)", "/robots.txt"),
    ]


def count_queries(path, session=None, repeat=3):
    """The SQL one request runs, in-process through Django's test client against the same
    database: the first request (caches cold) and the steady state (fewest of the next ones)."""
    runs = []
    for _ in range(1 + repeat):
        client = Client()  # a new browser each time, as wrk's requests are: no cookies but the session
        if session:
            client.cookies["sessionid"] = session
        runs.append(_statements_of(client, path))
    steady = min(runs[1:], key=lambda run: len(run[1]))
    return {"status": steady[0], "first": runs[0][1], "steady": steady[1], "most": max(len(q) for _, q in runs[1:])}


def _statements_of(client, path):
    """(status, the SQL of one request), each health check Django sent in its place."""
    default = connections["default"]
    is_usable = default.is_usable  # the check: a `SELECT 1` on the raw connection, never captured
    checks = []
    # What close_old_connections does as each request over gunicorn starts (the test client skips
    # it): a kept connection is checked again before the request's first query.
    default.health_check_done = default.connection is None
    with CaptureQueriesContext(connection) as captured:
        default.is_usable = lambda: checks.append(len(captured.captured_queries)) or is_usable()
        try:
            response = client.get(path)
        finally:
            del default.is_usable
    statements = [query["sql"] for query in captured.captured_queries]
    for position in reversed(checks):
        statements.insert(position, HEALTH_CHECK_SQL)
    return response.status_code, statements


def sql_per_request(database, cache_url):
    """The pages of one forum and, in-process, the SQL each request runs (the first request with
    caches cold, then the steady state), for a visitor and for the logged-in member, with the
    caches in the Redis database the forum's gunicorn uses after."""
    with using_database(database, cache_url):
        thread, pages = pages_of_this_forum()
        session = log_in_process(data.BENCH_MEMBER, data.BENCH_PASSWORD)
        results = {}
        for page in pages:
            for audience in AUDIENCES:
                queries = count_queries(page.path, session if audience == "member" else None)
                if queries["status"] != page.status:
                    raise RuntimeError(f"{page.path} as {audience}: status {queries['status']}, expected {page.status}")
                results[page.key, audience] = {"queries": queries, "runs": []}
    return {
        "database": database,
        "cache_url": cache_url,
        "pages": pages,
        "results": results,
        "thread_comments": thread.comment_count,
    }


def log_in_process(login, password):
    """The member's session for the in-process requests, through the same login form."""
    client = Client()
    response = client.post("/accounts/login/", {"login": login, "password": password})
    if response.status_code != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"logging in as {login} in-process failed (status {response.status_code})")
    return client.cookies["sessionid"].value


def measure(processes, scratch, sites, log):
    """Every server up at once (idle ones cost nothing), then wrk on one at a time: each page at
    both sizes back to back, ROUNDS times, so that other work on the machine weighs on both alike;
    the ceilings before and after. The best round counts (other work only ever slows a run down)."""
    print(f"\n== gunicorn ({servers.WORKERS} sync workers) for each forum, and the two ceilings", flush=True)
    cpu = servers.CpuWatch(processes, postmaster_pid())
    before = len(processes.running)  # Redis: it stays up until the run ends
    for size, site in sites.items():
        env = {**os.environ, "DATABASE_URL": database_url(site["database"]), "REDIS_URL": site["cache_url"]}
        site["port"], _ = servers.start_gunicorn(processes, "forum.wsgi", env=env, log=log)
        site["session"] = servers.log_in(site["port"], data.BENCH_MEMBER, data.BENCH_PASSWORD)
        for page in site["pages"]:
            for audience in AUDIENCES:
                answer = servers.fetch(site["port"], page.path, headers=request_headers(site, audience))
                if answer.status != page.status:
                    raise RuntimeError(f"{size} {page.path} as {audience}: status {answer.status}")
                site["results"][page.key, audience].update(bytes=len(answer.body), body=answer.body)
    static_page = sites["full"]["results"]["thread_last", "visitor"]["body"]
    minimal_env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    minimal_port, _ = servers.start_gunicorn(
        processes, "benchmarks.minimal_django:application", env=minimal_env, log=log
    )
    nginx_port, _ = servers.start_nginx(processes, scratch / "nginx", {"thread.html": static_page}, log=log)
    ceilings = {
        "minimal": {"port": minimal_port, "path": "/", "bytes": len(servers.fetch(minimal_port, "/").body), "runs": []},
        "nginx": {"port": nginx_port, "path": "/thread.html", "bytes": len(static_page), "runs": []},
    }

    def run_ceilings(warm):
        for name, ceiling in ceilings.items():
            if warm:
                servers.wrk(ceiling["port"], ceiling["path"], duration=servers.WARMUP)
            load = servers.wrk(ceiling["port"], ceiling["path"], cpu=cpu)
            ceiling["runs"].append(load)
            print(
                f"  {name:<40} {load.requests_per_second:9.1f} req/s  other work {load.others_cpu:.0%} of the CPU",
                flush=True,
            )

    run_ceilings(warm=True)
    print(f"\n== the pages, {ROUNDS} rounds, full and demo size back to back", flush=True)
    for index in range(len(sites["full"]["pages"])):
        for audience in AUDIENCES:
            for round_ in range(ROUNDS):
                for size, site in sites.items():
                    this = site["pages"][index]
                    headers = [f"{name}: {value}" for name, value in request_headers(site, audience).items()]
                    if round_ == 0:
                        servers.wrk(site["port"], this.path, headers=headers, duration=servers.WARMUP)
                    load = servers.wrk(site["port"], this.path, headers=headers, cpu=cpu)
                    site["results"][this.key, audience]["runs"].append(load)
                    print(
                        f"  {size} {this.label:<28} {audience:<8} {load.requests_per_second:7.1f} req/s  "
                        f"p50 {load.p50_ms:6.1f} ms  p99 {load.p99_ms:6.1f} ms  others' CPU {load.others_cpu:4.0%}"
                        + (f"  {load.bad_responses} bad responses" if load.bad_responses else ""),
                        flush=True,
                    )
    print("\n== the ceilings again", flush=True)
    run_ceilings(warm=False)
    for result in [*ceilings.values(), *(r for site in sites.values() for r in site["results"].values())]:
        result["load"] = max(result["runs"], key=lambda load: load.requests_per_second)
    while len(processes.running) > before:
        processes.stop(processes.running[-1])
    return ceilings


def postmaster_pid():
    """The PostgreSQL server's process (its backends are its children): the benchmark's own CPU."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend,) = cursor.fetchone()
    try:
        with open(f"/proc/{backend}/stat") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1])
    except OSError:
        return None  # a server on another machine: its CPU is not this machine's


def request_headers(site, audience):
    return {"Cookie": f"sessionid={site['session']}"} if audience == "member" else {}


# EXPLAIN of the queries that matter most, as the pages ran them

HOT_QUERIES = [
    (
        "Comment page: a middle page of the 5,000-comment thread",
        "thread_middle",
        ['FROM "comments_comment"', '"number"'],
    ),
    (
        "Comment page: the last page, with the comments waiting for approval the reader may see",
        "thread_last",
        ['FROM "comments_comment"', '"number"'],
    ),
    ("Previous and next post (the seed post's neighbours)", "seed", ['FROM "posts_post"', '"created_at" <']),
    ("Random post (/random)", "random", ['FROM "posts_post"']),
    ("Home page list", "home", ['FROM "posts_post"', '"latest_activity_at" DESC']),
    ("Profile: the member's latest posts and their count", "profile", ['FROM "posts_post"']),
]


def explain_hot_queries(site):
    explained = []
    for title, page_key, needles in HOT_QUERIES:
        queries = site["results"][page_key, "visitor"]["queries"]
        found = []
        for sql in [*queries["first"], *queries["steady"]]:
            if sql.lstrip().upper().startswith(("SELECT", "(SELECT", "WITH")) and all(n in sql for n in needles):
                if sql not in found:
                    found.append(sql)
        plans = []
        with connection.cursor() as cursor:
            for sql in found[:3]:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plans.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
        explained.append({"title": title, "plans": plans})
    return explained


def machine_facts(redis_port):
    def first_line(command):
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=10).stdout.strip().splitlines()[0]
        except (OSError, IndexError, subprocess.SubprocessError):
            return "?"

    cpu = "?"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
        memory_kb = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        memory_kb = 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version'), current_setting('shared_buffers')")
        postgres, shared_buffers = cursor.fetchone()
    import gunicorn

    with servers.redis_client(redis_port) as client:
        redis_version = client.info("server")["redis_version"]

    return {
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "memory_gb": memory_kb / 1024 / 1024,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgres": postgres,
        "shared_buffers": shared_buffers,
        "gunicorn": gunicorn.__version__,
        "wrk": " ".join(first_line(["wrk", "--version"]).split()[:2]) if shutil.which("wrk") else "?",
        "nginx": subprocess.run(
            [servers._which("nginx") or "nginx", "-v"], capture_output=True, text=True
        ).stderr.strip(),
        "redis": redis_version,
        "session_engine": settings.SESSION_ENGINE,
        "load_before": os.getloadavg(),
    }


def main():
    signal.signal(signal.SIGTERM, _raise_system_exit)
    # Ctrl-C stops the run (and every server it started), even where a shell started it with
    # SIGINT ignored (a background job).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    started = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(prefix="forum-bench-"))
    try:
        with servers.Processes() as processes, open(scratch / "servers.log", "w") as log:
            servers.ensure_tools()
            redis_port, cache_urls = start_redis(processes, scratch, log)
            django.setup()
            from forum.core.demo.build import build_demo_forum

            full_db = connection.settings_dict["NAME"]
            demo_db = f"{full_db}_demo"
            print(
                f"Caches in Redis on port {redis_port}: full size {cache_urls['full']}, demo {cache_urls['demo']}",
                flush=True,
            )
            machine = machine_facts(redis_port)
            print(f"Static files into {_STATIC}", flush=True)
            call_command("collectstatic", interactive=False, verbosity=0)

            print(f"\n== full-size forum, database {full_db}", flush=True)
            call_command("migrate", interactive=False, verbosity=0)
            from forum.posts.models import Post

            if Post.objects.exists():
                sys.exit("The benchmark needs an empty database (make bench uses a throwaway one).")
            full_timer = data.Timer()
            facts = data.generate_full(full_timer)
            print(f"  generated in {full_timer.total:.0f} s", flush=True)

            print(f"\n== demo forum, database {demo_db}", flush=True)
            demo_timer = data.Timer()
            create_database(demo_db)
            with using_database(demo_db, cache_urls["demo"]):
                with demo_timer.step("migrate"):
                    call_command("migrate", interactive=False, verbosity=0)
                with demo_timer.step("the demo forum (what manage.py load_demo_data loads)"):
                    build_demo_forum()
                with connection.cursor() as cursor:
                    data.add_bench_member(cursor)
                    cursor.execute("VACUUM ANALYZE")
                demo_facts = demo_counts()

            full = sql_per_request(full_db, cache_urls["full"])
            demo = sql_per_request(demo_db, cache_urls["demo"])
            ceilings = measure(processes, scratch, {"full": full, "demo": demo}, log)
            explains = explain_hot_queries(full)
            machine["load_after"] = os.getloadavg()
    except BaseException as error:
        if isinstance(error, KeyboardInterrupt) or (
            isinstance(error, SystemExit) and error.code == 128 + signal.SIGTERM
        ):
            print("\nInterrupted: every server the benchmark started is stopped.", flush=True)
        log_file = scratch / "servers.log"
        if log_file.exists() and log_file.stat().st_size:
            print("\nThe servers said (last lines):\n" + "\n".join(log_file.read_text().splitlines()[-30:]))
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(_STATIC, ignore_errors=True)
    elapsed = time.perf_counter() - started
    write_report(
        REPORT,
        when=datetime.now().astimezone(),
        machine=machine,
        facts=facts,
        full_timer=full_timer,
        demo_timer=demo_timer,
        demo_facts=demo_facts,
        full=full,
        demo=demo,
        ceilings=ceilings,
        explains=explains,
        elapsed=elapsed,
        health_check=0,
        rounds=ROUNDS,
    )
    print(f"\nWrote {REPORT} in {elapsed / 60:.1f} minutes.", flush=True)


def demo_counts():
    from accounts.models import User
    from forum.anonymous.models import AnonymousIdentity
    from forum.comments.models import Comment
    from forum.posts.models import Post

    return {
        "members": User.objects.count(),
        "anonymous": AnonymousIdentity.objects.count(),
        "posts": Post.objects.count(),
        "comments": Comment.objects.count(),
    }


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
