"""The thread: a post with its comments. Reading it, commenting on it, quoting from it."""

from functools import cache

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forum.anonymous.models import AnonymousIdentity
from forum.anonymous.visitor import Visitor, remember_visitor
from forum.bans.pages import banned_page
from forum.comments.forms import CommentForm
from forum.comments.models import PER_PAGE, Comment, edit_window
from forum.comments.quoting import quote_markdown, quote_selection
from forum.comments.services import CommentRefused, comment_create_anonymous, comment_create_by_member
from forum.core.compiled import ID_MARK, OTHER_ID_MARK, TIME_MARK, CompiledQuery, text_mark
from forum.core.http import is_page_navigation
from forum.core.instant import instant_response, wants_json
from forum.core.pagecache import Slots, cached_page, fill, may_share_page, render_shared, shares_member_pages
from forum.core.paging import page_number, positive_int
from forum.posts.models import Post
from forum.posts.viewcounts import counting_a_view, flush_soon

from .member_page import may_share_member_post_page, member_post_page
from .pages import comment_page_url, page_count
from .post_page import judging_state, post_page_context, quotable_comment, shared_post_page_context, views_text
from .reader import RenderedComment, for_reader, own_vote_keys, without_reader_parts

# Every date on a post page is absolute and every change moves the page's versions on: a stored
# page lives until it is pushed out or the day is over.
SHARED_PAGE_SECONDS = 24 * 3600
# A selection longer than this is cut anyway (comments/quoting.py); refuse to read megabytes.
SELECTION_MAX = 10_000


def _reader_digest(request):
    """Whose waiting comments this reader may see besides their own as a member (visible_to)."""
    return None if request.user.is_authenticated else request.visitor.writer_digest


def _absolute_url(post):
    # The configured address, never the Host header: shared pages are stored for everyone.
    return settings.SITE_URL + post.get_absolute_url()


# The largest id a post can have (a bigint): past it no post is looked up (the compiled read
# would compare the id as a numeric and scan).
MAX_POST_ID = 2**63 - 1


@require_safe
def post_detail(request, pk, slug=None):
    if not 0 < pk <= MAX_POST_ID:
        raise Http404("No such post.")
    counting = "c" not in request.GET and is_page_navigation(request)
    user = request.user
    if not user.is_authenticated:
        post = _post_for_visitor(request.visitor, pk, slug, counting=counting)
    elif shares_member_pages(user):
        post = _post_for_member(user, pk, slug, counting=counting)
    else:
        post = get_object_or_404(_posts_for_reading(user, request.visitor, slug, counting=counting), pk=pk)
    if "c" in request.GET:
        return redirect(_comment_location(request, post, request.GET["c"]))
    if slug != post.slug or not request.path_info.startswith(f"/post/{pk}/"):
        # Keep ?page= and the rest: shared short links, links from before a title edit, and an id
        # written with leading zeros (each spelling would store a page of its own) land right.
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(post.get_absolute_url() + (f"?{query}" if query else ""))
    if counting:
        post.view_count = post.view_count_now
        return flush_soon(_post_page(request, post))
    return _post_page(request, post)


# What a logged-out reader's request needs of the post when the stored page serves it (most do):
# finding the page, checking it is current, filling in the view count. _whole() reads the rest.
_LEAN = ("id", "slug", "status", "author_id", "thread_version", "is_nsfw", "comment_count", "view_count")


def _posts_for_reading(user, visitor, slug, *, counting):
    """The query that finds the post also counts the view and reads what naming a logged-out
    reader takes: one round trip where there were three. The Markdown source is left behind."""
    if user.is_authenticated:
        posts = Post.objects.readable_by(user).select_related("author").defer("body", "author__about")
    else:
        posts = Post.objects.readable_by(user).only(*_LEAN)
        posts = posts.annotate(**AnonymousIdentity.name_columns(visitor))
    if counting:
        posts = posts.annotate(view_count_now=counting_a_view(slug))
    return posts


