"""Moderators and admins are not banned or nuked as they are: a ban takes nothing from staff (a
banned moderator could approve their own nuked comments, and reach the admin), so they are demoted
first. The services refuse, and the admin says so."""

import pytest
from django.urls import reverse

from accounts.models import TrustLevel, User
from forum.bans.models import MemberBan, Nuke
from forum.bans.nuking import NukeRefused, nuke_member
from forum.bans.services import BanRefused, ban_member
from forum.comments.models import Comment
from forum.moderation.models import ModerationAction
from tests.factories import make_comment, make_post, make_user

pytestmark = pytest.mark.django_db
USERS = "admin:accounts_user_changelist"


@pytest.fixture
def admin_user(db):
    return make_user("boss", superuser=True)


def moderator_by_trust():
    member = make_user("modbytrust")
    User.objects.filter(pk=member.pk).update(trust_level=TrustLevel.MODERATOR)
    return User.objects.get(pk=member.pk)


def admin_by_trust():
    member = make_user("adminbytrust", staff=True)
    User.objects.filter(pk=member.pk).update(trust_level=TrustLevel.ADMIN)
    return User.objects.get(pk=member.pk)


STAFF = {
    "moderator (staff)": lambda: make_user("mod", staff=True),
    "moderator (trust level)": moderator_by_trust,
    "admin (trust level)": admin_by_trust,
    "superuser": lambda: make_user("root", superuser=True),
}


@pytest.mark.parametrize("who", STAFF)
def test_staff_are_neither_nuked_nor_banned(admin_user, who):
    member = STAFF[who]()
    comment = make_comment(make_post(), author=member)
    with pytest.raises(NukeRefused, match="demote them first"):
        nuke_member(member, by=admin_user)
    with pytest.raises(BanRefused, match="demote them first"):
        ban_member(member, by=admin_user)
    assert not Nuke.objects.exists() and not MemberBan.objects.exists()
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.APPROVED
    assert not ModerationAction.objects.filter(action__in=["nuke", "ban"]).exists()


def test_once_demoted_they_can_be_nuked(admin_user):
    member = make_user("mod", staff=True)
    User.objects.filter(pk=member.pk).update(is_staff=False, trust_level=TrustLevel.NORMAL)
    member.refresh_from_db()
    assert nuke_member(member, by=admin_user).member == member
    assert MemberBan.objects.filter(member=member).exists()


def test_the_nuke_action_says_to_demote_first(client, admin_user):
    moderator, spammer = make_user("mod", staff=True), make_user("spammer")
    client.force_login(admin_user)
    data = {"action": "nuke_members", "_selected_action": [moderator.pk, spammer.pk]}
    page = client.post(reverse(USERS), data).content.decode()
    assert "mod is a moderator: demote them first." in page  # on the confirmation page already
    response = client.post(reverse(USERS), {**data, "confirmed": "yes"}, follow=True)
    text = response.content.decode()
    assert "Mod: mod is a moderator: demote them first." in text and "1 nuked." in text
    assert list(Nuke.objects.values_list("member", flat=True)) == [spammer.pk]


def test_the_member_ban_form_says_to_demote_first(client, admin_user):
    moderator = make_user("mod", staff=True)
    client.force_login(admin_user)
    response = client.post(reverse("admin:bans_memberban_add"), {"member": moderator.pk, "reason": "rude"})
    assert response.status_code == 200
    assert "mod is a moderator: demote them first." in response.content.decode()
    assert not MemberBan.objects.exists() and not ModerationAction.objects.filter(action="ban").exists()


def test_changing_the_terms_of_a_member_promoted_since_is_refused_too(client, admin_user):
    member = make_user("later_mod")
    ban = ban_member(member, by=admin_user, reason="rude")
    User.objects.filter(pk=member.pk).update(is_staff=True, trust_level=TrustLevel.MODERATOR)
    client.force_login(admin_user)
    response = client.post(reverse("admin:bans_memberban_change", args=[ban.pk]), {"reason": "ruder"})
    assert response.status_code == 200 and "demote them first" in response.content.decode()
    assert MemberBan.objects.get().reason == "rude"
