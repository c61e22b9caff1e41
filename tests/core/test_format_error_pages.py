"""The error pages (templates/400.html ... 503.html): in the site's design, saying what happened
and what to do; 500 and 503 render with no database, session or reader at all."""

import pytest
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject

from forum.core import views


def _untouchable(what):
    def touched():
        raise AssertionError(f"the page asked for {what}")

    return SimpleLazyObject(touched)


@pytest.fixture
def bare_request():
    """A request whose reader and session fail the test if anything asks for them."""
    request = RequestFactory().get("/post/1/anything")
    request.user = _untouchable("the reader")
    request.session = _untouchable("the session")
    return request


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("view", "status", "heading"),
    [
        (views.service_unavailable, 503, "The forum is unavailable for a moment"),
        (views.server_error, 500, "Something went wrong on our side"),
    ],
)
def test_outage_pages_need_no_database_nor_reader(bare_request, django_assert_num_queries, view, status, heading):
    with django_assert_num_queries(0):
        response = view(bare_request)
    html = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in html and "What to do:" in html
    # The site's design and scheme toggle, no inline script (the CSP allows none).
    assert "css/forum.css" in html and "js/theme.js" in html and "data-theme-toggle" in html
    assert "<script>" not in html and "patrick.net" in html


def test_unavailable_page_says_when_to_come_back_and_is_not_kept(bare_request):
    response = views.service_unavailable(bare_request)
    assert response["Retry-After"] == str(views.UNAVAILABLE_RETRY_SECONDS)
    assert response["Cache-Control"] == "no-store"


def test_outage_pages_render_even_with_the_database_unreachable(bare_request):
    """No test database at all (no django_db mark): any query would fail the test."""
    assert views.service_unavailable(bare_request).status_code == 503
    assert views.server_error(bare_request).status_code == 500


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status", "says"),
    [("/no-such-page", 404, "Nothing here"), ("/?q=%00", 400, "That request could not be read")],
)
def test_error_pages_say_what_happened_and_what_to_do(client, path, status, says):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{says}</h1>" in html and "What to do:" in html and "css/forum.css" in html
