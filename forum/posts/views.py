from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import login_required_back
from forum.bans.pages import banned_page, refuse_banned_members
from forum.bans.rules import network_ban
from forum.core.http import redirect_back
from forum.core.pagecache import StandInMember, cached_page, may_share_member_page, may_share_page, render_shared
from forum.core.paging import counted_page, page_looking_ahead, page_number, positive_int
from forum.markup import render_markdown
from forum.unread.marks import with_unread_marks
from forum.uploads.images import store_uploaded_image
from forum.uploads.limits import TOO_MANY, take_upload_allowance

from .forms import PostForm
from .lists import OLD_MAX_YEARS, POST_COUNT_SECONDS, calendar_year, member_post_count, visible_post_count, years_ago
from .member_lists import for_member, member_rows_state, shared_member_list, stand_in_for
from .models import Post
from .services import (
    PostRefused,
    duplicate_title_refusal,
    post_create,
    post_edit,
    post_toggle_nsfw,
    posting_refusal,
)

POSTS_PER_PAGE = 20
# Page N costs an OFFSET of 20·N rows; past this, a crawler's request would walk the whole index.
MAX_HOME_PAGES = 500


# Readers rarely go further back than this; past it each page is rendered for its reader, so that
# no one can fill the page cache with every page number.
SHARED_HOME_PAGES = 10
# Rows say "latest 3 minutes ago" and show like counts (a vote moves no list on): a shared page
# is rendered again at least this often.
SHARED_LIST_SECONDS = 60
# Wide enough for a full-width picture on a large screen, small enough for a phone to download.
DEFAULT_POST_IMAGE_MAX_SIDE = 1600


def home(request, tab="active"):
    """A list of posts in one of the orders of Post.TABS: `/` (active) or `/tab/NAME`. Each tab is
    an address of its own, with no query but `?page=N`, so its logged-out pages go through the
    page cache as the home page does, and crawlers see distinct pages."""
    if tab not in Post.TABS:
        raise Http404("No such list.")
    page = page_number(request)
    if "tab" in request.GET or (tab == "active" and request.resolver_match.url_name == "tab"):
        return redirect(_tab_url(request.GET.get("tab", tab), page), permanent=True)
    if page > MAX_HOME_PAGES:
        raise Http404("The list goes back this far only.")
    if page <= SHARED_HOME_PAGES and may_share_page(request, last_page=SHARED_HOME_PAGES):
        key = f"home:{tab}:{page}:{timezone.get_current_timezone_name()}"
        html = cached_page(
            key,
            (),
            lambda: render_shared("posts/home.html", _home_context(request.user, tab, page), request),
            timeout=SHARED_LIST_SECONDS,
        )
        return HttpResponse(html)
    # A member who ignores anyone: posts left out move every row after them (member_lists.py).
    ignores_anyone = getattr(request.user, "ignores_anyone", True)
    if page <= SHARED_HOME_PAGES and not ignores_anyone and may_share_member_page(request, last_page=SHARED_HOME_PAGES):
        html = _member_home(request, tab, page)
        if html is not None:
            return HttpResponse(html)
    return render(request, "posts/home.html", _home_context(request.user, tab, page))


def _member_home(request, tab, page):
    """The list members share (member_lists.py) as this member sees it, or None where it must be
    rendered for them alone."""
    member = stand_in_for(request.user)
    zone = timezone.get_current_timezone_name()
    key = f"member-home:{tab}:{page}:{zone}:{member.variant}"

    def render():
        context = {**_home_context(member, tab, page), "unread_markers": True}
        return render_shared("posts/home.html", context, request, user=member), context["posts"], {}

    shared = shared_member_list(key, render, timeout=SHARED_LIST_SECONDS)
    state = member_rows_state(request.user, [pk for pk, _ in shared.rows])
    return None if state["ignores_anyone"] else for_member(request, shared, state)


def _random_bounds(user):
    """The ids /random draws between, kept until the lists change (a post created, held or
    removed moves them): for members, those of every post they may be shown (the posts of members
    they ignore are then missed like any gap)."""
    audience = "members" if user.is_authenticated else "visitors"
    posts = Post.objects.visible() if user.is_authenticated else Post.objects.visible_to(user)
    return cached_page(f"post-id-bounds:{audience}", (), posts.id_bounds, timeout=POST_COUNT_SECONDS)


def _tab_url(tab, page):
    """The tab's own address (`/?tab=new`, as other sites may write it, leads here)."""
    if tab not in Post.TABS:
        raise Http404("No such list.")
    url = reverse("posts:home") if tab == "active" else reverse("posts:tab", args=[tab])
    return f"{url}?page={page}" if page > 1 else url


def _home_context(user, tab, page):
    """As this reader sees it; for a StandInMember, as every member who ignores no one sees it
    before their own marks are put in (member_lists.py)."""
    if isinstance(user, StandInMember):
        posts, total = Post.objects.visible().in_tab(tab).for_list(), member_post_count()
    else:
        posts = with_unread_marks(Post.objects.visible_to(user).in_tab(tab).for_list().with_votes_of(user), user)
        total = visible_post_count(user)
    rows, pages = counted_page(posts, page, POSTS_PER_PAGE, total, max_page=MAX_HOME_PAGES)
    tabs = [(name, _tab_url(name, 1)) for name in Post.TABS]
    return {"posts": rows, "pages": pages, "tab": tab, "tabs": tabs}


