"""CompiledQuery: a queryset compiled once, run with each request's values, as the ORM would."""

import pytest
from django.db import OperationalError, connection, connections
from django.db.models import F
from django.db.models.expressions import RawSQL

from forum.core.compiled import CompiledQuery
from forum.posts.models import Post
from tests.factories import make_post

pytestmark = pytest.mark.django_db

PK_MARK, TITLE_MARK = -7_654_321, "\x00title-mark"


def _compiled():
    posts = (
        Post.objects.visible()
        .only("id", "slug", "created_at", "view_count")
        .annotate(doubled=F("view_count") * 2, same_title=RawSQL("title = %s", [TITLE_MARK]))
        .filter(pk=PK_MARK)
    )
    return CompiledQuery(posts, pk=PK_MARK, title=TITLE_MARK)


def test_each_run_reads_what_the_orm_reads_with_that_runs_values():
    one, two = make_post(title="One", view_count=3), make_post(title="Two", view_count=5)
    query = _compiled()
    for post, title in ((one, "One"), (two, "One")):
        found = query.first(pk=post.pk, title=title)
        orm = Post.objects.only("id", "slug", "created_at", "view_count").get(pk=post.pk)
        assert (found.pk, found.slug, found.created_at, found.view_count) == (
            orm.pk,
            orm.slug,
            orm.created_at,
            orm.view_count,
        )
        assert found.doubled == 2 * orm.view_count and found.same_title == (post is one)
        assert found.get_deferred_fields() >= {"title", "body_html"}  # only() as compiled


def test_a_row_the_queryset_filters_out_is_none():
    held = make_post(status=Post.Status.HELD)
    assert _compiled().first(pk=held.pk, title="") is None
    assert _compiled().first(pk=10**9, title="") is None


def test_a_mark_missing_from_the_query_or_a_join_is_refused():
    with pytest.raises(ValueError, match="title"):
        CompiledQuery(Post.objects.filter(pk=PK_MARK), pk=PK_MARK, title=TITLE_MARK)
    with pytest.raises(ValueError, match="select_related"):
        CompiledQuery(Post.objects.select_related("author").filter(pk=PK_MARK), pk=PK_MARK)


def _backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _new_request():
    """What Django does between two requests on a kept connection (CONN_MAX_AGE)."""
    connection.health_check_done = False
    connection.health_check_enabled = True


@pytest.mark.django_db(transaction=True)
def test_as_a_requests_first_query_it_is_the_health_check_and_sends_no_select_1(monkeypatch):
    post = make_post()
    query = _compiled()
    _new_request()
    monkeypatch.setattr(connections["default"], "is_usable", lambda: pytest.fail("a SELECT 1 was sent"))
    assert query.first(pk=post.pk, title="").pk == post.pk
    assert connection.health_check_done


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_dropped_between_requests_is_replaced_and_the_query_runs():
    post = make_post()
    query = _compiled()
    dropped = _backend_pid()
    killer = connections.create_connection("default")
    try:
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [dropped])
    finally:
        killer.close()
    _new_request()
    assert query.first(pk=post.pk, title="").pk == post.pk
    assert _backend_pid() != dropped


@pytest.mark.django_db(transaction=True)
def test_an_error_of_the_query_itself_is_raised_on_the_same_connection():
    post = make_post()
    slow = CompiledQuery(
        Post.objects.annotate(slept=RawSQL("pg_sleep(%s)", [1.0])).only("id").filter(pk=PK_MARK), pk=PK_MARK
    )
    before = _backend_pid()
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 50")
    try:
        _new_request()
        with pytest.raises(OperationalError):
            slow.first(pk=post.pk)
        assert _backend_pid() == before  # not taken for a dropped connection
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")


def _plan_cache_mode():
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_runs_its_prepared_statements_with_their_generic_plan():
    post = make_post()
    connection.close()
    assert _plan_cache_mode() == "auto"  # a connection no compiled query has used yet
    assert _compiled().first(pk=post.pk, title="").pk == post.pk
    assert _plan_cache_mode() == "force_generic_plan"
    assert connection.connection.prepare_threshold == 0


@pytest.mark.django_db(transaction=True)
def test_without_prepared_statements_the_planner_is_left_to_choose(settings):
    settings.DATABASE_PREPARED_STATEMENTS = False  # behind a pooler that cannot keep them
    post = make_post()
    connection.close()
    assert _compiled().first(pk=post.pk, title="").pk == post.pk
    assert _plan_cache_mode() == "auto"
