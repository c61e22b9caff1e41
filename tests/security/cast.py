"""The cast of the permission matrix: who asks, and the rows their requests name."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.test import Client
from django.utils import timezone
from django.utils.crypto import get_random_string

from forum.anonymous.visitor import COOKIE_NAME as VISITOR_COOKIE
from forum.comments.models import Comment
from forum.notifications.links import SALT as STOP_SALT
from tests.factories import make_anonymous, make_comment, make_post, make_user

ANONYMOUS = "anonymous"  # a browser that never came before: no cookie at all
VISITOR = "visitor"  # an anonymous browser with its visitor cookie, that wrote nothing here
MODERATED = "moderated"  # a member at the lowest trust level: a fresh signup
MEMBER = "member"  # an established member trusted as normal, with approved comments
OWNER = "owner"  # who wrote the object the URL names (a member, or the anonymous browser)
MODERATOR = "moderator"
ADMIN = "admin"
ROLES = (ANONYMOUS, VISITOR, MODERATED, MEMBER, OWNER, MODERATOR, ADMIN)
EVERYONE = frozenset(ROLES)
MEMBERS = frozenset({MODERATED, MEMBER, OWNER, MODERATOR, ADMIN})
LOGGED_OUT = frozenset({ANONYMOUS, VISITOR})

CSRF_FIELD = "csrfmiddlewaretoken"


def _visitor_token():
    # The shape forum.anonymous.visitor accepts (22 URL-safe characters).
    return get_random_string(22)


@dataclass
class World:
    """The rows every URL of the table can name: members of each role, a post and comments by
    OWNER (one held, one by an anonymous browser), a stop link of OWNER's emails. Built anew for each test."""

    owner: object
    member: object
    moderated: object
    moderator: object
    admin: object
    post: object
    comment: object
    held_comment: object  # the owner's, held as spam
    anonymous_comment: object
    writer_token: str  # the cookie of the browser that wrote anonymous_comment
    visitor_token: str  # another anonymous browser's cookie
    stop_token: str

    @classmethod
    def build(cls):
        earlier = timezone.now() - timedelta(hours=1)  # past every "too fast" and the new-post limits
        owner = make_user("owner")
        member = make_user("member")
        post = make_post(author=owner, title="The post the matrix acts on", created_at=earlier)
        other_post = make_post(author=make_user("bystander"), title="Another discussion", created_at=earlier)
        for number in range(3):  # a normal member who has earned their first post
            make_comment(other_post, author=member, body=f"Approved comment {number}.", created_at=earlier)
        writer_token = _visitor_token()
        return cls(
            owner=owner,
            member=member,
            moderated=make_user("moderated", new=True),
            moderator=make_user("moderator", staff=True),
            admin=make_user("admin", superuser=True),
            post=post,
            comment=make_comment(post, author=owner, body="The owner's comment.", created_at=earlier),
            held_comment=make_comment(
                post, author=owner, body="Buy things.", created_at=earlier, status=Comment.Status.SPAM
            ),
            anonymous_comment=make_comment(
                post, anonymous=make_anonymous(writer_token), body="An anonymous comment.", created_at=earlier
            ),
            writer_token=writer_token,
            visitor_token=_visitor_token(),
            stop_token=signing.dumps([owner.pk, "watched_comments"], salt=STOP_SALT),
        )

    def who(self, role, owner):
        """The member (a User) or anonymous browser (a cookie's token) playing `role`; None for a
        browser with no cookie. `owner`: who wrote the object at hand (a User or a token)."""
        return {
            ANONYMOUS: None,
            VISITOR: self.visitor_token,
            MODERATED: self.moderated,
            MEMBER: self.member,
            OWNER: owner,
            MODERATOR: self.moderator,
            ADMIN: self.admin,
        }[role]


def client_as(who):
    """A browser as `who` (see World.who) that checks CSRF as real browsers' requests are
    checked, holding a CSRF cookie: post_data() adds the matching token to a form."""
    client = Client(enforce_csrf_checks=True)
    if isinstance(who, str):
        client.cookies[VISITOR_COOKIE] = who
    elif who is not None:
        client.force_login(who)
    client.csrf_secret = get_random_string(32)
    client.cookies[settings.CSRF_COOKIE_NAME] = client.csrf_secret
    return client


def with_token(client, data):
    return {**data, CSRF_FIELD: client.csrf_secret}
