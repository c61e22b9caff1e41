"""The benchmark's two forums: a full-size one generated in PostgreSQL, and the demo one.

Full size: 20,000 members, 50,000 anonymous visitors, 100,000 posts over ten years plus the seed
post, 2,000,000 comments (one thread of exactly 5,000), watches and follows. Rows are made by
`INSERT ... SELECT generate_series(...)` inside PostgreSQL, never saved through the ORM one by one.
Texts come from small pools rendered once by the forum's own Markdown renderer, so the stored HTML
is what the site would have stored. Every "random" choice is a hash of the row's number
(hashint8extended), so two runs generate the same forum.

Columns the generator does not know (a field added to a model since) get the model field's
default, so a new field with a default needs no change here.
"""

import os
import random
import time
from contextlib import contextmanager

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone
from django.utils.text import slugify

from forum.core.demo.content import SENTENCES, TITLES
from forum.core.demo.seed import SEED_AUTHOR, SEED_VIEWS, seed_body, seed_created_at, seed_title
from forum.markup import render_markdown

# BENCH_SCALE=0.05 makes a forum a twentieth the size, for trying the benchmark out quickly.
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
MEMBERS = round(20_000 * SCALE)
ANONYMOUS = round(50_000 * SCALE)
POSTS = round(100_000 * SCALE)
BIG_THREAD_COMMENTS = 5_000
COMMENTS = max(round(2_000_000 * SCALE), 2 * BIG_THREAD_COMMENTS)
BENCH_MEMBER = "bench"
BENCH_MEMBER_POSITION = MEMBERS // 2  # an ordinary member, neither prolific nor silent


def _big_thread_position():
    """Its place among the generated posts: half a year old (of ten), published, safe for work."""
    position = int(POSTS * 0.95) + 1
    while position % 20 == 0 or position % 50 == 0:
        position += 1
    return position


BIG_THREAD_POSITION = _big_thread_position()
BENCH_PASSWORD = "bench-password-not-a-secret"
ANONYMOUS_SHARE = 0.35  # of comments
PENDING_EVERY = 397  # the k-th comment of a thread waits for approval when k is a multiple of this
SPAM_EVERY = 1009  # ... is held as spam (numbered, shown as its reason)
COMMENT_POOL = 2_000
POST_POOL = 500

# u(n, seed): a uniform number in [0, 1) from a row's number, the same on every run.
UNIFORM = """
CREATE FUNCTION pg_temp.u(n bigint, seed bigint) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (hashint8extended(n, seed) & 2147483647)::float8 / 2147483648.0
"""


class Timer:
    """Seconds per step, in order, for the report."""

    def __init__(self):
        self.steps = []

    @contextmanager
    def step(self, name):
        started = time.perf_counter()
        yield
        self.steps.append((name, time.perf_counter() - started))
        print(f"  {name}: {self.steps[-1][1]:.1f} s", flush=True)

    @property
    def total(self):
        return sum(seconds for _, seconds in self.steps)


def defaults_for(model, given):
    """{column: value} for the model's NOT NULL columns missing from `given`: the field's
    default, so INSERTs written here survive a new field with a default."""
    extra = {}
    for field in model._meta.concrete_fields:
        if field.column in given or field.primary_key or field.null:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = timezone.now()
        else:
            value = field.get_default()
        if value is None:
            raise RuntimeError(f"benchmarks/data.py cannot fill {model._meta.db_table}.{field.column}: no default.")
        extra[field.column] = field.get_db_prep_save(value, connection)
    return extra


def insert_select(cursor, model, columns, source, params=None):
    """INSERT INTO model's table (columns) SELECT their expressions FROM source, adding the
    defaults of columns not named. `columns` maps column -> SQL expression; params are %(name)s."""
    params = dict(params or {})
    extra = defaults_for(model, columns)
    names = [*columns, *extra]
    values = [*columns.values(), *(f"%(default_{column})s" for column in extra)]
    params.update({f"default_{column}": value for column, value in extra.items()})
    table = model._meta.db_table
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(connection.ops.quote_name(n) for n in names)}) "
        f"SELECT {', '.join(values)} FROM {source}",
        params,
    )
    return cursor.rowcount