# _posts_for_reading as a logged-out reader's request runs it, compiled once per shape (whether
# the browser has a cookie, whether the view counts): forum/core/compiled.py.
_SLUG_MARK, _DIGEST_MARK = text_mark("slug"), text_mark("digest")


def _post_for_visitor(visitor, pk, slug, *, counting):
    query = _compile_visitor_read(visitor.token_is_new, counting)
    candidates = AnonymousIdentity.first_candidates(visitor.digest)
    since = timezone.now() - edit_window()
    post = query.first(pk=pk, slug=slug or "", names=candidates, digest=visitor.digest, since=since)
    if post is None:
        raise Http404("No such post.")
    post.visitor_candidates = candidates
    return post


@cache
def _compile_visitor_read(token_is_new, counting):
    marked = Visitor(digest=_DIGEST_MARK, network_digest="", token_is_new=token_is_new)
    posts = _posts_for_reading(AnonymousUser(), marked, _SLUG_MARK, counting=counting).filter(pk=ID_MARK)
    marks = {"pk": ID_MARK, "names": AnonymousIdentity.first_candidates(_DIGEST_MARK)}
    if counting:
        marks["slug"] = _SLUG_MARK
    if not token_is_new:
        # A browser that may have written here: _has_own_comments_here in the same query.
        own = Comment.objects.filter(post=OuterRef("pk")).theirs_alone(
            AnonymousUser(), visitor_digest=_DIGEST_MARK, now=TIME_MARK
        )
        posts = posts.annotate(has_own_here=Exists(own))
        marks |= {"digest": _DIGEST_MARK, "since": TIME_MARK - edit_window()}
    return CompiledQuery(posts, **marks)


# The same for a member who may get the page members share (member_page.py): what finding and
# filling it takes, and whether they have comments waiting in the thread (then it is theirs alone).
def _post_for_member(user, pk, slug, *, counting):
    query = _compile_member_read(counting)
    post = query.first(pk=pk, slug=slug or "", member=user.pk)
    if post is None:
        raise Http404("No such post.")
    return post


@cache
def _compile_member_read(counting):
    marked = get_user_model()(pk=ID_MARK)
    # Comment.visible_to(member).waiting(), for a member who is not staff: their own waiting ones.
    own_waiting = Comment.objects.filter(post=OuterRef("pk"), author_id=ID_MARK).waiting()
    posts = Post.objects.readable_by(marked).only(*_LEAN).annotate(has_own_waiting=Exists(own_waiting))
    if counting:
        posts = posts.annotate(view_count_now=counting_a_view(_SLUG_MARK))
    marks = {"pk": OTHER_ID_MARK, "member": ID_MARK} | ({"slug": _SLUG_MARK} if counting else {})
    return CompiledQuery(posts.filter(pk=OTHER_ID_MARK), **marks)


def _whole(post):
    """The post with everything a page shows, for a page that is rendered (read lean, see _LEAN)."""
    if "body_html" not in post.get_deferred_fields():
        return post
    whole = Post.objects.select_related("author").defer("body", "author__about").get(pk=post.pk)
    whole.view_count = post.view_count
    for name in ("visitor_taken_names", "visitor_own_name", "visitor_candidates"):
        if hasattr(post, name):
            setattr(whole, name, getattr(post, name))
    return whole


def _visitor_name(request, post):
    """The logged-out reader's name, from what _posts_for_reading read if it did."""
    if not hasattr(post, "visitor_taken_names"):
        return AnonymousIdentity.name_for(request.visitor.digest)
    own_name = getattr(post, "visitor_own_name", None)
    return AnonymousIdentity.name_from(
        request.visitor.digest,
        own_name=own_name,
        taken_names=post.visitor_taken_names,
        candidates=getattr(post, "visitor_candidates", None),
    )


