"""The permission matrix's table: every URL pattern of the project, what it answers and who may
use it. tests/security/test_permission_matrix.py walks the URLconf and fails for a pattern that
is not here (or under a coarse rule: the admin, allauth), so a new view cannot be forgotten.

A row: the methods the view answers (others get 405), whether it changes state, the roles that
may use it (cast.py), and for each object it can name (a Target) the address's values, the
object's writer (OWNER) and the form a permitted role would send.
"""

from collections.abc import Callable
from dataclasses import dataclass

from tests.factories import PASSWORD

from .cast import ADMIN, EVERYONE, MEMBER, MEMBERS, MODERATED, MODERATOR, OWNER

SAFE = frozenset({"GET", "HEAD"})
ANY = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"})  # a view with no method rule


def _post(world):
    return {"pk": world.post.pk}


@dataclass(frozen=True)
class Target:
    """One object a URL can name: `kwargs(world)` fills the address, `owner(world)` is who wrote
    it (a User, or an anonymous browser's token), `data(world)` the form a permitted role sends."""

    label: str = "post"
    kwargs: Callable = _post
    owner: Callable = lambda world: world.owner
    data: Callable = lambda world: {}


@dataclass(frozen=True)
class Rule:
    methods: frozenset
    changes: bool
    may: frozenset
    targets: tuple = (Target(),)
    # The one kind of view that may take a POST without a CSRF token, and why.
    csrf_exempt: str = ""
    note: str = ""


POST_ONLY = frozenset({"POST"})
# Members acting on someone else: their own post, comment or profile is refused.
VOTERS = OTHERS = frozenset({MODERATED, MEMBER, MODERATOR, ADMIN})
JUDGES = frozenset({MODERATOR, ADMIN})
FORM = frozenset({"GET", "POST"})

MEMBER_COMMENT = Target("the owner's comment", lambda world: {"pk": world.comment.pk})
ANONYMOUS_COMMENT = Target(
    "an anonymous comment", lambda world: {"pk": world.anonymous_comment.pk}, owner=lambda world: world.writer_token
)
# A member's own page (settings): every member is its owner.
OWN = Target("their own", lambda world: {})
PROFILE = Target("the owner's profile", lambda world: {"username": world.owner.username})


def _data(target, data):
    return Target(target.label, target.kwargs, target.owner, data)


def _edit(target):
    return _data(target, lambda world: {"body": "Edited words, nothing more."})


