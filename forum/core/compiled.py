"""A queryset turned into SQL once per process, then run with new values on every request.

Building and compiling a queryset costs about a millisecond of Python; on the page most readers
open (a logged-out post page, served from the page cache) that was more than the query itself.
The queryset stays the one definition of what is read and who may read it: it is built with
marks (values no request sends) where the request's values go, compiled, and each run swaps
the marks in the compiled parameters for the request's values.
"""

from contextlib import contextmanager
from datetime import UTC, datetime

import psycopg
from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

# Marks: values no request sends, put where a compiled query takes each request's own.
ID_MARK = -7_654_321  # no row has a negative id
OTHER_ID_MARK = ID_MARK - 1  # a second id in the same query
IDS_MARK = [ID_MARK]
TIME_MARK = datetime(2001, 2, 3, tzinfo=UTC)


def text_mark(name):
    """No request's text holds a NUL (forum/core/middleware.py refuses them)."""
    return f"\x00{name}-mark"


class CompiledSQL:
    """A queryset's SQL with marks: `.sql`, and `.params(**values)` with each mark swapped for its
    value, to run as it is or as part of a statement of one's own."""

    def __init__(self, queryset, **marks):
        self.db = queryset.db
        self.compiler = queryset.query.get_compiler(using=self.db)
        self.sql, params = self.compiler.as_sql()
        self._params = [_mark_in(marks, value) for value in params]
        missing = set(marks) - {name for name, _ in self._params if name}
        if missing:
            raise ValueError(f"Marks not found in the compiled query's parameters: {sorted(missing)}")

    def params(self, **values):
        return [values[name] if name else value for name, value in self._params]


class CompiledQuery(CompiledSQL):
    """`CompiledQuery(queryset, pk=-1, slug=MARK)`: then `.first(pk=12, slug="x")` is the model
    instance queryset.filter-ed that way would give (only its own columns and annotations, as
    `.only()` and `.annotate()` made it; no select_related), or None."""

    def __init__(self, queryset, **marks):
        super().__init__(queryset, **marks)
        self.model = queryset.model
        compiler = self.compiler
        if compiler.klass_info.get("related_klass_infos"):
            raise ValueError("CompiledQuery reads one model's rows: no select_related.")
        fields = compiler.klass_info["select_fields"]
        self._model_columns = slice(fields[0], fields[-1] + 1)
        self._field_names = [column[0].target.attname for column in compiler.select[self._model_columns]]
        self._annotations = dict(compiler.annotation_col_map)
        self._converters = compiler.get_converters([column[0] for column in compiler.select])

    def first(self, **values):
        params = self.params(**values)
        connection = connections[self.db]
        if connection.connection is None or not connection.health_check_enabled or connection.health_check_done:
            row = self._fetch(connection, params)
        else:
            row = self._fetch_checking(connection, params)
        if row is None:
            return None
        if self._converters:
            row = next(iter(self.compiler.apply_converters([row], self._converters)))
        instance = self.model.from_db(self.db, self._field_names, row[self._model_columns])
        for name, position in self._annotations.items():
            setattr(instance, name, row[position])
        return instance

    def _fetch(self, connection, params):
        with prepared_cursor(connection) as cursor:
            cursor.execute(self.sql, params)
            return cursor.fetchone()

    def _fetch_checking(self, connection, params):
        """The query itself as the request's connection health check (CONN_HEALTH_CHECKS), where
        Django would first send a `SELECT 1` of its own: on a connection the server dropped since
        the last request (a restart), connect again and run it once more. Run only as a request's
        first query, outside any transaction: a statement on a dropped connection never ran."""
        connection.health_check_done = True
        try:
            return self._fetch(connection, params)
        except (OperationalError, InterfaceError):
            if connection.in_atomic_block or connection.is_usable():
                raise  # not a dropped connection: the error is the query's own
            connection.close()
        return self._fetch(connection, params)


def _mark_in(marks, value):
    """(name, None) for a parameter that is a mark, (None, value) for one that stays."""
    for name, mark in marks.items():
        if type(value) is type(mark) and value == mark:
            return name, None
    return None, value


@contextmanager
def prepared_cursor(connection):
    """connection.cursor(), whose statements PostgreSQL plans once per connection (a prepared
    statement) rather than on every run: for the few statements every page runs (compiled ones,
    a member's state). Planning them took most of their time: a member's state (many subqueries)
    ran in 0.23 ms prepared, 1.35 ms planned each time.

    Django's cursors bind parameters on the client, which leaves nothing to prepare; this one is
    psycopg's own, binding them on the server, wrapped as Django wraps cursors (errors, query
    logging). DATABASE_PREPARED_STATEMENTS=0 turns it off, for a connection pooler that cannot
    keep prepared statements (PgBouncer before 1.21, or without max_prepared_statements)."""
    if not settings.DATABASE_PREPARED_STATEMENTS:
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = connection.connection
        if raw.prepare_threshold != 0:  # this connection's first prepared statement
            _prepare_on(raw)
        cursor = psycopg.Cursor(raw)
    wrapped = _LoggedCursor(cursor, connection) if connection.queries_logged else connection.make_cursor(cursor)
    with wrapped:
        yield wrapped


def _prepare_on(raw):
    """Once per connection: statements run through prepared_cursor are prepared on their first
    run (psycopg's prepare_threshold; Django's client-side cursors never prepare), and always run
    with their generic plan. Left to choose (plan_cache_mode auto), PostgreSQL kept planning
    a member's state afresh on every run at full size (a custom plan each time, 0.6 ms of server
    time in a 1.2 ms statement) and a returning visitor's post read too (1.6 ms against 0.6 ms
    generic): the statements here look rows up by key, where the generic plan is the custom one.
    The setting is the session's, so it reaches no statement but prepared ones (and PL/pgSQL's,
    of which triggers are the only ones here). Sent straight to the server, unlogged, as Django
    sends its own connection setup."""
    raw.execute("SET plan_cache_mode = force_generic_plan")
    raw.prepare_threshold = 0


class _LoggedCursor(CursorDebugWrapper):
    """Logs each statement as Django logs its own, the parameters written in (Django reads them
    back from a client-side cursor, which this is not): the query log, the tests' query counts
    and the benchmark's EXPLAINs see the statement that ran."""

    def execute(self, sql, params=None):
        with self.debug_sql(self.db.ops.compose_sql(sql, params) if params else sql):
            return CursorWrapper.execute(self, sql, params)
