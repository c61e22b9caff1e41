"""Page numbers from the query string: whatever a visitor types, a page or a 404, never a 500."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from accounts.models import User
from forum.core.paging import MAX_ROWS_SKIPPED, page_number, positive_int, slice_page
from tests.factories import make_user

pytestmark = pytest.mark.django_db
LARGEST_PAGE_NUMBER = "9" * 18  # the longest positive_int() accepts


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", 3), ("0", None), ("-1", None), ("²", None), ("1e3", None), (LARGEST_PAGE_NUMBER + "9", None)],
)
def test_positive_int_takes_ascii_digits_only_and_bounds_their_length(value, expected):
    assert positive_int(value) == expected


def test_page_number_defaults_for_anything_else():
    assert page_number(RequestFactory().get("/", {"page": "x"})) == 1
    assert page_number(RequestFactory().get("/", {"page": "12"})) == 12


def test_slice_page_reads_one_page_and_whether_another_follows():
    members = [make_user(f"paged{n}") for n in range(5)]
    ordered = User.objects.filter(pk__in=[m.pk for m in members]).order_by("pk")
    assert slice_page(ordered, 1, 2) == (members[:2], True)
    assert slice_page(ordered, 3, 2) == (members[4:], False)
    assert slice_page(ordered, 4, 2) == ([], False)


def test_the_deepest_page_allowed_is_read():
    per_page = 20
    deepest = MAX_ROWS_SKIPPED // per_page + 1
    assert slice_page(User.objects.order_by("pk"), deepest, per_page) == ([], False)


@pytest.mark.parametrize("page", [MAX_ROWS_SKIPPED // 20 + 2, int(LARGEST_PAGE_NUMBER), 0, -5])
def test_a_page_past_the_bound_or_before_the_first_is_a_404_without_a_query(page, django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(Http404):
        slice_page(User.objects.order_by("pk"), page, 20)