def id_range(cursor, table, where="TRUE"):
    """(first id, count) of rows just inserted in one statement; their ids must be consecutive."""
    cursor.execute(f"SELECT min(id), max(id), count(*) FROM {table} WHERE {where}")
    low, high, count = cursor.fetchone()
    if high - low + 1 != count:
        raise RuntimeError(f"{table}: ids of the generated rows are not consecutive")
    return low, count


# Pools of texts, rendered by the forum's renderer


def comment_pool(rng):
    bodies, htmls = [], []
    for index in range(COMMENT_POOL):
        paragraphs = [" ".join(rng.sample(SENTENCES, rng.randint(3, 7)))]
        if rng.random() < 0.2:
            paragraphs.append(" ".join(rng.sample(SENTENCES, rng.randint(1, 3))))
        if rng.random() < 0.08:
            paragraphs.insert(0, f"[member{index:05d} says](/comment/{index + 1}):\n\n> {rng.choice(SENTENCES)}")
        body = "\n\n".join(paragraphs)
        bodies.append(body)
        htmls.append(render_markdown(body).html)
    return bodies, htmls


IMAGES = [
    "https://upload.wikimedia.org/wikipedia/commons/3/3f/Fronalpstock_big.jpg",
    "https://upload.wikimedia.org/wikipedia/commons/a/a9/Example.jpg",
]


def post_pool(rng):
    pool = {"titles": [], "slugs": [], "bodies": [], "htmls": [], "excerpts": [], "images": []}
    for index in range(POST_POOL):
        title = rng.choice(TITLES) if index < len(TITLES) * 4 else f"{rng.choice(TITLES)} ({index})"
        paragraphs = [" ".join(rng.sample(SENTENCES, rng.randint(2, 6))) for _ in range(rng.randint(1, 5))]
        if rng.random() < 0.1:
            paragraphs.insert(1, rng.choice(IMAGES))
        body = "\n\n".join(paragraphs)
        rendered = render_markdown(body)
        pool["titles"].append(title)
        pool["slugs"].append(slugify(title)[:100].strip("-") or "post")
        pool["bodies"].append(body)
        pool["htmls"].append(rendered.html)
        pool["excerpts"].append(rendered.excerpt)
        pool["images"].append(rendered.first_image_url)
    return pool


# Moving indexes out of the way of a bulk load


def secondary_indexes(cursor, table):
    """[(kind, name, definition)] of the table's indexes other than its primary key, ready to
    recreate: plain indexes, and unique constraints (unless a foreign key leans on them)."""
    cursor.execute(
        """
        SELECT 'constraint', con.conname, pg_get_constraintdef(con.oid)
        FROM pg_constraint con
        WHERE con.conrelid = %(table)s::regclass AND con.contype IN ('u', 'x')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint fk WHERE fk.contype = 'f' AND fk.conindid = con.conindid)
        UNION ALL
        SELECT 'index', i.relname, pg_get_indexdef(i.oid)
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = %(table)s::regclass AND NOT x.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.oid)
        """,
        {"table": table},
    )
    return cursor.fetchall()


@contextmanager
def indexes_dropped(cursor, table, timer):
    """Drop the table's secondary indexes for the load and build them again afterwards: one sort
    per index instead of two million random insertions into each."""
    saved = secondary_indexes(cursor, table)
    for kind, name, _ in saved:
        if kind == "constraint":
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
        else:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with timer.step(f"{table}: rebuild {len(saved)} indexes and constraints"):
        for kind, name, definition in saved:
            if kind == "constraint":
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}")
            else:
                cursor.execute(definition)