def _post_page(request, post, *, form=None, status=200):
    shareable = form is None and may_share_page(request, last_page=page_count(post))
    if shareable and not _has_own_comments_here(request, post):
        return _shared_post_page(request, post)
    reader = None
    if form is None and hasattr(post, "has_own_waiting") and may_share_member_post_page(request, post):
        html, reader = member_post_page(
            request,
            post,
            page=page_number(request, default=None),
            absolute_url=_absolute_url(post),
            whole=lambda: _whole(post),
        )
        if html is not None:
            return HttpResponse(html)
    post = _whole(post)
    context = post_page_context(
        post,
        user=request.user,
        visitor=request.visitor,
        page=page_number(request, default=None),
        absolute_url=_absolute_url(post),
        quote_wanted=request.GET.get("quote", ""),
        form=form,
        visitor_name=None if request.user.is_authenticated else _visitor_name(request, post),
        reader=reader,
    )
    html = render_to_string("threads/post.html", context, request)
    html = for_reader(
        html,
        votes=context["reader_votes"],
        may_change=context["reader_may_change"],
        own=context["reader_own_votes"],
        judging=context["reader_judging"],
    )
    # The comments come rendered for everyone: their forms' token is a slot (a moderator's forms
    # put in just now too), their votes unpressed.
    html = fill(html, {Slots.CSRF_TOKEN: get_token(request)})
    # The page names the visitor ("Comment as anon_..."): keep that name theirs.
    return remember_visitor(request, HttpResponse(html, status=status))


def _shared_post_page(request, post):
    """The page every logged-out reader sees, from the page cache, with their own values in it."""
    page = page_number(request, default=None)
    key = f"post:{post.pk}:{request.get_full_path()}:{timezone.get_current_timezone_name()}"
    absolute_url = _absolute_url(post)
    html = cached_page(
        key,
        (post.thread_version, post.is_nsfw),
        lambda: without_reader_parts(
            render_shared(
                "threads/post.html",
                shared_post_page_context(_whole(post), page=page, absolute_url=absolute_url),
                request,
            )
        ),
        timeout=SHARED_PAGE_SECONDS,
    )
    html = fill(
        html,
        {
            Slots.CSRF_TOKEN: get_token(request),
            Slots.VISITOR_NAME: _visitor_name(request, post),
            Slots.VIEW_COUNT: views_text(post.view_count),
        },
    )
    return remember_visitor(request, HttpResponse(html))


def _has_own_comments_here(request, post):
    """Whether this visitor's browser wrote comments here that only they see (waiting for
    approval) or that they may still change: their page is their own, not the shared one."""
    digest = _reader_digest(request)
    if digest is None:
        return False
    if hasattr(post, "has_own_here"):  # asked already, by the query that read the post
        return post.has_own_here
    return Comment.objects.in_thread(post).theirs_alone(request.user, visitor_digest=digest).exists()


def _comment_location(request, post, comment_id):
    """`?c=ID`: the page holding that comment, if this reader may see it."""
    comment = (
        Comment.objects.in_thread(post)
        .visible_to(request.user, visitor_digest=_reader_digest(request))
        .filter(pk=positive_int(comment_id) or 0)
        .first()
    )
    if comment is None:
        raise Http404("No such comment in this thread.")
    return comment_page_url(post, comment)


@require_http_methods(["GET", "POST"])
def comment_create(request, post_id):
    post = get_object_or_404(Post.objects.visible().select_related("author"), pk=post_id)
    if request.method == "GET":
        # A refused comment is shown at this address; reloading it, or logging in from it, lands
        # on the post's comment box instead of a "method not allowed".
        return redirect(f"{post.get_absolute_url()}#comment-form")
    instant = wants_json(request)  # the page's script: the same rules, answered in JSON (instant.py)
    form = CommentForm(request.POST, user=request.user)
    if form.is_valid():
        body = form.cleaned_data["body"]
        try:
            if request.user.is_authenticated:
                comment = comment_create_by_member(
                    post=post, author=request.user, body=body, network_digest=request.visitor.network_digest
                )
            else:
                comment = comment_create_anonymous(post=post, visitor=request.visitor, body=body)
        except CommentRefused as refusal:
            if instant:
                return instant_response(error=str(refusal), status=403 if refusal.ban else 400)
            if refusal.ban and refusal.ban.kind == "network":
                return banned_page(request, refusal.ban, refused="comment", text=body)
            form.add_error("body", str(refusal))
        else:
            if comment.is_pending:
                # Why it waits: the rule that held it (forum/comments/spam.py).
                why = f": {comment.hold.why}" if getattr(comment, "hold", None) else ""
                said = f"Thanks. Your comment waits for a moderator{why}. Until then only you see it."
            else:
                said = "Your comment is posted."
            if instant:
                return remember_visitor(request, _new_comment_answer(request, post, comment, said))
            if comment.is_pending:
                messages.info(request, said)
            return remember_visitor(request, redirect(comment_page_url(post, comment)))
    if instant:
        return instant_response(error=" ".join(form.errors.get("body", [])) or "Please check the comment.")
    return _post_page(request, post, form=form, status=400)


