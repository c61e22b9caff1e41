"""Django's database cache, with a `set` and an `add` of one statement each.

The stock backend counts the whole table (for culling) and then selects before it inserts or
updates: four queries on every set or add, paid by the reader whose request misses the cache. The
count grows with the table: a flood of new keys (made-up readers for forum/presence, each an `add`)
would make every one of them read the whole table. Here a set is one `INSERT ... ON CONFLICT DO
UPDATE`, an add the same but only over an expired entry, and expired entries are culled on one
write in CULL_EVERY instead. Everything else (get, incr, delete) is Django's.

RedisWithDatabaseFallback, below, is the production cache: Redis, and these tables while it is down.
"""

import base64
import logging
import pickle
import random
import time
from datetime import UTC, datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router
from django.utils.module_loading import import_string
from django.utils.timezone import now
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
REDIS_DOWN = (ConnectionInterrupted, RedisConnectionError, RedisTimeoutError)

CULL_EVERY = 200


class DatabaseCache(DjangoDatabaseCache):
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._write(key, value, timeout, version, only_over_expired=False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """True if the key was free (absent or expired) and now holds value: atomic, as rate
        limits need (forum/core/limits.py), since PostgreSQL settles two writers of one key."""
        return self._write(key, value, timeout, version, only_over_expired=True)

    def _write(self, key, value, timeout, version, *, only_over_expired):
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        expires = datetime.max.replace(tzinfo=UTC) if timeout is None else datetime.fromtimestamp(timeout, tz=UTC)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        value = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        adapt = connection.ops.adapt_datetimefield_value
        current = now().replace(microsecond=0)
        condition = f" WHERE {table}.expires < %s" if only_over_expired else ""
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "
                f"ON CONFLICT (cache_key) DO UPDATE SET value = EXCLUDED.value, expires = EXCLUDED.expires{condition}",
                [key, value, adapt(expires.replace(microsecond=0)), *([adapt(current)] if only_over_expired else [])],
            )
            written = cursor.rowcount == 1
            if random.randrange(CULL_EVERY) == 0:
                cursor.execute(f"SELECT COUNT(*) FROM {table}")
                count = cursor.fetchone()[0]
                if count > self._max_entries:
                    self._cull(db, cursor, current, count)
        return written


class RedisWithDatabaseFallback(RedisCache):
    """django-redis's cache, and a database cache table while Redis cannot be reached.

    The site keeps working through a Redis outage, slower: rate limits keep counting (in the
    table, so they still hold across app servers: ignoring Redis errors instead would let every
    login attempt through), and pages are rendered and stored in the table. After a failure Redis
    is left alone for RETRY_SECONDS, so that a dead server costs one connection timeout per
    process per interval, not one per cache call.

    OPTIONS, beside django-redis's own: FALLBACK_TABLE (the table), FALLBACK_MAX_ENTRIES, and
    ON_RECOVERY, the dotted path of a function called once Redis answers again: what was written
    to the table during the outage is not in Redis, so whatever keys depend on must move on
    (the page cache's sitewide versions: forum.core.pagecache.forget_sitewide_versions).
    """

    RETRY_SECONDS = 5

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        table = options.pop("FALLBACK_TABLE")
        max_entries = options.pop("FALLBACK_MAX_ENTRIES", 100_000)
        self._on_recovery = options.pop("ON_RECOVERY", "")
        super().__init__(server, {**params, "OPTIONS": options})
        fallback_params = {key: value for key, value in params.items() if key != "OPTIONS"}
        self._fallback = DatabaseCache(table, {**fallback_params, "OPTIONS": {"MAX_ENTRIES": max_entries}})
        self._down_until = 0.0
        self._was_down = False

    def _call(self, name, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            if self._was_down:
                self._recover()
            return getattr(super(), name)(*args, **kwargs)
        except REDIS_DOWN as error:
            if not self._was_down:
                logger.warning("Redis cannot be reached (%s): using the database cache table for now", error)
            self._down_until = time.monotonic() + self.RETRY_SECONDS
            self._was_down = True
            return getattr(self._fallback, name)(*args, **kwargs)

    def _recover(self):
        """Before the first call that Redis answers again: what was stored in it before the
        outage may be out of date, so the hook runs first (a ping tells whether it is back)."""
        super().has_key("redis-is-back")
        self._was_down = False
        logger.warning("Redis answers again")
        if self._on_recovery:
            import_string(self._on_recovery)()

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def decr(self, *args, **kwargs):
        return self._call("decr", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)