TABLE = {
    # forum/posts/urls.py
    "posts:home": Rule(ANY, False, EVERYONE, (OWN,)),
    "posts:random": Rule(ANY, False, EVERYONE, (OWN,)),
    "posts:tab": Rule(ANY, False, EVERYONE, (Target("the new tab", lambda world: {"tab": "new"}),)),
    "posts:old": Rule(SAFE, False, EVERYONE, (OWN,)),
    "comments:list": Rule(SAFE, False, EVERYONE, (OWN,)),
    "comments:best": Rule(SAFE, False, EVERYONE, (OWN,)),
    "comments:best-all": Rule(SAFE, False, EVERYONE, (OWN,)),
    "shortcuts": Rule(SAFE, False, EVERYONE, (OWN,)),
    "search:search": Rule(SAFE, False, EVERYONE, (OWN,)),
    "posts:new-short": Rule(ANY, False, EVERYONE, (OWN,), note="a redirect to posts:new"),
    "posts:submit": Rule(ANY, False, EVERYONE, (OWN,), note="a redirect to posts:new"),
    "posts:new": Rule(
        FORM,
        True,
        frozenset({MEMBER, OWNER, MODERATOR, ADMIN}),
        (Target("a new post", lambda world: {}, data=lambda world: {"title": "A brand new title", "body": "Words."}),),
        note="a fresh member is turned away until they have approved comments (posting_refusal)",
    ),
    "posts:edit": Rule(
        FORM,
        True,
        frozenset({OWNER, MODERATOR, ADMIN}),
        (Target(data=lambda world: {"title": world.post.title, "body": "The body, edited."}),),
    ),
    "posts:toggle-nsfw": Rule(
        POST_ONLY, True, frozenset({MEMBER, OWNER, MODERATOR, ADMIN}), note="established members (is_established)"
    ),
    # forum/threads/urls.py
    "threads:post": Rule(
        SAFE, False, EVERYONE, (Target(kwargs=lambda world: {"pk": world.post.pk, "slug": world.post.slug}),)
    ),
    "threads:post-short": Rule(SAFE, False, EVERYONE),
    "threads:comment-create": Rule(
        FORM,
        True,
        EVERYONE,
        (Target(kwargs=lambda world: {"post_id": world.post.pk}, data=lambda world: {"body": "A new comment here."}),),
        note="anonymous visitors comment too; a GET leads to the comment box",
    ),
    "threads:post-quote": Rule(POST_ONLY, False, EVERYONE, note="a POST only because a selection can be long"),
    "threads:comment": Rule(ANY, False, EVERYONE, (MEMBER_COMMENT,)),
    "threads:comment-quote": Rule(POST_ONLY, False, EVERYONE, (MEMBER_COMMENT,)),
    # forum/comments/urls.py
    "comments:edit": Rule(
        FORM, True, frozenset({OWNER, MODERATOR, ADMIN}), (_edit(MEMBER_COMMENT), _edit(ANONYMOUS_COMMENT))
    ),
    "comments:delete": Rule(FORM, True, frozenset({OWNER, MODERATOR, ADMIN}), (MEMBER_COMMENT, ANONYMOUS_COMMENT)),
    # forum/watches/urls.py
    "watches:toggle": Rule(POST_ONLY, True, MEMBERS, (Target(kwargs=lambda world: {"post_id": world.post.pk}),)),
    # forum/notifications/urls.py
    "notifications:settings": Rule(FORM, True, MEMBERS, (OWN,)),
    "notifications:stop": Rule(
        FORM,
        True,
        EVERYONE,
        (Target("OWNER's stop link", lambda world: {"token": world.stop_token}),),
        csrf_exempt="mail clients POST List-Unsubscribe with no session (RFC 8058); the signed token is the proof",
        note="whoever holds the signed link; a forged token is a 404 (test_a_forged_stop_link_stops_nothing)",
    ),
    # forum/likes/urls.py
    "likes:post": Rule(POST_ONLY, True, VOTERS, (Target(data=lambda world: {"vote": "like"}),)),
    "likes:comment": Rule(
        POST_ONLY,
        True,
        VOTERS,
        (_data(MEMBER_COMMENT, lambda world: {"vote": "like"}),),
        note="no vote on your own words",
    ),
    # forum/flags/urls.py
    "flags:comment": Rule(
        FORM,
        True,
        frozenset({MEMBER, MODERATOR, ADMIN}),
        (_data(MEMBER_COMMENT, lambda world: {"reason": "spam"}),),
        note="established members trusted as normal and up (flags.models.may_flag), not on their own words",
    ),
    # forum/moderation/urls.py
    "moderation:log": Rule(SAFE, False, EVERYONE, (OWN,)),
    "moderation:comment-approve": Rule(
        POST_ONLY, True, JUDGES, (Target("the owner's held comment", lambda world: {"pk": world.held_comment.pk}),)
    ),
    "moderation:comment-hold": Rule(
        POST_ONLY, True, JUDGES, (_data(MEMBER_COMMENT, lambda world: {"reason": "personal_attack"}),)
    ),
    # forum/syndication/urls.py: public documents, the same for every reader
    "syndication:posts": Rule(SAFE, False, EVERYONE, (OWN,)),
    "syndication:posts-rss": Rule(SAFE, False, EVERYONE, (OWN,)),
    "syndication:posts-atom": Rule(SAFE, False, EVERYONE, (OWN,)),
    "syndication:member-posts": Rule(SAFE, False, EVERYONE, (PROFILE,)),
    "syndication:member-posts-atom": Rule(SAFE, False, EVERYONE, (PROFILE,)),
    "syndication:member-comments": Rule(SAFE, False, EVERYONE, (PROFILE,)),
    "syndication:member-comments-atom": Rule(SAFE, False, EVERYONE, (PROFILE,)),
    "syndication:thread": Rule(SAFE, False, EVERYONE),
    "syndication:thread-atom": Rule(SAFE, False, EVERYONE),
    "syndication:post-slash": Rule(SAFE, False, EVERYONE, note="a permanent redirect to threads:post"),
    "syndication:post-slug-slash": Rule(
        SAFE,
        False,
        EVERYONE,
        (Target(kwargs=lambda world: {"pk": world.post.pk, "slug": world.post.slug}),),
        note="a permanent redirect to threads:post",
    ),
    "syndication:sitemap-index": Rule(SAFE, False, EVERYONE, (OWN,)),
    "syndication:sitemap": Rule(
        SAFE, False, EVERYONE, (Target("the posts' section", lambda world: {"section": "posts"}),)
    ),
    "syndication:robots": Rule(SAFE, False, EVERYONE, (OWN,)),
    # accounts/urls.py
    "accounts:profile": Rule(ANY, False, EVERYONE, (PROFILE,)),
    "accounts:follow": Rule(POST_ONLY, True, OTHERS, (PROFILE,)),
    "accounts:ignore": Rule(POST_ONLY, True, OTHERS, (PROFILE,)),
    "accounts:settings": Rule(
        ANY,
        True,
        MEMBERS,
        (Target("their own", lambda world: {}, data=lambda world: {"about": "New words about me.", "timezone": ""}),),
    ),
    "accounts:delete": Rule(
        ANY, True, MEMBERS, (Target("their own", lambda world: {}, data=lambda world: {"password": PASSWORD}),)
    ),
}

# Patterns seen added by others while this table was written, not yet described: the unknown-pattern
# test lets these through (and fails when one is gone). Move each into TABLE.
PENDING = frozenset()
