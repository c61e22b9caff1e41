def page_number(request, default=1):
    """The `?page=` number: a positive integer, else default."""
    value = request.GET.get("page", "")
    return int(value) if value.isdigit() and 0 < int(value) < 1_000_000 else default


def slice_page(queryset, page, per_page):
    """One page of rows and whether another follows, in one query and without COUNT(*)."""
    start = (page - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return rows[:per_page], len(rows) > per_page
