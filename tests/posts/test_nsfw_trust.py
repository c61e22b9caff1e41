"""The NSFW toggle by trust level: members above moderated flip it, a few times an hour, and each
flip is in the moderation log as well as in NsfwChange."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import TrustLevel
from forum.moderation.models import ModerationAction
from forum.posts.models import NsfwChange, Post
from tests.factories import make_post, make_user

pytestmark = pytest.mark.django_db


def member_at(role):
    """anonymous: None; moderated: an established member (a month old, email verified) whose
    trust level is the lowest; new_normal: a fresh, unverified signup trusted as normal."""
    if role == "anonymous":
        return None
    if role == "new_normal":
        member = make_user(new=True)
        get_user_model().objects.filter(pk=member.pk).update(trust_level=TrustLevel.NORMAL)
    else:
        member = make_user(staff=role == "moderator", superuser=role == "admin")
        if role == "moderated":
            get_user_model().objects.filter(pk=member.pk).update(trust_level=TrustLevel.MODERATED)
        if role == "inactive":
            get_user_model().objects.filter(pk=member.pk).update(is_active=False)
    member.refresh_from_db()
    return member


def toggle(client, post, **extra):
    return client.post(reverse("posts:toggle-nsfw", args=[post.pk]), **extra)


def nsfw_log(post):
    return list(
        ModerationAction.objects.filter(action="nsfw", target_kind="post", target_id=post.pk)
        .order_by("id")
        .values_list("actor", "before", "after")
    )


@pytest.mark.parametrize("role", ["normal", "new_normal", "moderator", "admin"])
def test_members_above_moderated_flip_it_and_each_flip_is_logged(client, post, role):
    member = member_at(role)
    client.force_login(member)
    assert toggle(client, post).status_code == 302
    assert Post.objects.get(pk=post.pk).is_nsfw
    toggle(client, post)
    assert not Post.objects.get(pk=post.pk).is_nsfw
    assert nsfw_log(post) == [
        (member.pk, {"is_nsfw": False}, {"is_nsfw": True}),
        (member.pk, {"is_nsfw": True}, {"is_nsfw": False}),
    ]
    assert list(NsfwChange.objects.filter(post=post).order_by("id").values_list("changed_by", "is_nsfw")) == [
        (member.pk, True),
        (member.pk, False),
    ]


def test_a_moderated_member_is_refused_and_nothing_changes(client, post):
    client.force_login(member_at("moderated"))
    assert toggle(client, post).status_code == 403
    assert not Post.objects.get(pk=post.pk).is_nsfw
    assert not NsfwChange.objects.exists() and not ModerationAction.objects.exists()


def test_a_logged_out_visitor_is_sent_to_log_in_and_nothing_changes(client, post):
    response = toggle(client, post)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not Post.objects.get(pk=post.pk).is_nsfw and not ModerationAction.objects.exists()


@pytest.mark.parametrize(
    ("role", "shown"), [("moderated", False), ("normal", True), ("new_normal", True), ("moderator", True)]
)
def test_the_control_shows_by_trust_level(client, post, role, shown):
    client.force_login(member_at(role))
    page = client.get(post.get_absolute_url()).content.decode()
    assert (reverse("posts:toggle-nsfw", args=[post.pk]) in page) is shown


def test_the_rule_on_the_model_follows_trust_level():
    post = make_post()
    roles = ["moderated", "inactive", "normal", "new_normal", "moderator", "admin"]
    assert [post.can_toggle_nsfw(member_at(role)) for role in roles] == [False, False, True, True, True, True]


# The hourly cap.


def test_past_the_hourly_cap_a_member_is_told_and_nothing_changes(client, post, settings):
    settings.NSFW_TOGGLES_PER_HOUR = 2
    member = member_at("normal")
    client.force_login(member)
    toggle(client, post)
    toggle(client, post)
    response = toggle(client, post, follow=True)
    assert response.status_code == 200 and "the most an hour allows" in response.content.decode()
    assert not Post.objects.get(pk=post.pk).is_nsfw  # two flips: back where it was, the third refused
    assert NsfwChange.objects.count() == 2 and len(nsfw_log(post)) == 2


def test_the_cap_counts_flips_of_every_post_and_is_per_member(client, settings):
    settings.NSFW_TOGGLES_PER_HOUR = 1
    first, second = make_post(), make_post()
    client.force_login(member_at("normal"))
    toggle(client, first)
    toggle(client, second)
    assert Post.objects.get(pk=first.pk).is_nsfw and not Post.objects.get(pk=second.pk).is_nsfw
    client.force_login(member_at("normal"))
    toggle(client, second)
    assert Post.objects.get(pk=second.pk).is_nsfw


def test_moderators_have_no_cap(client, post, settings):
    settings.NSFW_TOGGLES_PER_HOUR = 1
    client.force_login(member_at("moderator"))
    for _ in range(3):
        toggle(client, post)
    assert Post.objects.get(pk=post.pk).is_nsfw and len(nsfw_log(post)) == 3


def test_the_default_cap_is_ten_an_hour(client, post):
    client.force_login(member_at("normal"))
    for _ in range(11):
        toggle(client, post)
    assert NsfwChange.objects.count() == 10 and len(nsfw_log(post)) == 10
