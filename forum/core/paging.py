import re

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
