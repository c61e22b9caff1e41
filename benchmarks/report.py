"""docs/PERFORMANCE.md from one run of benchmarks/run.py."""

import re

import sqlparse

from benchmarks import data, servers

# The targets the project tracks (stated in the report, never asserted).
THREAD_PAGES = ("seed", "thread_last", "thread_middle")
LIST_PAGES = ("home", "profile")  # "home and every list page: at least 30% logged out"
FLOOR = "floor"  # robots.txt: not a target, the floor under every page (run.py)
VISITOR_SHARE_TARGET = 0.30
VISITOR_P99_TARGET_MS = 50
MEMBER_SHARE_TARGET = 0.10
SQL_TARGET = 10
GROWTH_TARGET = 1.5
AUDIENCE_LABELS = {"visitor": "logged out", "member": "member"}
# Where sessions live, by SESSION_ENGINE: (what the caches hold for them, where they are kept).
SESSION_STORES = {
    "django.contrib.sessions.backends.db": ("", "sessions in PostgreSQL"),
    "accounts.sessions": ("", "sessions in PostgreSQL, a member's read with the member by a prepared statement"),
    "django.contrib.sessions.backends.cached_db": (
        ", sessions",
        "sessions kept in PostgreSQL and read through that cache (written to both)",
    ),
    "django.contrib.sessions.backends.cache": (", sessions", "sessions in that cache only"),
    "django.contrib.sessions.backends.signed_cookies": ("", "sessions in signed cookies"),
}


def sql_count(result, health_check):
    return len(result["queries"]["steady"]) + health_check