def _bulk_session(cursor):
    """Session settings for loading: the connection is in autocommit, each statement commits."""
    cursor.execute("SET synchronous_commit = off")
    cursor.execute("SET work_mem = '256MB'")
    cursor.execute("SET maintenance_work_mem = '1GB'")
    cursor.execute(UNIFORM)
    try:
        # Superuser only (the embedded server's user is): no foreign-key triggers per row. The
        # generator makes every reference valid itself.
        cursor.execute("SET session_replication_role = replica")
    except Exception as error:  # an ordinary user on a real server: slower, same data
        print(f"  (foreign keys checked row by row: {error})")


# The full-size forum


def generate_full(timer):
    """Fill an empty, migrated database. Returns facts the benchmark needs (ids, counts)."""
    from accounts.models import Follow, User
    from forum.anonymous.models import AnonymousIdentity
    from forum.comments.models import Comment
    from forum.likes.models import Like
    from forum.posts.models import Post
    from forum.watches.models import Watch

    EmailAddress = _email_address_model()
    rng = random.Random(2017)
    with timer.step("render text pools (Markdown, in Python)"):
        bodies, htmls = comment_pool(rng)
        posts_pool = post_pool(rng)
        password = make_password(BENCH_PASSWORD)  # one hash, every member: a usable one

    with connection.cursor() as cursor:
        _bulk_session(cursor)

        with timer.step(f"{MEMBERS:,} members with verified emails"):
            insert_select(
                cursor,
                User,
                {
                    "password": "%(password)s",
                    "username": f"""CASE n WHEN 1 THEN %(seed_author)s WHEN {BENCH_MEMBER_POSITION} THEN %(bench)s
                                    ELSE 'member' || lpad(n::text, 5, '0') END""",
                    "first_name": "''",
                    "last_name": "''",
                    "email": f"""CASE n WHEN 1 THEN %(seed_author)s WHEN {BENCH_MEMBER_POSITION} THEN %(bench)s
                                 ELSE 'member' || lpad(n::text, 5, '0') END || '@example.com'""",
                    "is_superuser": "FALSE",
                    "is_staff": "FALSE",
                    "is_active": "TRUE",
                    "date_joined": "now() - interval '11 years' + interval '1 day' * (3650 * n / %(members)s::float8)",
                    "about": "CASE WHEN mod(n, 3) = 0 THEN 'Reading the forum since the bubble.' ELSE '' END",
                },
                "generate_series(1, %(members)s) AS n",
                {"password": password, "seed_author": SEED_AUTHOR, "bench": BENCH_MEMBER, "members": MEMBERS},
            )
            first_member, _ = id_range(cursor, User._meta.db_table)
            insert_select(
                cursor,
                EmailAddress,
                {"user_id": "id", "email": "email", "verified": "TRUE", "primary": "TRUE"},
                f"{User._meta.db_table}",
            )

        with timer.step(f"{ANONYMOUS:,} anonymous identities"):
            insert_select(
                cursor,
                AnonymousIdentity,
                {
                    # 7919 is odd, so n -> n * 7919 mod 2^20 is one-to-one: 50,000 distinct names.
                    "name": "'anon_' || lpad(to_hex(mod(n * 7919, 1048576)), 5, '0')",
                    "digest": "encode(sha256(convert_to('bench-visitor-' || n, 'UTF8')), 'hex')",
                    "network_digest": "encode(sha256(convert_to('bench-network-' || mod(n, 20000), 'UTF8')), 'hex')",
                    "created_at": "now() - interval '10 years' + interval '1 day' * (3640 * n / %(anonymous)s::float8)",
                    "last_seen_at": "now() - interval '1 day' * (10 * pg_temp.u(n, 7))",
                    "is_banned": "mod(n, 5000) = 0",
                },
                "generate_series(1, %(anonymous)s) AS n",
                {"anonymous": ANONYMOUS},
            )
            first_anonymous, _ = id_range(cursor, AnonymousIdentity._meta.db_table)

        with timer.step(f"{POSTS:,} posts and the seed post"):
            insert_select(
                cursor,
                Post,
                {
                    # Authors skewed: a few members write most posts (the seed's author most of all).
                    "author_id": "%(first_member)s + floor(%(members)s * power(pg_temp.u(n, 1), 3))::bigint",
                    "title": "(%(titles)s::text[])[1 + t]",
                    "slug": "(%(slugs)s::text[])[1 + t]",
                    "body": "(%(bodies)s::text[])[1 + b]",
                    "body_html": "(%(htmls)s::text[])[1 + b]",
                    "excerpt": "(%(excerpts)s::text[])[1 + b]",
                    "first_image_url": "(%(images)s::text[])[1 + b]",
                    "status": "CASE WHEN mod(n, 20) = 0 THEN 'held' ELSE 'published' END",
                    "is_nsfw": "mod(n, 50) = 0",
                    "created_at": "created",
                    "edited_at": "CASE WHEN mod(n, 17) = 0 THEN created + interval '2 hours' END",
                    "latest_activity_at": "created",
                    "view_count": "floor(20 + 5000 * power(pg_temp.u(n, 2), 4))::int",
                    "comment_count": "0",
                },
                """(SELECT n, floor(pg_temp.u(n, 3) * %(titles_count)s)::int AS t,
                           floor(pg_temp.u(n, 4) * %(bodies_count)s)::int AS b,
                           now() - interval '10 years'
                               + interval '10 years' * ((n - 1 + 0.9 * pg_temp.u(n, 5)) / %(posts)s) AS created
                    FROM generate_series(1, %(posts)s) AS n) AS g""",
                {
                    "first_member": first_member,
                    "members": MEMBERS,
                    "posts": POSTS,
                    "titles": posts_pool["titles"],
                    "slugs": posts_pool["slugs"],
                    "bodies": posts_pool["bodies"],
                    "htmls": posts_pool["htmls"],
                    "excerpts": posts_pool["excerpts"],
                    "images": posts_pool["images"],
                    "titles_count": len(posts_pool["titles"]),
                    "bodies_count": len(posts_pool["bodies"]),
                },
            )
            first_post, _ = id_range(cursor, Post._meta.db_table)
            seed = Post(author_id=first_member, created_at=seed_created_at(), view_count=SEED_VIEWS)
            seed.set_title(seed_title())
            seed.set_body(seed_body())
            seed.latest_activity_at = seed.created_at
            cursor.execute(
                f"INSERT INTO {Post._meta.db_table} ({', '.join(f.column for f in Post._meta.concrete_fields[1:])}) "
                f"VALUES ({', '.join(['%s'] * (len(Post._meta.concrete_fields) - 1))}) RETURNING id",
                [f.get_db_prep_save(f.pre_save(seed, True), connection) for f in Post._meta.concrete_fields[1:]],
            )
            seed_id = cursor.fetchone()[0]
            big_thread_id = first_post + BIG_THREAD_POSITION - 1

        with timer.step("plan: comments per post (heavy-tailed, exact total)"):
            # A quarter of posts get no comment; the rest a Lomax (Pareto) share, capped, scaled so that the
            # total is exact (largest remainders get the odd ones); the big thread has its 5,000.
            cursor.execute(
                f"""
                CREATE TEMP TABLE bench_plan AS
                WITH weights AS (
                    SELECT id AS post_id, created_at,
                           CASE WHEN pg_temp.u(id, 11) < 0.25 THEN 0
                                ELSE least(power(1 - pg_temp.u(id, 12), -1 / 1.3) - 1, 60) END AS weight
                    FROM {Post._meta.db_table} WHERE id NOT IN (%(big)s, %(seed)s)
                ), shares AS (
                    SELECT post_id, created_at, weight * %(spread)s / sum(weight) OVER () AS exact FROM weights
                ), whole AS (
                    SELECT post_id, created_at, floor(exact)::int AS n, exact - floor(exact) AS fraction FROM shares
                )
                SELECT post_id, created_at,
                       n + CASE WHEN row_number() OVER (ORDER BY fraction DESC, post_id)
                                     <= %(spread)s - sum(n) OVER () THEN 1 ELSE 0 END AS n
                FROM whole
                UNION ALL
                SELECT id, created_at, %(big_count)s FROM {Post._meta.db_table} WHERE id = %(big)s
                """,
                {
                    "big": big_thread_id,
                    "seed": seed_id,
                    "spread": COMMENTS - BIG_THREAD_COMMENTS,
                    "big_count": BIG_THREAD_COMMENTS,
                },
            )
            cursor.execute("SELECT sum(n), max(n) FILTER (WHERE post_id <> %s) FROM bench_plan", [big_thread_id])
            planned, largest_other = cursor.fetchone()
            assert planned == COMMENTS, planned

        comments_table = Comment._meta.db_table
        with indexes_dropped(cursor, comments_table, timer):
            with timer.step(f"{COMMENTS:,} comments, inserted in order of writing"):
                # A thread's k-th comment: time grows with k (bunched early in the thread's life), its
                # number is k less the waiting ones before it (none in the big thread, so that it has
                # exactly 5,000 numbered comments, 125 full pages); rows go in in time order, as a
                # live site writes them, so a page's 40 comments lie on 40 different heap pages.
                insert_select(
                    cursor,
                    Comment,
                    {
                        "post_id": "post_id",
                        "author_id": """CASE WHEN NOT anonymous THEN %(first_member)s
                                         + floor(%(members)s * power(pg_temp.u(key, 4), 2))::bigint END""",
                        "anonymous_id": """CASE WHEN anonymous THEN %(first_anonymous)s
                                            + floor(%(anonymous_count)s * power(pg_temp.u(key, 5), 2))::bigint END""",
                        "body": "(%(bodies)s::text[])[1 + floor(pg_temp.u(key, 6) * %(pool)s)::int]",
                        "body_html": "(%(htmls)s::text[])[1 + floor(pg_temp.u(key, 6) * %(pool)s)::int]",
                        "status": f"""CASE WHEN pending THEN 'pending'
                                      WHEN mod(k, {SPAM_EVERY}) = 0 THEN 'spam' ELSE 'approved' END""",
                        "number": "CASE WHEN pending THEN NULL ELSE k - waiting_before END",
                        "created_at": "written",
                        "edited_at": "CASE WHEN mod(k, 53) = 0 THEN written + interval '5 minutes' END",
                    },
                    f"""(SELECT post_id, k, key, written, pending,
                                CASE WHEN post_id <> %(big)s THEN k / {PENDING_EVERY} ELSE 0 END AS waiting_before,
                                pending OR pg_temp.u(key, 3) < %(anonymous_share)s AS anonymous
                         FROM (SELECT p.post_id, k, p.post_id * 100000 + k AS key,
                                      p.post_id <> %(big)s AND mod(k, {PENDING_EVERY}) = 0 AS pending,
                                      p.created_at + interval '1 minute'
                                      + least((now() - p.created_at) * 0.95, interval '1 day' * (3 + p.n / 4.0))
                                        * power((k - 1 + 0.9 * pg_temp.u(p.post_id * 100000 + k, 2)) / p.n, 1.5)
                                        AS written
                               FROM bench_plan p CROSS JOIN LATERAL generate_series(1, p.n) AS k) AS rows
                         ORDER BY written
                         OFFSET 0) AS c""",
                    {
                        "big": big_thread_id,
                        "first_member": first_member,
                        "members": MEMBERS,
                        "first_anonymous": first_anonymous,
                        "anonymous_count": ANONYMOUS,
                        "anonymous_share": ANONYMOUS_SHARE,
                        "bodies": bodies,
                        "htmls": htmls,
                        "pool": len(bodies),
                    },
                )

        with timer.step("post counters from the comments (comment_count, latest_activity_at)"):
            recount_posts(cursor)
            cursor.execute(f"SELECT comment_count FROM {Post._meta.db_table} WHERE id = %s", [big_thread_id])
            assert cursor.fetchone()[0] == BIG_THREAD_COMMENTS

        with timer.step("watches and follows"):
            cursor.execute(
                f"""CREATE TEMP TABLE bench_popular AS
                    SELECT row_number() OVER (ORDER BY comment_count DESC, id) - 1 AS rank, id AS post_id
                    FROM {Post._meta.db_table} WHERE status = 'published'"""
            )
            cursor.execute("SELECT count(*) FROM bench_popular")
            (popular,) = cursor.fetchone()
            # Up to 9 watches a member (3 on average), mostly of busy threads.
            insert_select(
                cursor,
                Watch,
                {"user_id": "user_id", "post_id": "p.post_id", "created_at": "now() - interval '1 day' * w"},
                """(SELECT DISTINCT ON (user_id, post_id) user_id, post_id, w FROM (
                        SELECT %(first_member)s + m - 1 AS user_id, 1000 * pg_temp.u(m * 100 + j, 22) AS w,
                               floor(%(popular)s * power(pg_temp.u(m * 100 + j, 23), 3))::int AS rank
                        FROM generate_series(1, %(members)s) AS m,
                             generate_series(1, floor(10 * power(pg_temp.u(m, 21), 2))::int) AS j
                     ) AS picks JOIN bench_popular USING (rank)) AS p""",
                {"first_member": first_member, "members": MEMBERS, "popular": popular},
            )
            # Up to 8 follows a member (about 2.7 on average), mostly of prolific writers.
            insert_select(
                cursor,
                Follow,
                {
                    "follower_id": "follower_id",
                    "followed_id": "followed_id",
                    "created_at": "now() - interval '1 day' * w",
                },
                """(SELECT DISTINCT ON (follower_id, followed_id) follower_id, followed_id, w FROM (
                        SELECT %(first_member)s + m - 1 AS follower_id, 1000 * pg_temp.u(m * 100 + j, 32) AS w,
                               %(first_member)s + floor(%(members)s * power(pg_temp.u(m * 100 + j, 33), 3))::bigint
                                   AS followed_id
                        FROM generate_series(1, %(members)s) AS m,
                             generate_series(1, floor(9 * power(pg_temp.u(m, 31), 2))::int) AS j
                     ) AS picks WHERE follower_id <> followed_id) AS f""",
                {"first_member": first_member, "members": MEMBERS},
            )
            # The bench member follows the seed's author and watches the big thread, so member
            # pages show the "following" and "unwatch" states.
            bench_id = first_member + BENCH_MEMBER_POSITION - 1
            cursor.execute(
                f"""INSERT INTO {Follow._meta.db_table} (follower_id, followed_id, created_at)
                    VALUES (%s, %s, now()) ON CONFLICT DO NOTHING""",
                [bench_id, first_member],
            )
            cursor.execute(
                f"""INSERT INTO {Watch._meta.db_table} (user_id, post_id, created_at)
                    VALUES (%s, %s, now()) ON CONFLICT DO NOTHING""",
                [bench_id, big_thread_id],
            )

        with timer.step("likes and dislikes (about 25 a member, mostly of recent comments)"):
            cursor.execute(f"SELECT min(id), max(id) FROM {comments_table} WHERE number IS NOT NULL")
            low, high = cursor.fetchone()
            cursor.execute(
                f"""INSERT INTO {Like._meta.db_table} (user_id, comment_id, vote, created_at)
                    SELECT DISTINCT ON (user_id, comment_id) user_id, comment_id, vote, now() FROM (
                        SELECT %(first_member)s + m - 1 AS user_id,
                               %(low)s + floor((%(high)s - %(low)s) * power(pg_temp.u(m * 100 + j, 41), 0.3))::bigint
                                   AS comment_id,
                               CASE WHEN pg_temp.u(m * 100 + j, 42) < 0.8 THEN 1 ELSE -1 END AS vote
                        FROM generate_series(1, %(members)s) AS m,
                             generate_series(1, floor(50 * pg_temp.u(m, 43))::int) AS j
                    ) AS picks""",
                {"first_member": first_member, "members": MEMBERS, "low": low, "high": high},
            )
            # The bench member liked half of the big thread's last page: member pages show pressed votes.
            cursor.execute(
                f"""INSERT INTO {Like._meta.db_table} (user_id, comment_id, vote, created_at)
                    SELECT %s, id, 1, now() FROM {comments_table}
                    WHERE post_id = %s AND number > %s AND number %% 2 = 0 AND author_id IS DISTINCT FROM %s
                    ON CONFLICT DO NOTHING""",
                [bench_id, big_thread_id, BIG_THREAD_COMMENTS - 40, bench_id],
            )
            cursor.execute(
                f"""UPDATE {comments_table} AS c SET like_count = v.likes, dislike_count = v.dislikes FROM (
                        SELECT comment_id, count(*) FILTER (WHERE vote = 1) AS likes,
                               count(*) FILTER (WHERE vote = -1) AS dislikes
                        FROM {Like._meta.db_table} GROUP BY comment_id
                    ) AS v WHERE c.id = v.comment_id"""
            )
            cursor.execute("SET session_replication_role = DEFAULT")

        with timer.step("VACUUM ANALYZE"):
            cursor.execute("VACUUM ANALYZE")

        cursor.execute(f"SELECT count(*) FROM {Watch._meta.db_table}")
        (watches,) = cursor.fetchone()
        cursor.execute(f"SELECT count(*) FROM {Follow._meta.db_table}")
        (follows,) = cursor.fetchone()
        cursor.execute(f"SELECT count(*) FROM {Like._meta.db_table}")
        (likes,) = cursor.fetchone()
        cursor.execute(f"SELECT count(*) FILTER (WHERE number IS NULL), count(*) FROM {comments_table}")
        pending, comments = cursor.fetchone()
        cursor.execute(f"SELECT count(*) FILTER (WHERE comment_count = 0), count(*) FROM {Post._meta.db_table}")
        posts_without, posts = cursor.fetchone()
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        (size,) = cursor.fetchone()
    return {
        "members": MEMBERS,
        "anonymous": ANONYMOUS,
        "posts": posts,
        "posts_without_comments": posts_without,
        "comments": comments,
        "pending": pending,
        "largest_other_thread": largest_other,
        "watches": watches,
        "follows": follows,
        "likes": likes,
        "database_size": size,
        "seed_id": seed_id,
        "big_thread_id": big_thread_id,
    }


