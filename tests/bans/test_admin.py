"""Nuke, unnuke and bans in Django admin: a confirmation page first, admins only, logged."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from forum.anonymous.models import AnonymousIdentity
from forum.bans import rules
from forum.bans.models import MemberBan, Nuke
from forum.comments.models import Comment
from forum.moderation.models import ModerationAction
from forum.posts.models import Post
from tests.factories import make_anonymous, make_comment, make_post, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()
USERS = "admin:accounts_user_changelist"
VISITORS = "admin:anonymous_anonymousidentity_changelist"


@pytest.fixture
def spammer(db):
    member = make_user("spammer")
    make_comment(make_post(), author=member)
    make_post(author=member)
    return member


def test_nuking_a_member_asks_first_then_nukes(client, spammer):
    client.force_login(make_user("boss", superuser=True))
    page = client.post(reverse(USERS), {"action": "nuke_members", "_selected_action": [spammer.pk]})
    text = page.content.decode()
    assert page.status_code == 200 and "Nuke these members?" in text
    assert "1 comment held as spam, 1 post held" in text and 'name="confirmed" value="yes"' in text
    assert not Nuke.objects.exists() and Comment.objects.get(author=spammer).status == Comment.Status.APPROVED

    done = client.post(
        reverse(USERS),
        {"action": "nuke_members", "_selected_action": [spammer.pk], "confirmed": "yes", "reason": "spam run"},
    )
    assert done.status_code == 302
    assert Nuke.objects.get().reason == "spam run"
    assert Comment.objects.get(author=spammer).status == Comment.Status.SPAM
    assert Post.objects.get(author=spammer).status == Post.Status.HELD
    assert rules.is_banned_member(spammer)
    assert ModerationAction.objects.filter(action="nuke", target_id=spammer.pk, reason="spam run").exists()


def test_unnuke_from_the_nukes_list_asks_first_then_puts_back(client, spammer):
    admin_user = make_user("boss", superuser=True)
    client.force_login(admin_user)
    client.post(reverse(USERS), {"action": "nuke_members", "_selected_action": [spammer.pk], "confirmed": "yes"})
    nuke = Nuke.objects.get()
    changelist = reverse("admin:bans_nuke_changelist")
    page = client.post(changelist, {"action": "unnuke_selected", "_selected_action": [nuke.pk]})
    assert page.status_code == 200 and "Undo these nukes?" in page.content.decode()
    assert not Nuke.objects.get().is_undone
    client.post(changelist, {"action": "unnuke_selected", "_selected_action": [nuke.pk], "confirmed": "yes"})
    assert Nuke.objects.get().is_undone
    assert Comment.objects.get(author=spammer).status == Comment.Status.APPROVED
    assert not rules.is_banned_member(spammer)
    assert ModerationAction.objects.filter(action="unnuke", actor=admin_user).exists()


def test_nuking_a_visitor_from_their_page(client):
    visitor = make_anonymous(address="203.0.113.90")
    make_comment(make_post(), anonymous=visitor)
    client.force_login(make_user("boss", superuser=True))
    page = client.post(reverse(VISITORS), {"action": "nuke_visitors", "_selected_action": [visitor.pk]})
    assert "1 comment held as spam" in page.content.decode()
    client.post(reverse(VISITORS), {"action": "nuke_visitors", "_selected_action": [visitor.pk], "confirmed": "yes"})
    assert Nuke.objects.get().visitor == visitor
    assert AnonymousIdentity.objects.get(pk=visitor.pk).is_banned


def test_moderators_are_not_offered_nuke_and_cannot_run_it(client, spammer):
    visitor = make_anonymous(address="203.0.113.91")
    make_comment(make_post(), anonymous=visitor)
    client.force_login(make_user("mod", staff=True))
    assert "nuke_visitors" not in client.get(reverse(VISITORS)).content.decode()
    client.post(reverse(VISITORS), {"action": "nuke_visitors", "_selected_action": [visitor.pk], "confirmed": "yes"})
    client.post(reverse(USERS), {"action": "nuke_members", "_selected_action": [spammer.pk], "confirmed": "yes"})
    assert not Nuke.objects.exists() and not ModerationAction.objects.filter(action="nuke").exists()
    assert Comment.objects.filter(status=Comment.Status.SPAM).count() == 0


def test_admins_are_offered_nuke(client):
    make_anonymous()  # an empty list offers no actions
    client.force_login(make_user("boss", superuser=True))
    assert "nuke_members" in client.get(reverse(USERS)).content.decode()
    assert "nuke_visitors" in client.get(reverse(VISITORS)).content.decode()


def test_a_member_ban_with_an_expiry_is_added_and_lifted_in_admin_and_logged(client):
    admin_user, member = make_user("boss", superuser=True), make_user()
    client.force_login(admin_user)
    until = timezone.localtime(timezone.now() + timedelta(days=3)).replace(microsecond=0)
    day, time = until.strftime("%Y-%m-%d"), until.strftime("%H:%M:%S")
    response = client.post(
        reverse("admin:bans_memberban_add"), {"member": member.pk, "until_0": day, "until_1": time, "reason": "rude"}
    )
    assert response.status_code == 302
    ban = MemberBan.objects.get()
    assert ban.until == until and ban.banned_by == admin_user and ban.reason == "rude"
    assert ModerationAction.objects.filter(action="ban", target_kind="member", target_id=member.pk).exists()
    client.post(reverse("admin:bans_memberban_delete", args=[ban.pk]), {"post": "yes"})
    assert not MemberBan.objects.exists()
    assert ModerationAction.objects.filter(action="unban", target_kind="member", target_id=member.pk).exists()


def test_moderators_cannot_reach_member_bans(client):
    client.force_login(make_user("mod", staff=True))
    assert client.get(reverse("admin:bans_memberban_changelist")).status_code == 403
    assert client.post(reverse("admin:bans_memberban_add"), {"member": make_user().pk}).status_code == 403
    assert not MemberBan.objects.exists()


def test_the_nuke_confirmation_says_how_many_addresses_and_networks_never_which(client, spammer):
    from allauth.account.models import EmailAddress

    from forum.anonymous.models import network_digest
    from forum.bans.models import MemberNetwork

    EmailAddress.objects.create(user=spammer, email="spammer.alt@example.org", verified=False)
    for address in ("198.51.100.70", "198.51.100.71"):
        MemberNetwork.objects.create(member=spammer, digest=network_digest(address))
    MemberNetwork.objects.create(
        member=spammer, digest=network_digest("198.51.100.72"), last_seen_at=timezone.now() - timedelta(days=90)
    )
    client.force_login(make_user("boss", superuser=True))
    text = client.post(reverse(USERS), {"action": "nuke_members", "_selected_action": [spammer.pk]}).content.decode()
    assert "banned: the account, 2 email addresses and 2 networks" in text
    assert "spammer.alt" not in text and "spammer@example.com" not in text
    assert "198.51.100" not in text and network_digest("198.51.100.70") not in text