@require_safe
def old(request):
    """`/old?years_ago=N`: the posts of the calendar year N years before this one, oldest first."""
    years = years_ago(request.GET.get("years_ago", "1"))
    if years is None:
        raise Http404("Give years_ago as a number of years, 0 to 100.")
    year, start, end = calendar_year(years)
    user = request.user
    posts = Post.objects.visible_to(user).created_between(start, end).oldest_first().for_list().with_votes_of(user)
    rows, pages = page_looking_ahead(with_unread_marks(posts, user), page_number(request), POSTS_PER_PAGE)
    context = {
        "posts": rows,
        "pages": pages,
        "page_href": f"?years_ago={years}&page=",
        "year": year,
        "years_ago": years,
        "max_years": OLD_MAX_YEARS,
    }
    return render(request, "posts/old.html", context)


def random_post(request):
    post = Post.objects.visible_to(request.user).random(
        excluding_id=positive_int(request.GET.get("from", "")), bounds=_random_bounds(request.user)
    )
    if post is None:
        return redirect("posts:home")
    return redirect(post)


@require_POST
@login_required_back
@refuse_banned_members
def toggle_nsfw(request, pk):
    post = get_object_or_404(Post.objects.visible(), pk=pk)
    if not post.can_toggle_nsfw(request.user):
        raise PermissionDenied("Members whose comments still wait for approval cannot mark posts yet.")
    try:
        is_nsfw = post_toggle_nsfw(post, by=request.user)
    except PostRefused as refusal:  # too many marks this hour
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Marked not safe for work." if is_nsfw else "Marked safe for work.")
    return redirect_back(request, post.get_absolute_url())


# Writing and editing posts


@login_required
@require_http_methods(["GET", "POST"])
def post_new(request):
    if not request.user.is_established and (ban := network_ban(request.visitor.network_digest)):
        return banned_page(request, ban, refused="post", text=request.POST.get("body", ""))
    if request.method == "GET":
        return _compose_page(request, PostForm(), notice=posting_refusal(request.user))
    form = _bind(request)
    if not form.is_valid() or _wants_preview(request):
        return _compose_page(request, form, preview=_wants_preview(request))
    try:
        post = post_create(author=request.user, **_post_fields(form))
    except PostRefused as refusal:
        form.add_error(refusal.field, str(refusal))
        return _compose_page(request, form)
    if post.is_published:
        messages.success(request, "Your post is up.")
    else:
        messages.success(request, f"Your post waits for a moderator: {post.hold.why}.")
    return redirect(post)


@login_required
@require_http_methods(["GET", "POST"])
@refuse_banned_members
def post_edit_view(request, pk):
    post = get_object_or_404(Post.objects.editable_by(request.user), pk=pk)
    if request.method == "GET":
        return _compose_page(request, PostForm(initial={"title": post.title, "body": post.body}), post=post)
    form = _bind(request)
    if not form.is_valid() or _wants_preview(request):
        return _compose_page(request, form, post=post, preview=_wants_preview(request))
    try:
        edit = post_edit(post, by=request.user, **_post_fields(form))
    except PostRefused as refusal:
        form.add_error(refusal.field, str(refusal))
        return _compose_page(request, form, post=post)
    messages.success(request, "Your changes are saved." if edit else "Nothing changed.")
    return redirect(post)


def _bind(request):
    """The form as sent, with an uploaded picture stored and its Markdown added to the body.

    The picture is stored whatever else the form lacks: a file input cannot be filled again, so a
    refused form keeps the picture as Markdown in its text instead of asking for it again."""
    data = request.POST.copy()
    upload = request.FILES.get("image")
    problem = None
    if upload is not None:
        if not take_upload_allowance(request.user.pk):
            problem = ValidationError(TOO_MANY, code="too_many")
        else:
            try:
                url = store_uploaded_image(upload, folder="posts", max_side=_image_max_side())
            except ValidationError as error:
                problem = error
            else:
                data["body"] = _with_image(data.get("body", ""), url)
    form = PostForm(data)
    if problem is not None:
        form.is_valid()  # so add_error has cleaned_data to take the field out of
        form.add_error("image", problem)
    return form


def _with_image(body, url):
    body = body.rstrip()
    return f"{body}\n\n![]({url})" if body else f"![]({url})"


def _image_max_side():
    return getattr(settings, "POST_IMAGE_MAX_SIDE", DEFAULT_POST_IMAGE_MAX_SIDE)


def _wants_preview(request):
    return request.POST.get("action") == "preview"


def _post_fields(form):
    return {"title": form.cleaned_data["title"], "body": form.cleaned_data["body"]}


def _compose_page(request, form, *, post=None, preview=False, notice=None):
    """The new-post or edit form; with the rendered text above it for a preview (nothing saved).
    A form with errors comes back with status 400 and everything that was typed."""
    shown = None
    if preview and form.is_valid():
        shown = {"title": form.cleaned_data["title"], "html": render_markdown(form.cleaned_data["body"]).html}
        # Say now what would refuse it, rather than after the writer presses Post.
        if post is None:
            notice = posting_refusal(request.user) or duplicate_title_refusal(shown["title"])
        elif post.is_published:
            notice = duplicate_title_refusal(shown["title"], excluding=post)
    refused = form.is_bound and not form.is_valid()
    context = {"form": form, "post": post, "preview": shown, "notice": notice}
    return render(request, "posts/compose.html", context, status=400 if refused else 200)
