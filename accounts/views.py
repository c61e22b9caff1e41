from functools import cache

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from forum.bans.pages import refuse_banned_members
from forum.core.compiled import CompiledQuery, text_mark
from forum.core.http import redirect_back
from forum.core.instant import instant_response, toggled, wants_json
from forum.core.pagecache import (
    Slots,
    StandInMember,
    cached_page,
    may_share_member_page,
    may_share_page,
    render_shared,
    sitewide_changed,
)
from forum.core.paging import page_number, slice_page
from forum.notifications.events import member_followed
from forum.posts.member_lists import for_member, member_rows_state, shared_member_list, stand_in_for
from forum.posts.models import Post
from forum.unread.marks import with_unread_marks

from .decorators import login_required_back
from .forms import DeleteAccountForm, SettingsForm
from .models import Follow, Ignore, User
from .services import member_delete

PROFILE_POSTS = 20
# Its post rows say "latest 3 minutes ago": a shared profile is rendered again at least this often.
SHARED_PROFILE_SECONDS = 60


def profile(request, username):
    member = _active_member_named(username)
    page = page_number(request)
    if may_share_page(request, last_page=1):
        key = f"profile:{member.pk}:{timezone.get_current_timezone_name()}"
        html = cached_page(
            key,
            (member.username, member.about_html, member.avatar.name),
            lambda: render_shared("accounts/profile.html", _profile_context(member, request.user, 1), request),
            timeout=SHARED_PROFILE_SECONDS,
        )
        return HttpResponse(html)
    if member != request.user and may_share_member_page(request, last_page=1):
        html = _member_profile(request, member)
        if html is not None:
            return HttpResponse(html)
    return render(request, "accounts/profile.html", _profile_context(member, request.user, page))


def _member_profile(request, member):
    """The profile members share (forum/posts/member_lists.py) as this member sees it, or None
    where it is theirs alone (they ignore its member)."""
    reader = stand_in_for(request.user)
    zone = timezone.get_current_timezone_name()
    key = f"member-profile:{member.pk}:{zone}:{reader.variant}"

    def render():
        context = {**_profile_context(member, reader, 1), "unread_markers": True, "follow_slot": Slots.FOLLOW}

        def follow_form(following):
            state = {**context, "is_following": following}
            return render_shared("accounts/_profile_follow.html", state, request, user=reader)

        html = render_shared("accounts/profile.html", context, request, user=reader)
        return html, context["posts"], {Slots.FOLLOW: (follow_form(False), follow_form(True))}

    versions = (member.username, member.about_html, member.avatar.name)
    shared = shared_member_list(key, render, versions=versions, timeout=SHARED_PROFILE_SECONDS)
    state = member_rows_state(request.user, [pk for pk, _ in shared.rows], about=member.pk)
    if state["ignoring"]:
        return None
    return for_member(request, shared, state, forms_on={Slots.FOLLOW} if state["following"] else ())


PROFILE_COUNTS_SECONDS = 3600
_NAME_MARK = text_mark("name")


def _active_member_named(username):
    """The active member of this name in any case, or 404: the first query of every profile
    request, compiled once (forum/core/compiled.py)."""
    found = _members_named().first(name=username.lower())
    if found is None:
        raise Http404("No such member.")
    return found


@cache
def _members_named():
    return CompiledQuery(User.objects.named(_NAME_MARK).filter(is_active=True), name=_NAME_MARK)


def _profile_context(member, reader, page):
    """As this reader sees it; for a StandInMember, as every member who does not ignore the
    profile's member sees it, before their own parts are put in (_member_profile)."""
    if isinstance(reader, StandInMember):
        posts, relation = Post.objects.visible().filter(author=member), {}
    else:
        posts = Post.objects.visible_to(reader).filter(author=member)
        relation = reader.relation_to(member) if reader.is_authenticated else {}
    # A member you ignore: their profile says so, and shows none of their words.
    ignoring = relation.get("ignoring", False)
    # Counting a prolific member's comments reads thousands of rows: counted once per change to
    # the forum (the sitewide counters move with every comment, follow and post) for each kind of
    # reader (what they may see of the posts differs), not once a request.
    audience = "ignoring" if ignoring else "members" if reader.is_authenticated else "visitors"
    counts = cached_page(
        f"profile-counts:{member.pk}:{audience}",
        (),
        lambda: User.objects.profile_counts(member, posts),
        timeout=PROFILE_COUNTS_SECONDS,
    )
    listed = posts.newest_first().for_list()
    if not isinstance(reader, StandInMember):  # a member's votes and unread marks, as on every list
        listed = with_unread_marks(listed.with_votes_of(reader), reader)
    rows, has_next = ([], False) if ignoring else slice_page(listed, page, PROFILE_POSTS)
    return {
        "member": member,
        "posts": rows,
        "page": page,
        "has_next": has_next,
        **counts,
        "is_following": relation.get("following", False),
        "is_ignoring": ignoring,
    }


@require_POST
@login_required_back
@refuse_banned_members
def follow_toggle(request, username):
    member = get_object_or_404(User.objects.named(username), is_active=True)
    if member == request.user:
        return _refused(request, "You cannot follow yourself.", member)
    with transaction.atomic():  # the new-follower email is queued exactly when the follow exists
        following = Follow.toggle(follower=request.user, followed=member)
        if following:
            member_followed(request.user, member)
        sitewide_changed()  # the shared profile page shows the follower count
    message = f"You are now following {member}." if following else f"You no longer follow {member}."
    if wants_json(request):
        # The profile's button words; the byline shows "following x" from the same answer (forum.js).
        label, title = ("unfollow", f"unfollow {member}") if following else ("follow", f"follow {member}")
        return toggled(message, pressed=following, label=label, title=title, following=following)
    messages.success(request, message)
    return redirect_back(request, member.get_absolute_url())


@require_POST
@login_required_back
def ignore_toggle(request, username):
    member = get_object_or_404(User.objects.named(username), is_active=True)
    if not request.user.can_ignore(member):
        return _refused(request, "You cannot ignore yourself.", member)
    ignoring = Ignore.toggle(ignorer=request.user, ignored=member)
    if ignoring:
        message = f"You are ignoring {member}: you will not see their posts and comments."
    else:
        message = f"You no longer ignore {member}."
    if wants_json(request):
        # The profile's button (templates/accounts/profile.html) in its new state.
        if ignoring:
            label, title = "unignore", f"see {member}'s posts and comments again"
        else:
            label, title = "ignore", f"hide {member}'s posts and comments from you"
        return toggled(message, pressed=ignoring, label=label, title=title, ignoring=ignoring)
    messages.success(request, message)
    return redirect_back(request, member.get_absolute_url())


def _refused(request, message, member):
    if wants_json(request):
        return instant_response(error=message)
    messages.error(request, message)
    return redirect_back(request, member.get_absolute_url())


@login_required
@refuse_banned_members
def member_settings(request):
    form = SettingsForm(request.POST or None, request.FILES or None, instance=request.user)
    if request.method == "POST" and form.is_valid() and form.store_avatar():
        form.save()
        messages.success(request, "Your settings are saved.")
        return redirect("accounts:settings")
    ignored = User.objects.filter(ignored_by_set__ignorer=request.user).order_by("username").only("username")
    return render(request, "accounts/settings.html", {"form": form, "ignored_members": ignored})


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        member_delete(member=request.user)
        logout(request)
        messages.success(request, "Your account is deleted. What you wrote stays, as by a deleted member.")
        return redirect(reverse("posts:home"))
    status = 429 if form.is_throttled else 400 if form.errors else 200
    return render(request, "accounts/delete.html", {"form": form}, status=status)
