from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from forum.core.paging import page_number
from forum.core.ratelimits import too_many

from .limits import WINDOW_SECONDS, count_slow_search, take_search_slot
from .results import MAX_PAGES, SearchTooSlow, comment_page, post_page
from .terms import MAX_QUERY_CHARS, Terms

# What ?in= may name: the posts (the default) or the comments.
KINDS = {"posts": post_page, "comments": comment_page}


TOO_MANY = "That was a lot of searches in a short while from your network, so this one was not run."


@require_safe
def search(request):
    """Never cached: each query is different, and a search is one indexed query. Counted per
    network (limits.py): a search is the one page whose cost the reader chooses."""
    terms = Terms.from_input(request.GET.get("q", ""))
    kind = request.GET.get("in", "")
    kind = kind if kind in KINDS else "posts"
    page = page_number(request)
    if page > MAX_PAGES:
        raise Http404(f"Search results go {MAX_PAGES} pages deep: please add words to narrow the search.")
    results, too_slow = None, False
    if terms:
        network = request.visitor.network_digest
        if not take_search_slot(network):
            return too_many(request, retry_after=WINDOW_SECONDS, context={"message": TOO_MANY})
        try:
            results = KINDS[kind](terms, request.user, page)
        except SearchTooSlow:
            too_slow = True
            count_slow_search(network)

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
