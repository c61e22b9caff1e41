"""Trust levels in the admin: admins promote and demote members one level at a time, is_staff kept in
step, each change logged; nobody reaches powers the rules keep from them."""

import pytest
from django.urls import reverse

from accounts.models import TrustLevel, User
from forum.moderation.models import ModerationAction
from tests.factories import make_user
from tests.moderation.cast import JUDGES_POSTS, ROLES, as_role, make_role

pytestmark = pytest.mark.django_db

MEMBERS = reverse("admin:accounts_user_changelist")


def at_level(level, username="target"):
    member = make_user(username, staff=level >= TrustLevel.MODERATOR)
    member.trust_level = level
    member.save()
    return member


def move(client, action, *members):
    return client.post(MEMBERS, {"action": action, "_selected_action": [member.pk for member in members]})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["promote", "demote"])
def test_only_admins_move_trust_levels(client, role, action):
    member = at_level(TrustLevel.NORMAL)
    actor = as_role(client, role)
    response = move(client, action, member)
    member.refresh_from_db()
    if role in JUDGES_POSTS:
        expected = TrustLevel.MODERATOR if action == "promote" else TrustLevel.MODERATED
        assert response.status_code == 302 and member.trust_level == expected
        assert member.is_staff == (expected == TrustLevel.MODERATOR)
        entry = ModerationAction.objects.get()
        assert (entry.actor, entry.action, entry.target_kind, entry.target_id) == (actor, action, "member", member.pk)
        assert entry.before == {"trust_level": 1, "is_staff": False}
        assert entry.after == {"trust_level": int(expected), "is_staff": expected == TrustLevel.MODERATOR}
    else:
        assert member.trust_level == TrustLevel.NORMAL and not member.is_staff
        assert not ModerationAction.objects.exists()
        assert response.status_code == 403 or "/login/" in response["Location"]


@pytest.mark.parametrize(
    "start, action, end",
    [
        (TrustLevel.MODERATED, "promote", TrustLevel.NORMAL),
        (TrustLevel.NORMAL, "promote", TrustLevel.MODERATOR),
        (TrustLevel.MODERATOR, "promote", TrustLevel.ADMIN),
        (TrustLevel.ADMIN, "demote", TrustLevel.MODERATOR),
        (TrustLevel.MODERATOR, "demote", TrustLevel.NORMAL),
        (TrustLevel.NORMAL, "demote", TrustLevel.MODERATED),
        (TrustLevel.ADMIN, "promote", TrustLevel.ADMIN),  # the top
        (TrustLevel.MODERATED, "demote", TrustLevel.MODERATED),  # the bottom
    ],
)
def test_a_superuser_moves_members_along_the_ladder_with_staff_in_step(admin_client, start, action, end):
    member = at_level(start)
    move(admin_client, action, member)
    member.refresh_from_db()
    assert member.trust_level == end and member.is_staff == (end >= TrustLevel.MODERATOR)
    assert member.is_moderator == (end >= TrustLevel.MODERATOR) and member.is_forum_admin == (end == TrustLevel.ADMIN)
    assert ModerationAction.objects.count() == (0 if start == end else 1)


def test_a_demoted_moderator_loses_the_admin_at_once(client, admin_client):
    moderator = at_level(TrustLevel.MODERATOR, "was_moderator")
    client.force_login(moderator)
    assert client.get(reverse("admin:comments_comment_changelist")).status_code == 200
    move(admin_client, "demote", moderator)
    assert "/login/" in client.get(reverse("admin:comments_comment_changelist"))["Location"]


def test_an_admin_does_not_make_or_unmake_admins_nor_move_themselves(client):
    admin = make_role("admin")
    client.force_login(admin)
    moderator, other_admin = at_level(TrustLevel.MODERATOR, "a_moderator"), at_level(TrustLevel.ADMIN, "an_admin")
    superuser = make_user("root", superuser=True)
    move(client, "promote", moderator)
    move(client, "demote", other_admin, admin, superuser)
    for member, level in [
        (moderator, TrustLevel.MODERATOR),
        (other_admin, TrustLevel.ADMIN),
        (admin, TrustLevel.ADMIN),
    ]:
        member.refresh_from_db()
        assert member.trust_level == level
    superuser.refresh_from_db()
    assert superuser.is_staff and not ModerationAction.objects.exists()


def test_a_bulk_move_skips_whom_it_may_not_move_and_says_why(client):
    admin = make_role("admin")
    client.force_login(admin)
    normal, moderator = at_level(TrustLevel.NORMAL, "a_normal"), at_level(TrustLevel.MODERATOR, "a_moderator")
    response = client.post(
        MEMBERS, {"action": "promote", "_selected_action": [normal.pk, moderator.pk]}, follow=True
    ).content.decode()
    assert User.objects.get(pk=normal.pk).trust_level == TrustLevel.MODERATOR
    assert User.objects.get(pk=moderator.pk).trust_level == TrustLevel.MODERATOR
    assert "only a superuser makes or unmakes admins" in response
    assert ModerationAction.objects.get().target_id == normal.pk


def change_form(member, **changes):
    return {
        "username": member.username,
        "email": member.email,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "12:00:00",
        "timezone": "",
        "summonable": "on",
        **changes,
    }


def test_trust_level_and_staff_change_only_by_the_actions(admin_client):
    member = at_level(TrustLevel.NORMAL)
    url = reverse("admin:accounts_user_change", args=[member.pk])
    response = admin_client.post(url, change_form(member, trust_level="3", is_staff="on"))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.trust_level == TrustLevel.NORMAL and not member.is_staff


def test_an_admin_cannot_grant_superuser_powers(client):
    admin = make_role("admin")
    client.force_login(admin)
    member = at_level(TrustLevel.NORMAL)
    url = reverse("admin:accounts_user_change", args=[member.pk])
    client.post(url, change_form(member, is_superuser="on", email="new@example.com"))
    member.refresh_from_db()
    assert not member.is_superuser and member.email == "new@example.com"  # the rest of the form is theirs
    client.post(reverse("admin:accounts_user_change", args=[admin.pk]), change_form(admin, is_superuser="on"))
    admin.refresh_from_db()
    assert not admin.is_superuser


def test_an_admin_cannot_take_over_another_admins_account(client):
    client.force_login(make_role("admin"))
    other = at_level(TrustLevel.ADMIN, "other_admin")
    superuser = make_user("root", superuser=True)
    for target in (other, superuser):
        password_url = reverse("admin:auth_user_password_change", args=[target.pk])
        response = client.post(password_url, {"password1": "x-New-pass-42!", "password2": "x-New-pass-42!"})
        assert response.status_code == 403
        response = client.post(
            reverse("admin:accounts_user_change", args=[target.pk]), change_form(target, email="me@x.example")
        )
        assert response.status_code == 403
        target.refresh_from_db()
        assert target.email != "me@x.example" and target.check_password("correct horse battery staple")
