"""One page of search results: posts (title above body, a title typed whole first) or comments,
ranked, with highlighted snippets, as this reader may see them.

Each page is one query of three layers:
- the candidates: the newest CANDIDATES matches, found through the GIN index on the stored vector
  (migrations/0001). PostgreSQL either reads the index and sorts the matches by id (a rare word)
  or walks the table from the newest row and stops at the CANDIDATES-th match (a common word),
  so the work stays bounded even for a word in every other comment; ranking every match of such
  a word would read most of the table;
- the page: the candidates ranked, and the page's ids;
- the rows: those ids read for display, with their snippets. ts_headline reparses a whole text,
  so it runs on the page's rows only, never on every match.
"""

import secrets
from dataclasses import dataclass

import psycopg.errors
from django.contrib.postgres.search import SearchHeadline, SearchRank, SearchVectorField
from django.db import OperationalError, connection, transaction
from django.db.models import BooleanField, Case, Expression, F, Value, When
from django.db.models.expressions import Col
from django.db.models.functions import Lower
from django.utils.html import escape
from django.utils.safestring import mark_safe

from accounts.models import Ignore
from forum.comments.models import Comment
from forum.posts.models import Post

from .terms import CONFIG

PER_PAGE = 20
# Nobody pages further than this; the results ranked are the newest matches that fill these pages.
MAX_PAGES = 50
CANDIDATES = PER_PAGE * MAX_PAGES
# A search that takes longer is stopped and the reader asked for other words. At full size
# (2,000,000 comments) searches take 10-90 ms; what runs longer is a query whose words the
# planner misjudges (a phrase or a -word of words that always come together, whose matches it
# cannot estimate), and nobody should be able to keep the database busy with those.
TIME_LIMIT_MS = 1500
# ts_rank's normalization 1: divided by 1 + log(length), so a long text does not win by length.
RANK_NORMALIZATION = 1

# Highlight markers: random for each process, so no stored text can contain them. The snippet is
# escaped whole, then the markers become <mark> elements.
_TOKEN = secrets.token_hex(8)
_START, _STOP = f"hl{_TOKEN}start", f"hl{_TOKEN}stop"
_SNIPPET = {"start_sel": _START, "stop_sel": _STOP, "config": CONFIG}
_BODY_SNIPPET = {**_SNIPPET, "max_words": 35, "min_words": 15, "max_fragments": 2, "fragment_delimiter": " … "}


class SearchTooSlow(Exception):
    """The search took longer than TIME_LIMIT_MS and was stopped."""


class StoredVector(Expression):
    """The search_vector column that migrations/0001 adds to the queryset's table. The models
    do not declare it; as a real column reference it follows the table into subqueries."""

    def __init__(self):
        super().__init__(output_field=SearchVectorField())

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        column = SearchVectorField()
        column.set_attributes_from_name("search_vector")
        column.model = query.model
        return Col(query.get_initial_alias(), column)


@dataclass(frozen=True)
class Page:
    rows: list
    page: int
    has_next: bool

    @property
    def first_number(self):
        return (self.page - 1) * PER_PAGE + 1


def highlighted(snippet):
    """ts_headline's text, escaped, with the matched words in <mark>."""
    return mark_safe(escape(snippet).replace(_START, "<mark>").replace(_STOP, "</mark>"))


# Posts


def _post_order(posts, terms):
    title = Lower(Value(terms.as_title))
    return posts.alias(
        exact_title=Case(When(lower_title=title, then=True), default=False, output_field=BooleanField()),
        rank=SearchRank(StoredVector(), terms.query, normalization=RANK_NORMALIZATION),
    ).order_by(F("exact_title").desc(), F("rank").desc(), "-id")


def matching_posts(terms, user):
    """The posts this reader may see whose title or text matches, newest first, as ids."""
    posts = Post.objects.visible_to(user).alias(vector=StoredVector()).filter(vector=terms.query)
    return posts.order_by("-id").values("id")


def post_candidates(terms, user):
    """The newest matches, and any post whose title is the text typed whole (even one of only
    common words, which match nothing), which comes first."""
    titled = Post.objects.visible_to(user).alias(lower_title=Lower("title"))
    titled = titled.filter(lower_title=Lower(Value(terms.as_title))).values("id")
    return matching_posts(terms, user)[:CANDIDATES].union(titled)


def post_page(terms, user, page):
    candidates = Post.objects.filter(id__in=post_candidates(terms, user)).alias(lower_title=Lower("title"))
    ranked = _post_order(candidates, terms).values("id")[_window(page)]
    posts = _post_order(Post.objects.filter(id__in=ranked).alias(lower_title=Lower("title")), terms)
    posts = posts.for_list().annotate(
        title_snippet=SearchHeadline("title", terms.query, highlight_all=True, **_SNIPPET),
        body_snippet=SearchHeadline("body", terms.query, **_BODY_SNIPPET),
    )
    rows = _limited(posts)
    for post in rows:
        post.title_html, post.snippet_html = highlighted(post.title_snippet), highlighted(post.body_snippet)
    return Page(rows[:PER_PAGE], page, len(rows) > PER_PAGE)


# Comments


def _comment_order(comments, terms):
    rank = SearchRank(StoredVector(), terms.query, normalization=RANK_NORMALIZATION)
    return comments.alias(rank=rank).order_by(F("rank").desc(), "-id")


def matching_comments(terms, user):
    """Comments whose text everyone may read (approved, not deleted: a held one shows only its
    reason) in threads this reader's lists show, by members they do not ignore; newest first,
    as ids."""
    comments = Comment.objects.filter(
        status=Comment.Status.APPROVED, deleted_at__isnull=True, post__in=Post.objects.visible_to(user)
    )
    if user.is_authenticated:
        comments = comments.exclude(author_id__in=Ignore.objects.ignored_by(user))
    return comments.alias(vector=StoredVector()).filter(vector=terms.query).order_by("-id").values("id")


def comment_page(terms, user, page):
    candidates = Comment.objects.filter(id__in=matching_comments(terms, user)[:CANDIDATES])
    ranked = _comment_order(candidates, terms).values("id")[_window(page)]
    comments = _comment_order(Comment.objects.filter(id__in=ranked), terms)
    comments = (
        comments.select_related("post", "author", "anonymous")
        .only(
            "id",
            "number",
            "created_at",
            "post__id",
            "post__title",
            "post__slug",
            "author__id",
            "author__username",
            "anonymous__id",
            "anonymous__name",
        )  # fmt: skip
        .annotate(body_snippet=SearchHeadline("body", terms.query, **_BODY_SNIPPET))
    )
    rows = _limited(comments)
    for comment in rows:
        comment.snippet_html = highlighted(comment.body_snippet)
    return Page(rows[:PER_PAGE], page, len(rows) > PER_PAGE)


def _window(page):
    """The page's rows and one more (is there a next page?)."""
    start = (page - 1) * PER_PAGE
    return slice(start, start + PER_PAGE + 1)


def _limited(queryset):
    """The rows, or SearchTooSlow once the query has run for TIME_LIMIT_MS."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                # One search on a busy site gains nothing from worker processes: each waits for
                # a free core, and starting them costs more than a small search takes.
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true), "
                    "set_config('max_parallel_workers_per_gather', '0', true)",
                    [f"{TIME_LIMIT_MS}ms"],
                )
            return list(queryset)
    except OperationalError as error:
        if isinstance(error.__cause__, psycopg.errors.QueryCanceled):
            raise SearchTooSlow from error
        raise
