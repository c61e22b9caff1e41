"""Which database errors mean "the database cannot be reached" (the 503 page) and which are bugs
or passing trouble of a database that is there (the 500 page)."""

import psycopg
import pytest
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory

from forum.core import outage


def raised(error, cause):
    try:
        try:
            raise cause
        except Exception as original:
            raise error from original
    except Exception:
        return outage.server_error(RequestFactory().get("/somewhere"))


@pytest.mark.parametrize(
    "cause",
    [
        psycopg.OperationalError("connection refused"),  # no SQLSTATE: the server never answered
        psycopg.errors.AdminShutdown(),  # 57P01
        psycopg.errors.CannotConnectNow(),  # 57P03
        psycopg.errors.ConnectionFailure(),  # 08006
    ],
    ids=lambda cause: type(cause).__name__,
)
def test_a_database_that_cannot_be_reached_gets_the_503_page(cause):
    response = raised(OperationalError("down"), cause)
    assert response.status_code == 503 and response["Retry-After"]


def test_a_closed_connection_gets_the_503_page():
    assert raised(InterfaceError("connection already closed"), psycopg.InterfaceError("closed")).status_code == 503


@pytest.mark.parametrize(
    "cause", [psycopg.errors.DeadlockDetected(), psycopg.errors.QueryCanceled()], ids=lambda cause: type(cause).__name__
)
def test_a_database_that_is_there_but_refused_one_statement_is_a_500(cause):
    assert raised(OperationalError("once"), cause).status_code == 500


def test_a_bug_is_a_500():
    assert raised(ValueError("a bug"), KeyError("x")).status_code == 500
