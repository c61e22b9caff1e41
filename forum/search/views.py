from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from forum.core.paging import page_number

from .results import MAX_PAGES, SearchTooSlow, comment_page, post_page
from .terms import MAX_QUERY_CHARS, Terms

# What ?in= may name: the posts (the default) or the comments.
KINDS = {"posts": post_page, "comments": comment_page}


@require_safe
def search(request):
    """Never cached: each query is different, and a search is one indexed query."""
    terms = Terms.from_input(request.GET.get("q", ""))
    kind = request.GET.get("in", "")
    kind = kind if kind in KINDS else "posts"
    page = page_number(request)
    if page > MAX_PAGES:
        raise Http404(f"Search results go {MAX_PAGES} pages deep: please add words to narrow the search.")
    results, too_slow = None, False
    if terms:
        try:
            results = KINDS[kind](terms, request.user, page)
        except SearchTooSlow:
            too_slow = True

    def link(**changes):
        return f"{reverse('search:search')}?{urlencode({'q': terms.text, 'in': kind, 'page': page} | changes)}"

    return render(
        request,
        "search/results.html",
        {
            "terms": terms,
            "kind": kind,
            "results": results,
            "too_slow": too_slow,
            "max_chars": MAX_QUERY_CHARS,
            "posts_url": link(**{"in": "posts", "page": 1}),
            "comments_url": link(**{"in": "comments", "page": 1}),
            "previous_url": link(page=page - 1),
            "next_url": link(page=page + 1) if page < MAX_PAGES else "",
        },
    )
