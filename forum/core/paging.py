import re
from dataclasses import dataclass
from math import ceil

from django.http import Http404

_ID = re.compile(r"[0-9]{1,18}")  # ASCII digits only: str.isdigit() also accepts "²", which int() refuses

# The deepest any list is read. OFFSET walks every row it skips, so nobody reads further than this
# (home stops far sooner); past 2**63 rows PostgreSQL's bigint would overflow, a 500.
MAX_ROWS_SKIPPED = 1_000_000


def positive_int(value, default=None):
    """A query parameter as a positive integer (an id, a page), else default."""
    value = str(value)
    return int(value) if _ID.fullmatch(value) and int(value) > 0 else default


def page_number(request, default=1):
    """The `?page=` number: a positive integer, else default."""
    return positive_int(request.GET.get("page", ""), default)


def slice_page(queryset, page, per_page):
    """One page of rows and whether another follows, in one query and without COUNT(*).
    Http404 for a page before the first or deeper than MAX_ROWS_SKIPPED."""
    start = (page - 1) * per_page
    if not 0 <= start <= MAX_ROWS_SKIPPED:
        raise Http404("The list goes back this far only.")
    rows = list(queryset[start : start + per_page + 1])
    return rows[:per_page], len(rows) > per_page


# Page numbers shown either side of the current one; the first and last are always shown.
NEAR = 2


@dataclass(frozen=True)
class Pages:
    """Where a page sits in its list, for the page numbers (templates/_page_numbers.html).

    `last` is the last page known to hold rows: the real last page when the list was counted,
    else the furthest page looked ahead to, with `more` saying that pages may follow it. Either
    way no number links to a page past the end."""

    number: int
    last: int
    more: bool = False

    @property
    def is_single(self):
        return self.last == 1 and not self.more

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.last

    @property
    def previous_number(self):
        return self.number - 1

    @property
    def next_number(self):
        return self.number + 1

    @property
    def numbers(self):
        """The page numbers to show, None where a run of them is left out: 1 … 4 5 6 7 8 … 20."""
        near = range(max(1, self.number - NEAR), min(self.last, self.number + NEAR) + 1)
        shown = sorted({1, *near, self.last})
        numbers = []
        for number in shown:
            if numbers and number > numbers[-1] + 1:
                numbers.append(None)
            numbers.append(number)
        return numbers


def page_count(total, per_page):
    """Pages for `total` rows; an empty list still has its first page."""
    return max(1, ceil(total / per_page))


def counted_page(queryset, page, per_page, total, *, max_page=None):
    """One page of rows (one query) and its Pages, for a list whose rows were counted (`total`,
    cached where counting is slow). The last page is the last one holding rows, or max_page if the
    list is read no further. Http404 past it, so that nobody, crawler or reader, is sent to an
    empty page."""
    last = min(page_count(total, per_page), max_page or MAX_ROWS_SKIPPED)
    if page > last:
        raise Http404("There are not that many pages.")
    rows, _ = slice_page(queryset, page, per_page)
    return rows, Pages(page, last)


def page_looking_ahead(queryset, page, per_page, *, ahead=NEAR, max_page=None):
    """One page of rows and its Pages without counting the list: the pages after it are counted
    only `ahead` pages far (an index walk of a few dozen rows, where a COUNT of a long list reads
    all of it). One query, two when the page is full. Http404 for an empty page after the first,
    and past max_page (the list is read no further)."""
    max_page = max_page or MAX_ROWS_SKIPPED
    if page > max_page:
        raise Http404("The list goes back this far only.")
    ahead = min(ahead, max_page - page)
    rows, has_next = slice_page(queryset, page, per_page)
    if not rows and page > 1:
        raise Http404("There are not that many pages.")
    if not has_next or ahead == 0:
        return rows, Pages(page, page)
    start = page * per_page
    following = queryset.values("pk")[start : start + per_page * ahead + 1].count()
    last = page + min(ahead, ceil(following / per_page))
    return rows, Pages(page, last, more=following > per_page * ahead and last < max_page)
