"""Every kind of ban, for good and until a time: in force while it runs, gone by itself after."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from forum.anonymous.models import NetworkBan, VisitorBan
from forum.anonymous.services import visitors_ban, visitors_unban
from forum.bans import rules
from forum.bans.emails import normalized_email
from forum.bans.models import EmailBan, MemberBan
from forum.bans.services import ban_email, ban_member, ban_network, unban_member
from forum.moderation.models import ModerationAction
from tests.factories import make_anonymous, make_user

pytestmark = pytest.mark.django_db
HOUR = timedelta(hours=1)


@pytest.fixture
def admin_user(db):
    return make_user("boss", superuser=True)


@pytest.fixture
def later(monkeypatch):
    """later(delta): the clock moved on by delta, for everything that reads timezone.now()."""

    def move(delta):
        moved = timezone.now() + delta
        monkeypatch.setattr(timezone, "now", lambda: moved)

    return move


def test_a_member_ban_for_good_holds_and_is_logged(admin_user, later):
    member = make_user()
    assert not rules.is_banned_member(member)
    ban_member(member, by=admin_user, reason="spam")
    notice = rules.member_ban(member)
    assert notice.kind == "member" and notice.until is None
    later(timedelta(days=3650))
    assert rules.is_banned_member(member)
    row = ModerationAction.objects.get(action="ban", target_kind="member", target_id=member.pk)
    assert row.actor == admin_user and row.is_public and row.before == {"ban": None}
    assert row.after["ban"]["until"] is None and row.after["ban"]["reason"] == "spam"


def test_a_member_ban_with_an_expiry_stops_applying_by_itself(admin_user, later):
    member = make_user()
    until = timezone.now() + HOUR
    ban_member(member, by=admin_user, until=until)
    assert rules.member_ban(member).until == until
    assert "until" in rules.member_ban(member).message
    later(HOUR + timedelta(seconds=1))
    assert not rules.is_banned_member(member)
    assert MemberBan.objects.filter(member=member).exists()  # kept for the admin; not in force


def test_lifting_a_member_ban_is_logged_with_what_it_was(admin_user):
    member = make_user()
    ban_member(member, by=admin_user, reason="rude")
    assert unban_member(member, by=admin_user)
    assert not rules.is_banned_member(member) and not MemberBan.objects.exists()
    row = ModerationAction.objects.get(action="unban")
    assert row.before["ban"]["reason"] == "rude" and row.after == {"ban": None}


def test_visitors_and_logged_out_readers_are_no_banned_members():
    assert rules.member_ban(AnonymousUser()) is None


def test_a_visitor_ban_for_good(admin_user, later):
    visitor = make_anonymous(address="203.0.113.20")
    visitors_ban([visitor], by=admin_user)
    visitor.refresh_from_db()
    notice = rules.visitor_ban(visitor, visitor.network_digest)
    assert notice.kind == "visitor" and notice.until is None and "blocked" in notice.message
    later(timedelta(days=3650))
    assert visitor.is_blocked_from(visitor.network_digest)
    assert ModerationAction.objects.filter(action="ban", target_kind="visitor", target_id=visitor.pk).exists()


def test_a_visitor_ban_with_an_expiry_stops_applying_by_itself(admin_user, later):
    visitor = make_anonymous(address="203.0.113.21")
    visitors_ban([visitor], by=admin_user, until=timezone.now() + HOUR, reason="cool off")
    visitor.refresh_from_db()
    assert visitor.is_banned and rules.visitor_ban(visitor, visitor.network_digest).until is not None
    later(2 * HOUR)
    assert rules.visitor_ban(visitor, visitor.network_digest) is None
    assert not visitor.is_blocked_from(visitor.network_digest)


def test_a_visitor_banned_without_terms_is_banned_for_good():
    visitor = make_anonymous(address="203.0.113.22", banned=True)  # as bans were made before terms
    assert not VisitorBan.objects.exists()
    assert rules.visitor_ban(visitor, visitor.network_digest).until is None


def test_lifting_a_visitor_ban_removes_its_terms_and_logs(admin_user):
    visitor = make_anonymous(address="203.0.113.23")
    visitors_ban([visitor], by=admin_user, with_network=True, until=timezone.now() + HOUR)
    result = visitors_unban([visitor], by=admin_user)
    visitor.refresh_from_db()
    assert result.lifted == [visitor] and not visitor.is_banned
    assert not VisitorBan.objects.exists() and not NetworkBan.objects.exists()
    assert ModerationAction.objects.filter(action="unban", target_kind="visitor").count() == 1
    assert ModerationAction.objects.filter(action="unban", target_kind="network", is_public=False).count() == 1


def test_a_network_ban_for_good(admin_user, later):
    visitor = make_anonymous(address="203.0.113.24")
    ban_network(visitor.network_digest, by=admin_user)
    stranger = make_anonymous(address="203.0.113.24")
    notice = rules.network_ban(stranger.network_digest)
    assert notice.kind == "network" and notice.until is None and "blocked" in notice.message
    later(timedelta(days=3650))
    assert rules.is_banned_network(stranger.network_digest)
    assert stranger.is_blocked_from(stranger.network_digest)
    row = ModerationAction.objects.get(action="ban", target_kind="network")
    assert not row.is_public  # networks stay off the public log


def test_a_network_ban_with_an_expiry_stops_applying_by_itself(admin_user, later):
    visitor = make_anonymous(address="203.0.113.25")
    ban_network(visitor.network_digest, by=admin_user, until=timezone.now() + HOUR)
    assert rules.is_banned_network(visitor.network_digest)
    assert NetworkBan.objects.is_banned(visitor.network_digest)
    later(2 * HOUR)
    assert not rules.is_banned_network(visitor.network_digest)
    assert not NetworkBan.objects.is_banned(visitor.network_digest)
    assert not visitor.is_blocked_from(visitor.network_digest)


def test_an_expired_ban_is_not_in_force_even_without_moving_the_clock(admin_user):
    visitor = make_anonymous(address="203.0.113.26")
    ban_network(visitor.network_digest, by=admin_user, until=timezone.now() - timedelta(seconds=1))
    member = make_user()
    ban_member(member, by=admin_user, until=timezone.now() - timedelta(seconds=1))
    assert not rules.is_banned_network(visitor.network_digest) and not rules.is_banned_member(member)


def test_banning_again_replaces_the_terms(admin_user):
    member = make_user()
    ban_member(member, by=admin_user, until=timezone.now() + HOUR)
    ban_member(member, by=admin_user, reason="for good now")
    assert MemberBan.objects.get().until is None
    second = ModerationAction.objects.filter(action="ban").order_by("id").last()
    assert second.before["ban"]["until"] is not None and second.after["ban"]["until"] is None


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Bob.Smith+forum@GoogleMail.com", "bobsmith@gmail.com"),
        ("  b.o.b.s.m.i.t.h@gmail.com ", "bobsmith@gmail.com"),
        ("Bob+x+y@Example.COM.", "bob@example.com"),
        ("j.smith@example.com", "j.smith@example.com"),  # a dot is part of the name elsewhere
        ("not an address", "not an address"),
        ("", ""),
    ],
)
def test_email_addresses_are_normalized_to_one_spelling_per_mailbox(typed, kept):
    assert normalized_email(typed) == kept


def test_an_email_ban_holds_for_look_alikes_and_ends_by_itself(admin_user, later):
    ban_email("Spammer@Gmail.com", by=admin_user, until=timezone.now() + HOUR)
    assert EmailBan.objects.get().address == "spammer@gmail.com"
    for look_alike in ("spammer@gmail.com", "S.Pammer+again@googlemail.com", "spammer@gmail.com."):
        assert rules.is_banned_email(look_alike), look_alike
    assert not rules.is_banned_email("spammer2@gmail.com") and not rules.is_banned_email("spammer@example.com")
    assert ModerationAction.objects.get(action="ban", target_kind="email").is_public is False
    later(2 * HOUR)
    assert not rules.is_banned_email("spammer@gmail.com")


def test_an_email_ban_for_good(admin_user, later):
    ban_email("someone@example.com", by=admin_user)
    later(timedelta(days=3650))
    assert rules.is_banned_email("Someone+1@example.com") and not rules.is_banned_email("")


def test_a_banned_member_cannot_post(client):
    from django.urls import reverse

    from forum.bans.services import ban_member
    from forum.posts.models import Post

    member = make_user("banned_writer")
    ban_member(member, by=make_user("an_admin", superuser=True), reason="spam")
    client.force_login(member)
    response = client.post(reverse("posts:new"), {"title": "Still here", "body": "Words", "action": "publish"})
    assert response.status_code == 400 and not Post.objects.filter(title="Still here").exists()
    assert "Still here" in response.content.decode()
