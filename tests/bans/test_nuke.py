"""Nuke hides everything a member or visitor wrote and bans every way back in; unnuke puts the
database back exactly as it was, bans, counters and all."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import RetiredName
from forum.anonymous.models import AnonymousIdentity, NetworkBan, VisitorBan, network_digest
from forum.bans import rules
from forum.bans.models import EmailBan, MemberBan, MemberNetwork, Nuke
from forum.bans.nuking import NukeRefused, nuke_member, nuke_visitor, unnuke
from forum.bans.services import ban_email, ban_network
from forum.comments.models import Comment
from forum.moderation.models import ModerationAction
from forum.posts.models import Post
from tests.factories import make_anonymous, make_comment, make_post, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()
HOME = "203.0.113.80"


def rows(model, *, leave_out=()):
    fields = [f.attname for f in model._meta.concrete_fields if f.name not in leave_out]
    return list(model.objects.order_by("pk").values(*fields))


def snapshot():
    """Every row a nuke may touch. thread_version is left out: it only ever moves on, so that no
    cached page of the old thread is served again."""
    return {
        "posts": rows(Post, leave_out={"thread_version"}),
        "comments": rows(Comment),
        "users": rows(User),
        "email_addresses": rows(EmailAddress),
        "identities": rows(AnonymousIdentity),
        "member_bans": rows(MemberBan),
        "visitor_bans": rows(VisitorBan),
        "network_bans": rows(NetworkBan),
        "email_bans": rows(EmailBan),
        "retired_names": rows(RetiredName),
        "member_networks": rows(MemberNetwork),
    }


@pytest.fixture
def admin_user(db):
    return make_user("boss", superuser=True)


@pytest.fixture
def world(admin_user):
    """A member with posts, comments in several states across threads, an earlier ban that ran
    out on a look-alike of their address and one until next week on their home network; others
    commenting before and after them."""
    start = timezone.now() - timedelta(days=5)
    nuked = make_user("spammy", email="Spammy.Person@gmail.com")
    EmailAddress.objects.create(user=nuked, email="spammy.alt@example.com", verified=False)
    MemberNetwork.objects.create(member=nuked, digest=network_digest(HOME))
    MemberNetwork.objects.create(
        member=nuked, digest=network_digest("198.51.100.99"), last_seen_at=start - timedelta(days=90)
    )
    ban_email("spammyperson+old@gmail.com", by=admin_user, until=start)  # ran out: replaced, then put back
    ban_network(network_digest(HOME), by=admin_user, until=timezone.now() + timedelta(days=7), reason="cool off")
    other, reader = make_user("other"), make_user("reader")
    other_post = make_post(author=other, title="Others talk", created_at=start)
    own_post = make_post(author=nuked, title="Buy my stuff", created_at=start + timedelta(hours=1))
    held_post = make_post(
        author=nuked, title="Already held", created_at=start + timedelta(hours=2), status=Post.Status.HELD
    )
    quiet_post = make_post(author=other, title="Where they had the last word", created_at=start)
    at = lambda hours: start + timedelta(hours=hours)  # noqa: E731
    comments = {
        "before": make_comment(other_post, author=reader, created_at=at(3)),
        "theirs": make_comment(other_post, author=nuked, created_at=at(4)),
        "after": make_comment(other_post, author=reader, created_at=at(5)),
        "flagged": make_comment(other_post, author=nuked, created_at=at(6), status=Comment.Status.FLAGGED),
        "waiting": make_comment(other_post, author=nuked, created_at=at(7), status=Comment.Status.PENDING),
        "on_own": make_comment(own_post, author=reader, created_at=at(8)),
        "last_word": make_comment(quiet_post, author=nuked, created_at=at(9)),
        "own_thread": make_comment(own_post, author=nuked, created_at=at(10)),
    }
    deleted = make_comment(other_post, author=nuked, created_at=at(11))
    Comment.objects.filter(pk=deleted.pk).update(deleted_at=at(12))
    return {"member": nuked, "posts": (other_post, own_post, held_post, quiet_post), "comments": comments}


def test_nuke_hides_everything_and_bans_every_way_back(admin_user, world):
    member, comments = world["member"], world["comments"]
    other_post, own_post, held_post, quiet_post = world["posts"]
    quiet_before = Post.objects.get(pk=quiet_post.pk)
    versions = dict(Post.objects.values_list("pk", "thread_version"))

    nuke = nuke_member(member, by=admin_user, reason="spam run")

    status = dict(Comment.objects.values_list("pk", "status"))
    for name in ("theirs", "flagged", "last_word", "own_thread"):
        assert status[comments[name].pk] == Comment.Status.SPAM, name
    assert status[comments["waiting"].pk] == Comment.Status.PENDING  # seen by nobody; keeps out of the numbering
    assert status[comments["before"].pk] == status[comments["after"].pk] == Comment.Status.APPROVED
    numbers = dict(Comment.objects.values_list("pk", "number"))
    assert [numbers[comments[n].pk] for n in ("before", "theirs", "after", "flagged")] == [1, 2, 3, 4]  # nobody moves
    assert Post.objects.get(pk=own_post.pk).status == Post.Status.HELD
    assert Post.objects.get(pk=held_post.pk).status == Post.Status.HELD
    quiet = Post.objects.get(pk=quiet_post.pk)
    assert quiet.latest_activity_at == quiet_post.created_at < quiet_before.latest_activity_at  # counters heal
    assert quiet.comment_count == quiet_before.comment_count == 1
    assert all(
        Post.objects.get(pk=pk).thread_version > versions[pk] for pk in (other_post.pk, own_post.pk, quiet_post.pk)
    )

    assert rules.member_ban(member).until is None
    for address in ("spammy.person@gmail.com", "SpammyPerson+2@googlemail.com", "spammy.alt@example.com"):
        assert rules.is_banned_email(address), address
    assert NetworkBan.objects.get(digest=network_digest(HOME)).until is None
    assert not NetworkBan.objects.filter(digest=network_digest("198.51.100.99")).exists()  # months ago: left
    assert RetiredName.objects.holding("spammy").exists() and RetiredName.objects.holding("SPAMMY").exists()

    assert nuke.by == admin_user and nuke.member == member and nuke.reason == "spam run"
    log = ModerationAction.objects.get(action="nuke")
    assert log.actor == admin_user and log.target_kind == "member" and log.target_id == member.pk
    assert log.before["comments"][str(comments["flagged"].pk)] == "flagged"
    assert log.after["comments"][str(comments["flagged"].pk)] == "spam"
    assert log.before["posts"] == {str(own_post.pk): "published"} and log.after["posts"] == {str(own_post.pk): "held"}
    assert log.after["nuke"] == nuke.pk and log.after["bans"] == ["email", "member", "network"]
    assert "gmail" not in str(log.before) + str(log.after)  # addresses stay in the Nuke row, off the log


def test_unnuke_puts_the_database_back_exactly(admin_user, world):
    before = snapshot()
    nuke = nuke_member(world["member"], by=admin_user, reason="oops")
    assert snapshot() != before
    counts = unnuke(nuke, by=admin_user)
    assert snapshot() == before
    assert counts == {"restored": 5, "left": 0}  # four comments and one post
    nuke.refresh_from_db()
    assert nuke.is_undone and nuke.undone_by == admin_user
    log = ModerationAction.objects.get(action="unnuke")
    assert log.actor == admin_user and log.target_id == world["member"].pk and log.after["nuke"] == nuke.pk
    assert log.after["comments"][str(world["comments"]["flagged"].pk)] == "flagged"


def test_a_nuked_member_can_be_nuked_again_after_unnuke_and_put_back_again(admin_user, world):
    before = snapshot()
    unnuke(nuke_member(world["member"], by=admin_user), by=admin_user)
    unnuke(nuke_member(world["member"], by=admin_user), by=admin_user)
    assert snapshot() == before


def test_unnuke_leaves_what_a_moderator_judged_since(admin_user, world):
    nuke = nuke_member(world["member"], by=admin_user)
    theirs = world["comments"]["theirs"]
    Comment.objects.filter(pk=theirs.pk).update(status=Comment.Status.PERSONAL_ATTACK)
    counts = unnuke(nuke, by=admin_user)
    assert counts == {"restored": 4, "left": 1}
    assert Comment.objects.get(pk=theirs.pk).status == Comment.Status.PERSONAL_ATTACK


def test_nuking_and_unnuking_a_visitor(admin_user):
    post = make_post()
    visitor = make_anonymous(address=HOME)
    bystander = make_anonymous(address="198.51.100.81")
    shown = make_comment(post, anonymous=visitor, created_at=timezone.now() - timedelta(hours=2))
    make_comment(post, anonymous=bystander, created_at=timezone.now() - timedelta(hours=1))
    before = snapshot()

    nuke = nuke_visitor(visitor, by=admin_user, reason="spam")
    visitor.refresh_from_db()
    assert Comment.objects.get(pk=shown.pk).status == Comment.Status.SPAM
    assert rules.visitor_ban(visitor, "").kind == "visitor"
    assert rules.is_banned_network(network_digest(HOME))
    assert not bystander.is_blocked_from(bystander.network_digest)
    assert ModerationAction.objects.get(action="nuke").target_kind == "visitor"

    unnuke(nuke, by=admin_user)
    assert snapshot() == before
    assert ModerationAction.objects.filter(action="unnuke", target_kind="visitor", target_id=visitor.pk).exists()


def test_a_visitor_banned_before_the_nuke_stays_banned_after_unnuke(admin_user):
    visitor = make_anonymous(address=HOME, banned=True)
    before = snapshot()
    unnuke(nuke_visitor(visitor, by=admin_user), by=admin_user)
    assert snapshot() == before
    visitor.refresh_from_db()
    assert visitor.is_banned and rules.visitor_ban(visitor, "") is not None


@pytest.mark.parametrize("role", ["member", "moderator", "inactive admin"])
def test_only_admins_may_nuke_or_unnuke(admin_user, world, role):
    actor = {
        "member": lambda: make_user(),
        "moderator": lambda: make_user(staff=True),
        "inactive admin": lambda: make_user(superuser=True, active=False),
    }[role]()
    visitor = make_anonymous()
    before = snapshot()
    with pytest.raises(PermissionDenied):
        nuke_member(world["member"], by=actor)
    with pytest.raises(PermissionDenied):
        nuke_visitor(visitor, by=actor)
    assert snapshot() == before and not Nuke.objects.exists()
    nuke = nuke_member(world["member"], by=admin_user)
    with pytest.raises(PermissionDenied):
        unnuke(nuke, by=actor)
    assert not Nuke.objects.get().is_undone


def test_an_admin_by_trust_level_may_nuke(world):
    from accounts.models import TrustLevel

    admin_by_trust = make_user(staff=True)
    User.objects.filter(pk=admin_by_trust.pk).update(trust_level=TrustLevel.ADMIN)
    admin_by_trust.refresh_from_db()
    assert nuke_member(world["member"], by=admin_by_trust).pk


def test_refusals(admin_user, world):
    with pytest.raises(NukeRefused):
        nuke_member(admin_user, by=admin_user)
    with pytest.raises(NukeRefused):
        nuke_member(make_user(superuser=True), by=admin_user)
    nuke = nuke_member(world["member"], by=admin_user)
    with pytest.raises(NukeRefused):
        nuke_member(world["member"], by=admin_user)
    unnuke(nuke, by=admin_user)
    with pytest.raises(NukeRefused):
        unnuke(nuke, by=admin_user)
    assert (
        ModerationAction.objects.filter(action="nuke").count()
        == ModerationAction.objects.filter(action="unnuke").count()
        == 1
    )


# Two nukes on one network (or one address): undoing either leaves the ban the other relies on.


def shared_network_pair(admin_user):
    first, second = make_user("first", email="first@example.com"), make_user("second", email="second@example.com")
    for member in (first, second):
        MemberNetwork.objects.create(member=member, digest=network_digest(HOME))
    return first, second


def network_banned():
    return rules.is_banned_network(network_digest(HOME))


def test_unnuking_the_first_of_two_nukes_on_one_network_keeps_it_banned(admin_user):
    first, second = shared_network_pair(admin_user)
    before = snapshot()
    nuke_a = nuke_member(first, by=admin_user)
    nuke_b = nuke_member(second, by=admin_user)
    relied = [ban for ban in Nuke.objects.get(pk=nuke_b.pk).changes["bans"] if ban["kind"] == "network"]
    (entry,) = relied
    assert entry["lookup"] == {"digest": network_digest(HOME)} and entry["made"] is False
    assert ModerationAction.objects.get(action="nuke", target_id=second.pk).after["bans"] == ["email", "member"]

    unnuke(nuke_a, by=admin_user)
    assert network_banned()
    assert not rules.is_banned_member(first) and rules.is_banned_member(second)
    unnuke(nuke_b, by=admin_user)
    assert not network_banned()
    assert snapshot() == before


def test_unnuking_the_second_first_also_keeps_it_until_the_last(admin_user):
    first, second = shared_network_pair(admin_user)
    before = snapshot()
    nuke_a = nuke_member(first, by=admin_user)
    nuke_b = nuke_member(second, by=admin_user)
    unnuke(nuke_b, by=admin_user)
    assert network_banned()
    unnuke(nuke_a, by=admin_user)
    assert not network_banned()
    assert snapshot() == before


def test_a_member_and_a_visitor_on_one_network(admin_user):
    (member, _), visitor = shared_network_pair(admin_user), make_anonymous(address=HOME)
    before = snapshot()
    nuke_a = nuke_visitor(visitor, by=admin_user)
    nuke_b = nuke_member(member, by=admin_user)
    unnuke(nuke_a, by=admin_user)
    assert network_banned()
    unnuke(nuke_b, by=admin_user)
    assert snapshot() == before


def test_a_ban_an_admin_set_for_good_before_both_nukes_stays_after_both(admin_user):
    first, second = shared_network_pair(admin_user)
    ban_network(network_digest(HOME), by=admin_user, reason="known spam source")
    before = snapshot()
    for nuke in [nuke_member(first, by=admin_user), nuke_member(second, by=admin_user)]:
        unnuke(nuke, by=admin_user)
        assert network_banned()
    assert snapshot() == before


def test_two_members_with_one_mailbox(admin_user):
    first = make_user("first", email="same.box@gmail.com")
    second = make_user("second", email="samebox+2@gmail.com")
    nuke_a, nuke_b = nuke_member(first, by=admin_user), nuke_member(second, by=admin_user)
    unnuke(nuke_a, by=admin_user)
    assert rules.is_banned_email("samebox@gmail.com")
    unnuke(nuke_b, by=admin_user)
    assert not rules.is_banned_email("samebox@gmail.com")
