"""The anonymous visitors' admin is for admins by trust level, superusers or not (forum/moderation/
access.py JudgedByAdmins): they ban, lift and nuke visitors there. Moderators and members are kept out."""

import pytest
from django.urls import reverse

from accounts.models import TrustLevel, User
from forum.anonymous.models import AnonymousIdentity, NetworkBan, VisitorBan
from forum.bans.models import Nuke
from tests.factories import make_anonymous, make_comment, make_post, make_user

pytestmark = pytest.mark.django_db
VISITORS = "admin:anonymous_anonymousidentity_changelist"


def admin_by_trust():
    member = make_user("adminbytrust", staff=True)
    User.objects.filter(pk=member.pk).update(trust_level=TrustLevel.ADMIN)
    return User.objects.get(pk=member.pk)


@pytest.fixture
def visitor(db):
    identity = make_anonymous(address="203.0.113.95")
    make_comment(make_post(), anonymous=identity)
    return identity


def test_an_admin_by_trust_level_opens_the_visitors_and_bans_one_with_their_network(client, visitor):
    client.force_login(admin_by_trust())
    page = client.get(reverse(VISITORS))
    assert page.status_code == 200 and visitor.name in page.content.decode()
    assert client.get(reverse("admin:anonymous_anonymousidentity_change", args=[visitor.pk])).status_code == 200
    client.post(reverse(VISITORS), {"action": "ban_network", "_selected_action": [visitor.pk]})
    assert AnonymousIdentity.objects.get(pk=visitor.pk).is_banned
    assert VisitorBan.objects.filter(identity=visitor).exists()
    assert NetworkBan.objects.filter(digest=visitor.network_digest).exists()
    client.post(reverse(VISITORS), {"action": "unban", "_selected_action": [visitor.pk]})
    assert not AnonymousIdentity.objects.get(pk=visitor.pk).is_banned


def test_an_admin_by_trust_level_nukes_a_visitor(client, visitor):
    client.force_login(admin_by_trust())
    page = client.post(reverse(VISITORS), {"action": "nuke_visitors", "_selected_action": [visitor.pk]})
    assert "1 comment held as spam; banned: the visitor and 1 network" in page.content.decode()
    client.post(reverse(VISITORS), {"action": "nuke_visitors", "_selected_action": [visitor.pk], "confirmed": "yes"})
    assert Nuke.objects.get().visitor == visitor


@pytest.mark.parametrize("who", ["moderator", "member"])
def test_moderators_and_members_are_kept_out(client, visitor, who):
    client.force_login(make_user(staff=who == "moderator"))
    assert client.get(reverse(VISITORS)).status_code in (302, 403)
    client.post(reverse(VISITORS), {"action": "ban_network", "_selected_action": [visitor.pk]})
    client.post(reverse(VISITORS), {"action": "nuke_visitors", "_selected_action": [visitor.pk], "confirmed": "yes"})
    assert not AnonymousIdentity.objects.get(pk=visitor.pk).is_banned
    assert not NetworkBan.objects.exists() and not Nuke.objects.exists()
