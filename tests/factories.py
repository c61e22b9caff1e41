"""Rows for tests, with named variants: make_user(staff=True), make_post(status=HELD), ..."""

import itertools
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import TrustLevel
from forum.anonymous.models import AnonymousIdentity, NetworkBan, candidate_names, network_digest, visitor_digest
from forum.anonymous.network import visitor_network
from forum.anonymous.visitor import Visitor
from forum.comments.models import Comment
from forum.comments.services import post_recount_comments
from forum.core.pagecache import sitewide_changed
from forum.posts.models import Post

_sequence = itertools.count(1)
PASSWORD = "correct horse battery staple"


def make_user(username=None, *, staff=False, superuser=False, active=True, email=None, new=False):
    """A member; established (a month old, email verified, trusted as normal, or as moderator or
    admin with staff or superuser) unless new=True: joined just now, unverified and at the trust
    level a fresh signup gets (settings.NEW_MEMBER_TRUST_LEVEL)."""
    username = username or f"member{next(_sequence)}"
    email = email or f"{username}@example.com"
    trust = {"trust_level": TrustLevel.ADMIN if superuser else TrustLevel.MODERATOR if staff else TrustLevel.NORMAL}
    user = get_user_model().objects.create_user(
        username, email, PASSWORD, is_staff=staff or superuser, is_superuser=superuser, is_active=active,
        date_joined=timezone.now() - (timedelta(0) if new else timedelta(days=30)),
        **({} if new else trust),
    )  # fmt: skip
    if not new:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def make_post(*, author=None, title=None, body="Some words about housing.", created_at=None, **fields):
    post = Post(author=author or make_user(), created_at=created_at or timezone.now(), **fields)
    post.set_title(title or f"Post number {next(_sequence)}")
    post.set_body(body)
    post.latest_activity_at = post.created_at
    post.save()
    sitewide_changed()  # as every writer of posts does: lists move on
    return post


def make_posts(count, *, start=None, step=timedelta(hours=1), **fields):
    """`count` posts, oldest first, `step` apart."""
    start = start or timezone.now() - step * (count + 1)
    return [make_post(created_at=start + step * index, **fields) for index in range(count)]


def make_visitor(token=None, *, address="203.0.113.7"):
    """An anonymous visitor as a request would show them (see forum.anonymous.visitor.Visitor)."""
    return Visitor(visitor_digest(token or f"test-visitor-{next(_sequence)}"), network_digest(visitor_network(address)))


def make_anonymous(token=None, *, address="203.0.113.7", banned=False, network_banned=False):
    visitor = make_visitor(token, address=address)
    identity = AnonymousIdentity.objects.create(
        name=next(candidate_names(visitor.digest)),
        digest=visitor.digest,
        network_digest=visitor.network_digest,
        is_banned=banned or network_banned,
    )
    if network_banned:
        NetworkBan.objects.create(digest=visitor.network_digest, identity=identity)
    return identity


def make_comment(post, *, author=None, anonymous=None, body=None, created_at=None, status=Comment.Status.APPROVED):
    if author is None and anonymous is None:
        author = make_user()
    comment = Comment(
        post=post, author=author, anonymous=anonymous, status=status, created_at=created_at or timezone.now()
    )
    comment.set_body(body or f"Comment number {next(_sequence)}.")
    comment.save()
    post_recount_comments(post.pk)
    post.refresh_from_db()
    return comment


def make_thread(post, count, *, start=None, **fields):
    """`count` comments on post, a minute apart, oldest first; one recount at the end."""
    start = start or post.created_at + timedelta(minutes=1)
    author = fields.pop("author", None) or make_user()
    comments = []
    for index in range(count):
        comment = Comment(post=post, author=author, created_at=start + timedelta(minutes=index), **fields)
        comment.set_body(f"Comment {index + 1} in the thread.")
        comments.append(comment)
    Comment.objects.bulk_create(comments)
    post_recount_comments(post.pk)
    post.refresh_from_db()
    return comments