def write_report(path, *, when, machine, facts, full_timer, demo_timer, demo_facts, full, demo, ceilings,
                 explains, elapsed, health_check, rounds):  # fmt: skip
    minimal = ceilings["minimal"]["load"].requests_per_second
    nginx = ceilings["nginx"]["load"].requests_per_second
    lines = []
    add = lines.append

    add("# Performance")
    add("")
    add(
        f"Written by `make bench` (`benchmarks/run.py`) on {when:%Y-%m-%d %H:%M %Z}; the whole run took "
        f"{elapsed / 60:.1f} minutes. Re-run `make bench` to refresh every figure here: nothing in this file is "
        "typed by hand."
    )
    add("")
    add("## How to read this")
    add("")
    in_cache, sessions = SESSION_STORES.get(
        machine["session_engine"], ("", f"sessions through `{machine['session_engine']}`")
    )
    add(
        f"Each page is served by gunicorn ({servers.WORKERS} sync workers, production settings: DEBUG off, "
        "hashed static files, the real middleware; the caches (rendered pages, rate limits"
        f"{in_cache}) in a Redis the benchmark starts on the loopback, given by `REDIS_URL` as in production, "
        f"each forum in a Redis database of its own; {sessions}) and loaded over the "
        f"loopback with `wrk -t{servers.THREADS} -c{servers.CONNECTIONS} -d{servers.DURATION}s --latency` after "
        f"a {servers.WARMUP}-second warm-up. Each page ran {rounds} times, full and demo size back to back, and "
        f"the best run counts; {_spread_sentence(full, demo, ceilings)} **req/s** is throughput with "
        f"{servers.CONNECTIONS} requests always in flight, so **p50/p99** latency includes waiting for one of the "
        f"{servers.WORKERS} workers. The ceilings, measured the same way in the same run, are a **minimal Django** "
        "view (Django's security, common, CSRF and clickjacking middleware, no database, a fixed 10 kB page: "
        "the most a Django page can do here) and **nginx** serving a saved copy of the thread's last page (the "
        "machine with no Python at all). **SQL** counts the queries of one request in the steady state, from an "
        "in-process request through Django's test client on the same database and the same Redis (reading the "
        "cache is no query), the connection health check included where Django sends one (a `SELECT 1` "
        "before a request's first query, unless that query is the check itself: forum/core/compiled.py); "
        "a bracketed count is the first request's, "
        "with caches cold. **bytes** is the response body. Logged-out requests carry no cookies (a first visit, "
        "or a crawler); member requests carry the session of a member logged in through the login form. Post "
        "pages count a view per request, as page loads do. **others' CPU** is the share of the machine's CPU "
        "that processes other than the benchmark's (its servers and Redis, wrk, its PostgreSQL) took during the "
        "counted run: above a few percent, that run was slowed by other work on a shared machine; compare "
        "figures within one run rather than across runs."
    )
    add("")

    add("## Machine")
    add("")
    add(f"- {machine['cpu']}, `nproc` {machine['nproc']}, {machine['memory_gb']:.1f} GB memory; {machine['os']}")
    add(
        f"- Python {machine['python']}, Django {machine['django']}, gunicorn {machine['gunicorn']}, "
        f"PostgreSQL {machine['postgres']} (embedded, default configuration: shared_buffers "
        f"{machine['shared_buffers']}), Redis {machine['redis']} (Debian's redis-server, no persistence), "
        f"{machine['wrk']}, {machine['nginx']}"
    )
    before, after = machine["load_before"], machine["load_after"]
    add(
        f"- Load average (1, 5, 15 min) before the run {before[0]:.2f} {before[1]:.2f} {before[2]:.2f}, "
        f"after {after[0]:.2f} {after[1]:.2f} {after[2]:.2f}: anything above 0 before the run is other work "
        "competing for the 2 cores."
    )
    add("")

    add("## Data")
    add("")
    add("| | full size | demo size |")
    add("|---|---:|---:|")
    add(f"| members | {facts['members']:,} | {demo_facts['members']:,} |")
    add(f"| anonymous identities | {facts['anonymous']:,} | {demo_facts['anonymous']:,} |")
    add(f"| posts | {facts['posts']:,} | {demo_facts['posts']:,} |")
    add(f"| comments | {facts['comments']:,} | {demo_facts['comments']:,} |")
    longest = f"{full['thread_comments']:,} | {demo['thread_comments']:,}"
    add(f"| longest thread (the one measured), numbered comments | {longest} |")
    add(f"| database size | {facts['database_size']} | |")
    add("")
    add(
        f"Full size: {facts['members']:,} members with verified emails (one password hash, computed once), "
        f"{facts['anonymous']:,} anonymous identities, {facts['posts'] - 1:,} posts over ten years (every 20th "
        "held, every 50th NSFW) plus the seed post, "
        f"{facts['comments']:,} comments of about 300 characters ({data.ANONYMOUS_SHARE:.0%} anonymous; "
        f"{facts['pending']:,} waiting for approval, unnumbered), spread heavy-tailed: "
        f"{facts['posts_without_comments']:,} posts have none, the busiest ordinary thread "
        f"{facts['largest_other_thread']:,}, and one thread exactly "
        f"{data.BIG_THREAD_COMMENTS:,}. Comments were inserted in order of writing across the whole forum, "
        "as a live site writes them. "
        f"{facts['watches']:,} watches, {facts['follows']:,} follows, {facts.get('likes', 0):,} likes and dislikes. "
        "All generated inside PostgreSQL "
        "(`INSERT ... SELECT generate_series`), counters recounted from the comments, then `VACUUM ANALYZE`. "
        f"**Generation took {full_timer.total:.0f} s**:"
    )
    add("")
    add("| step | seconds |")
    add("|---|---:|")
    for name, seconds in full_timer.steps:
        add(f"| {name} | {seconds:.1f} |")
    add("")
    add(
        f"Demo size: the demo forum `manage.py load_demo_data` loads (`build_demo_forum()`), in a second "
        "database on the same server, plus the "
        f"benchmark's member, {demo_timer.total:.0f} s."
    )
    add("")

    add("## Targets")
    add("")
    add("| target | result | |")
    add("|---|---|---|")
    for target, result, ok in targets(full, demo, minimal, health_check):
        add(f"| {target} | {result} | {'pass' if ok else '**FAIL**'} |")
    add("")
    floor = {audience: full["results"][FLOOR, audience]["load"].requests_per_second for audience in AUDIENCE_LABELS}
    add(
        f"For scale, the floor under every page: `robots.txt` (the forum's whole middleware stack under the same "
        f"gunicorn, no query, a 200-byte template) reaches {floor['visitor'] / minimal:.0%} of minimal Django "
        f"logged out and {floor['member'] / minimal:.0%} as a member (whose session and member are read: one "
        "statement). What a page does beyond that is its own cost."
    )
    add("")

    add("## Ceilings")
    add("")
    add("Measured before and after the pages; the better run counts.")
    add("")
    add("| server | req/s | before | after | p50 ms | p99 ms | bytes | others' CPU |")
    add("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, key in (
        (f"minimal Django (gunicorn, {servers.WORKERS} sync workers)", "minimal"),
        (f"nginx ({servers.WORKERS} workers), the thread's last page as a static file", "nginx"),
    ):
        load, runs = ceilings[key]["load"], ceilings[key]["runs"]
        add(
            f"| {label} | {load.requests_per_second:,.0f} | {runs[0].requests_per_second:,.0f} | "
            f"{runs[-1].requests_per_second:,.0f} | {load.p50_ms:.2f} | {load.p99_ms:.2f} | "
            f"{ceilings[key]['bytes']:,} | {load.others_cpu:.0%} |"
        )
    add("")

    for title, site in (("Full size", full), ("Demo size", demo)):
        add(f"## {title}")
        add("")
        add("| page | req/s | % of minimal Django | % of nginx | p50 ms | p99 ms | SQL | bytes | others' CPU |")
        add("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        notes = []
        for page in site["pages"]:
            for audience in ("visitor", "member"):
                result = site["results"][page.key, audience]
                load = result["load"]
                first = len(result["queries"]["first"]) + health_check
                sql = f"{sql_count(result, health_check)}" + (
                    f" ({first})" if first != sql_count(result, health_check) else ""
                )
                if load.bad_responses or load.socket_errors:
                    notes.append(
                        f"{page.label}, {AUDIENCE_LABELS[audience]}: {load.bad_responses} responses other than "
                        f"2xx/3xx and {load.socket_errors} socket errors out of {load.requests:,}."
                    )
                add(
                    f"| {page.label}, {AUDIENCE_LABELS[audience]} | {load.requests_per_second:,.0f} | "
                    f"{load.requests_per_second / minimal:.0%} | {load.requests_per_second / nginx:.1%} | "
                    f"{load.p50_ms:.1f} | {load.p99_ms:.1f} | {sql} | {result['bytes']:,} | {load.others_cpu:.0%} |"
                )
        add("")
        for note in notes:
            add(f"- {note}")
        if notes:
            add("")

    add("## How cost grows: full size against demo size")
    add("")
    add(
        f"The same pages on {demo['thread_comments']:,}-comment and {full['thread_comments']:,}-comment threads "
        "(the thread's middle page is another page number at each size), among "
        f"{demo_facts['posts']:,} and {facts['posts']:,} posts."
    )
    add("")
    add("| page | p50 full | p50 demo | × | p99 full | p99 demo | × | req/s full | req/s demo |")
    add("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for page, demo_page in zip(full["pages"], demo["pages"], strict=True):
        for audience in ("visitor", "member"):
            big = full["results"][page.key, audience]["load"]
            small = demo["results"][demo_page.key, audience]["load"]
            add(
                f"| {page.key.replace('_', ' ')}, {AUDIENCE_LABELS[audience]} | {big.p50_ms:.1f} | "
                f"{small.p50_ms:.1f} | {big.p50_ms / small.p50_ms:.2f} | {big.p99_ms:.1f} | {small.p99_ms:.1f} | "
                f"{big.p99_ms / small.p99_ms:.2f} | {big.requests_per_second:,.0f} | "
                f"{small.requests_per_second:,.0f} |"
            )
    add("")

    add("## Hot queries at full size: EXPLAIN (ANALYZE, BUFFERS)")
    add("")
    add(
        "The queries as the pages ran them for a logged-out reader (taken from the query log of the in-process "
        "requests, the first one included, where caches are cold), explained against the full-size database "
        "after the load runs."
    )
    add("")
    for item in explains:
        add(f"### {item['title']}")
        add("")
        if not item["plans"]:
            add("Not run by the page (served from a cache, or the page no longer asks this way).")
            add("")
        for sql, plan in item["plans"]:
            add("```sql")
            add(sqlparse.format(sql, reindent=True, keyword_case="upper").strip())
            add("```")
            add("")
            add("```")
            add(plan)
            add("```")
            add("")

    add("## Every query, full size")
    add("")
    add(
        "What each page asks the database in the steady state (the first request's extra queries, with caches "
        "cold, are listed after a `+`). Long statements are cut."
    )
    add("")
    for page in full["pages"]:
        for audience in ("visitor", "member"):
            queries = full["results"][page.key, audience]["queries"]
            add(f"**{page.label}, {AUDIENCE_LABELS[audience]}** ({len(queries['steady'])} statements)")
            add("")
            for number, sql in enumerate(queries["steady"], 1):
                add(f"{number}. `{_short(sql)}`")
            extra = _extra(queries["first"], queries["steady"])
            for sql in extra:
                add(f"- \\+ `{_short(sql)}`")
            add("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines).rstrip() + "\n")


def _spread_sentence(full, demo, ceilings):
    """How far apart the runs of one page were: the noise to allow for in these figures."""
    spreads = []
    for result in [*ceilings.values(), *full["results"].values(), *demo["results"].values()]:
        rates = [load.requests_per_second for load in result["runs"]]
        if len(rates) > 1:
            spreads.append((max(rates) - min(rates)) / max(rates))
    if not spreads:
        return ""
    spreads.sort()
    return (
        f"the runs of one page differed by {spreads[len(spreads) // 2]:.0%} in req/s at the median and by "
        f"{spreads[-1]:.0%} at most, so read differences smaller than that as noise."
    )


def _short(sql, limit=220):
    sql = " ".join(sql.split()).replace("`", "'")
    return sql if len(sql) <= limit else sql[: limit - 1] + "…"


def _shape(sql):
    """A statement without its values: two requests' queries compare equal when only those differ."""
    return re.sub(r"\b\d+(\.\d+)?\b", "?", re.sub(r"'[^']*'", "?", sql))


def _extra(first, steady):
    """The first request's queries that the steady state does without."""
    remaining = [_shape(sql) for sql in steady]
    extra = []
    for sql in first:
        if _shape(sql) in remaining:
            remaining.remove(_shape(sql))
        else:
            extra.append(sql)
    return extra


def targets(full, demo, minimal, health_check):
    rows = []
    for key in THREAD_PAGES:
        page = next(page for page in full["pages"] if page.key == key)
        load = full["results"][key, "visitor"]["load"]
        share = load.requests_per_second / minimal
        rows.append(
            (
                f"{page.label}, logged out: ≥ {VISITOR_SHARE_TARGET:.0%} of minimal Django, "
                f"p99 < {VISITOR_P99_TARGET_MS} ms",
                f"{share:.0%}, p99 {load.p99_ms:.1f} ms",
                share >= VISITOR_SHARE_TARGET and load.p99_ms < VISITOR_P99_TARGET_MS,
            )
        )
    for key in LIST_PAGES:
        page = next(page for page in full["pages"] if page.key == key)
        share = full["results"][key, "visitor"]["load"].requests_per_second / minimal
        rows.append(
            (
                f"{page.label}, logged out: ≥ {VISITOR_SHARE_TARGET:.0%} of minimal Django",
                f"{share:.0%}",
                share >= VISITOR_SHARE_TARGET,
            )
        )
    shares = {
        page.label: full["results"][page.key, "member"]["load"].requests_per_second / minimal
        for page in full["pages"]
        if page.key != FLOOR
    }
    worst = min(shares, key=shares.get)
    rows.append(
        (
            f"member pages: ≥ {MEMBER_SHARE_TARGET:.0%} of minimal Django",
            f"lowest {shares[worst]:.0%} ({worst})",
            shares[worst] >= MEMBER_SHARE_TARGET,
        )
    )
    counts = {
        (size, page.label, audience): sql_count(site["results"][page.key, audience], health_check)
        for size, site in (("full", full), ("demo", demo))
        for page in site["pages"]
        for audience in ("visitor", "member")
    }
    most = max(counts, key=counts.get)
    over = [key for key, count in counts.items() if count > SQL_TARGET]
    rows.append(
        (
            f"every page: ≤ {SQL_TARGET} SQL queries, health check included",
            f"most {counts[most]} ({most[1]}, {AUDIENCE_LABELS[most[2]]}, {most[0]} size)"
            + (f"; {len(over)} over" if over else ""),
            not over,
        )
    )
    ratios = {}
    for page, demo_page in zip(full["pages"], demo["pages"], strict=True):
        for audience in ("visitor", "member"):
            big = full["results"][page.key, audience]["load"].p50_ms
            small = demo["results"][demo_page.key, audience]["load"].p50_ms
            ratios[page.label, audience] = big / small
    worst = max(ratios, key=ratios.get)
    rows.append(
        (
            f"full size within {GROWTH_TARGET}× the demo size's p50 latency",
            f"worst {ratios[worst]:.2f}× ({worst[0]}, {AUDIENCE_LABELS[worst[1]]})",
            ratios[worst] <= GROWTH_TARGET,
        )
    )
    return rows
