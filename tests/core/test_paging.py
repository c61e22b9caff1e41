"""Page numbers from the query string: whatever a visitor types, a page or a 404, never a 500."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from accounts.models import User
from forum.core.paging import (
    MAX_ROWS_SKIPPED,
    Pages,
    counted_page,
    page_looking_ahead,
    page_number,
    positive_int,
    slice_page,
)
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


# Page numbers


@pytest.mark.parametrize(
    ("pages", "numbers"),
    [
        (Pages(1, 1), [1]),
        (Pages(1, 3), [1, 2, 3]),
        (Pages(5, 9), [1, None, 3, 4, 5, 6, 7, None, 9]),
        (Pages(4, 9), [1, 2, 3, 4, 5, 6, None, 9]),  # no gap of one page: it is shown
        (Pages(9, 9), [1, None, 7, 8, 9]),
        (Pages(3, 5, more=True), [1, 2, 3, 4, 5]),
    ],
)
def test_page_numbers_show_the_ends_and_the_pages_near(pages, numbers):
    assert pages.numbers == numbers


def test_a_single_page_needs_no_numbers_unless_more_may_follow():
    assert Pages(1, 1).is_single and not Pages(1, 1, more=True).is_single
    assert not Pages(1, 1).has_next and Pages(1, 2).has_next and not Pages(2, 2).has_next


def members_in_order(count):
    members = [make_user(f"listed{n}") for n in range(count)]
    return members, User.objects.filter(pk__in=[m.pk for m in members]).order_by("pk")


def test_a_counted_list_is_a_404_past_its_last_page_and_never_past_its_cap():
    members, ordered = members_in_order(5)
    assert counted_page(ordered, 3, 2, 5) == (members[4:], Pages(3, 3))
    with pytest.raises(Http404):
        counted_page(ordered, 4, 2, 5)
    assert counted_page(ordered, 1, 2, 5, max_page=2)[1] == Pages(1, 2)
    assert counted_page(ordered.none(), 1, 2, 0) == ([], Pages(1, 1))  # an empty list still has page 1


def test_looking_ahead_counts_a_few_pages_on_and_says_whether_more_follow(django_assert_num_queries):
    members, ordered = members_in_order(11)
    with django_assert_num_queries(2):
        assert page_looking_ahead(ordered, 1, 2, ahead=2) == (members[:2], Pages(1, 3, more=True))
    assert page_looking_ahead(ordered, 4, 2, ahead=2)[1] == Pages(4, 6)  # rows 9-11: pages 5 and 6, no more
    with django_assert_num_queries(1):
        assert page_looking_ahead(ordered, 6, 2, ahead=2) == (members[10:], Pages(6, 6))
    with pytest.raises(Http404):
        page_looking_ahead(ordered, 7, 2)
    assert page_looking_ahead(ordered, 2, 2, ahead=2, max_page=3)[1] == Pages(2, 3)
    with pytest.raises(Http404):
        page_looking_ahead(ordered, 4, 2, max_page=3)