def _new_comment_answer(request, post, comment, said):
    """The new comment for the page's script, as the thread page shows it to its writer (their
    edit links, no vote on their own words, "waiting for approval"), and where it goes: `after`
    the comment before it on its page (none: the first of a page), which the page must hold for
    the new one to be put in place; else the script opens `url`."""
    comment = Comment.objects.for_display().get(pk=comment.pk)
    comment.post = post
    comment.text_visible = True  # their own words, approved or waiting
    post.comment_count = Post.objects.filter(pk=post.pk).values_list("comment_count", flat=True).get()
    page = comment.page or page_count(post)
    html = render_to_string(
        "comments/_comment.html", {"comment": comment, "post": post, "thread": {"page": page}}, request
    )
    digest = None if request.user.is_authenticated else request.visitor.digest
    html = for_reader(
        html,
        may_change={comment.pk} if comment.can_be_edited_by(request.user, visitor_digest=digest) else frozenset(),
        own=own_vote_keys(request.user, post, [RenderedComment(comment.pk, comment.author_id, html)]),
        judging=judging_state(request.user, [comment.pk]),
    )
    # Waiting comments follow the last numbered one; a numbered one follows its predecessor on its page.
    if comment.number is None:
        before = post.comment_count
    else:
        before = comment.number - 1 if (comment.number - 1) % PER_PAGE else 0
    earlier = Comment.objects.in_thread(post).filter(number=before) if before else Comment.objects.none()
    after = earlier.values_list("pk", flat=True).first()
    count = post.comment_count
    return instant_response(
        said,
        html=fill(html, {Slots.CSRF_TOKEN: get_token(request)}),
        id=comment.pk,
        number=comment.number,
        after=f"comment-{after}" if after else "",
        url=comment_page_url(post, comment),
        count=count,
        count_text=f"{count} comment{'' if count == 1 else 's'}",
    )


def comment_permalink(request, pk):
    comment = get_object_or_404(
        Comment.objects.visible_to(request.user, visitor_digest=_reader_digest(request)).select_related("post"), pk=pk
    )
    if not comment.post.is_visible_to(request.user):
        raise Http404  # its post's title, in the slug, is not for this reader
    return redirect(comment_page_url(comment.post, comment))


@require_POST
def comment_quote(request, pk):
    """The quote button's Markdown for a comment: all of it, or the reader's `selection` of it.
    A POST because a selection may be longer than a URL can be."""
    comment = get_object_or_404(Comment.objects.select_related("post"), pk=pk)
    if not comment.post.is_visible_to(request.user):
        raise Http404
    comment = quotable_comment(comment.post, pk, request.user, _reader_digest(request))
    if comment is None:
        raise Http404
    return _quote_response(request, comment.writer_name, comment.get_absolute_url(), comment.body)


@require_POST
def post_quote(request, pk):
    post = get_object_or_404(Post.objects.readable_by(request.user).select_related("author"), pk=pk)
    return _quote_response(request, post.author.username, post.get_absolute_url(), post.body)


def _quote_response(request, name, url, source):
    selection = request.POST.get("selection", "")[:SELECTION_MAX]
    if selection.strip():
        text = quote_selection(name=name, url=url, selection=selection)
    else:
        text = quote_markdown(name=name, url=url, text=source)
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