def recount_posts(cursor):
    """Every post's comment_count (numbered comments) and latest_activity_at (newest approved
    comment, never before the post), as forum.comments.services.post_recount_comments keeps them."""
    cursor.execute(
        """
        UPDATE posts_post AS post
        SET comment_count = counts.numbered,
            latest_activity_at = greatest(post.created_at, counts.latest)
        FROM (SELECT post_id, count(number) AS numbered, max(created_at) FILTER (WHERE status = 'approved') AS latest
              FROM comments_comment GROUP BY post_id) AS counts
        WHERE counts.post_id = post.id
        """
    )


def add_bench_member(cursor):
    """The member the benchmark logs in as, for a forum that lacks one (the demo forum)."""
    from accounts.models import User

    EmailAddress = _email_address_model()
    insert_select(
        cursor,
        User,
        {
            "password": "%(password)s",
            "username": "%(bench)s",
            "first_name": "''",
            "last_name": "''",
            "email": "%(bench)s || '@example.com'",
            "is_superuser": "FALSE",
            "is_staff": "FALSE",
            "is_active": "TRUE",
            "date_joined": "now() - interval '2 years'",
            "about": "''",
        },
        "(SELECT 1) AS one",
        {"password": make_password(BENCH_PASSWORD), "bench": BENCH_MEMBER},
    )
    insert_select(
        cursor,
        EmailAddress,
        {"user_id": "id", "email": "email", "verified": "TRUE", "primary": "TRUE"},
        f"{User._meta.db_table} WHERE username = %(bench)s",
        {"bench": BENCH_MEMBER},
    )


def _email_address_model():
    from allauth.account.models import EmailAddress

    return EmailAddress
