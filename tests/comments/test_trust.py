"""Trust levels in the comment flow: a moderated member's comments wait for approval, whatever
they say, and enough approved comments make the member normal (forum/moderation/trust.py)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from accounts.models import TrustLevel
from forum.comments.models import Comment
from forum.comments.services import comment_create_anonymous, comment_create_by_member, comments_set_status
from forum.moderation import trust
from forum.moderation.models import ModerationAction
from forum.moderation.trust import promote_if_due
from tests.factories import make_comment, make_post, make_user, make_visitor

pytestmark = pytest.mark.django_db


def moderated_member(**fields):
    """An established member (a month old, email verified) demoted to moderated: only the trust
    level makes their comments wait."""
    member = make_user(**fields)
    get_user_model().objects.filter(pk=member.pk).update(trust_level=TrustLevel.MODERATED)
    member.refresh_from_db()
    return member


def trust_of(member):
    return get_user_model().objects.values_list("trust_level", flat=True).get(pk=member.pk)


def promotions():
    return list(
        ModerationAction.objects.filter(action="promote").values_list(
            "actor", "target_kind", "target_id", "reason", "before", "after"
        )
    )


def holds():
    return list(ModerationAction.objects.filter(action="hold").values_list("actor", "target_id", "reason"))


# A moderated member's comments wait, whatever they say.


def test_a_moderated_members_plain_comment_waits_and_is_logged(post):
    member = moderated_member()
    comment = comment_create_by_member(post=post, author=member, body="Plain words, no links at all.")
    comment.refresh_from_db()
    post.refresh_from_db()
    assert comment.is_pending and comment.number is None and post.comment_count == 0
    assert comment.hold.why and holds() == [(None, comment.pk, "moderated member")]


def test_a_new_signup_is_moderated_by_default_and_waits(post):
    comment = comment_create_by_member(post=post, author=make_user(new=True), body="Hello all")
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING


def test_new_members_trusted_from_the_start_by_settings_go_up_at_once(post, settings):
    settings.NEW_MEMBER_TRUST_LEVEL = "normal"
    comment = comment_create_by_member(post=post, author=make_user(new=True), body="Hello all")
    assert Comment.objects.get(pk=comment.pk).is_approved and comment.hold is None and not holds()


@pytest.mark.parametrize("role", ["normal", "moderator", "admin"])
def test_trusted_members_plain_comments_go_up_at_once(post, role):
    member = make_user(staff=role == "moderator", superuser=role == "admin")
    comment = comment_create_by_member(post=post, author=member, body="Plain words, no links at all.")
    post.refresh_from_db()
    assert comment.is_approved and comment.number == 1 and post.comment_count == 1
    assert not ModerationAction.objects.exists()


def test_an_anonymous_plain_comment_goes_up_at_once(post):
    comment = comment_create_anonymous(post=post, visitor=make_visitor(), body="Plain words from a visitor.")
    assert Comment.objects.get(pk=comment.pk).is_approved and not ModerationAction.objects.exists()


def test_the_thread_tells_a_moderated_member_their_comment_waits_and_hides_it_from_others(client, post):
    member = moderated_member()
    client.force_login(member)
    response = client.post(
        reverse("threads:comment-create", args=[post.pk]), {"body": "My first words here."}, follow=True
    )
    page = response.content.decode()
    comment = Comment.objects.get()
    assert response.status_code == 200 and comment.author == member and comment.is_pending
    assert "waits for a moderator" in page and "waiting for approval" in page and "My first words here." in page
    client.logout()
    assert "My first words here." not in client.get(post.get_absolute_url()).content.decode()


# Promotion after PROMOTE_AFTER_APPROVED_COMMENTS approved comments.


def write_waiting(member, count):
    """`count` comments by member, each in a thread of its own, written through the service (so
    they wait) and spread back in time (the too-fast rule)."""
    comments = []
    for index in range(count):
        Comment.objects.filter(author=member).update(created_at=F("created_at") - timedelta(minutes=1))
        comments.append(comment_create_by_member(post=make_post(), author=member, body=f"Thought number {index}."))
    return comments


def test_promoted_at_exactly_the_threshold_by_the_approver_in_the_log(settings):
    settings.PROMOTE_AFTER_APPROVED_COMMENTS = 3
    member, moderator = moderated_member(), make_user(staff=True)
    first, second, third = write_waiting(member, 3)
    comments_set_status(Comment.objects.filter(pk__in=[first.pk, second.pk]), Comment.Status.APPROVED, by=moderator)
    assert trust_of(member) == TrustLevel.MODERATED and promotions() == []
    comments_set_status(Comment.objects.filter(pk=third.pk), Comment.Status.APPROVED, by=moderator)
    assert trust_of(member) == TrustLevel.NORMAL
    assert promotions() == [
        (moderator.pk, "member", member.pk, "approved comments", {"trust_level": 0}, {"trust_level": 1})
    ]


def test_promoted_once_when_several_approvals_pass_the_threshold_together(settings):
    settings.PROMOTE_AFTER_APPROVED_COMMENTS = 2
    member = moderated_member()
    write_waiting(member, 4)
    comments_set_status(Comment.objects.filter(author=member), Comment.Status.APPROVED)
    assert trust_of(member) == TrustLevel.NORMAL and len(promotions()) == 1
    assert promotions()[0][0] is None  # no approver named: the site


def test_a_promoted_member_is_not_promoted_again():
    member = moderated_member()
    for comment in write_waiting(member, 3):
        comments_set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    comments_set_status(Comment.objects.filter(author=member), Comment.Status.PENDING)
    comments_set_status(Comment.objects.filter(author=member), Comment.Status.APPROVED)
    assert trust_of(member) == TrustLevel.NORMAL and len(promotions()) == 1


def test_deleted_and_held_comments_do_not_count_toward_promotion(post, settings):
    settings.PROMOTE_AFTER_APPROVED_COMMENTS = 3
    member = moderated_member()
    make_comment(make_post(), author=member, status=Comment.Status.SPAM)
    deleted = make_comment(make_post(), author=member)
    Comment.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())
    waiting = write_waiting(member, 2)
    comments_set_status(Comment.objects.filter(pk__in=[c.pk for c in waiting]), Comment.Status.APPROVED)
    assert trust_of(member) == TrustLevel.MODERATED and promotions() == []


def test_holding_a_comment_promotes_nobody(settings):
    settings.PROMOTE_AFTER_APPROVED_COMMENTS = 1
    member = moderated_member()
    make_comment(make_post(), author=member)  # approved already, before any rule ran
    (waiting,) = write_waiting(member, 1)
    comments_set_status(Comment.objects.filter(pk=waiting.pk), Comment.Status.SPAM)
    assert trust_of(member) == TrustLevel.MODERATED and promotions() == []


def test_a_deactivated_member_is_not_promoted(settings):
    settings.PROMOTE_AFTER_APPROVED_COMMENTS = 1
    member = moderated_member(active=False)
    make_comment(make_post(), author=member, status=Comment.Status.PENDING)
    comments_set_status(Comment.objects.filter(author=member), Comment.Status.APPROVED)
    assert trust_of(member) == TrustLevel.MODERATED and promotions() == []


def test_normal_members_and_anonymous_writers_are_left_alone(post, settings):
    settings.PROMOTE_AFTER_APPROVED_COMMENTS = 1
    member = make_user()
    comment_create_anonymous(post=post, visitor=make_visitor(), body="https://spam.example")
    make_comment(post, author=member, status=Comment.Status.PENDING)
    comments_set_status(Comment.objects.all(), Comment.Status.APPROVED)
    assert trust_of(member) == TrustLevel.NORMAL and promotions() == []


def test_promote_if_due_is_a_no_op_for_a_member_already_normal_or_gone():
    assert promote_if_due(make_user().pk) is False and promote_if_due(10**9) is False


def test_the_admins_approve_action_promotes(client, settings):
    settings.PROMOTE_AFTER_APPROVED_COMMENTS = 2
    member = moderated_member()
    waiting = write_waiting(member, 2)
    boss = make_user("boss", superuser=True)
    client.force_login(boss)
    response = client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "mark_approved", "_selected_action": [c.pk for c in waiting]},
    )
    assert response.status_code == 302 and trust_of(member) == TrustLevel.NORMAL
    assert [(kind, target) for _, kind, target, *_ in promotions()] == [("member", member.pk)]


def test_a_promotion_is_in_the_approvals_transaction(settings, monkeypatch):
    settings.PROMOTE_AFTER_APPROVED_COMMENTS = 1
    member = moderated_member()
    (waiting,) = write_waiting(member, 1)

    def fail(*args, **kwargs):
        raise RuntimeError("the log went away")

    monkeypatch.setattr(trust, "record", fail)
    with pytest.raises(RuntimeError):
        comments_set_status(Comment.objects.filter(pk=waiting.pk), Comment.Status.APPROVED)
    assert trust_of(member) == TrustLevel.MODERATED and Comment.objects.get(pk=waiting.pk).is_pending


def test_a_promoted_member_comments_straight_away(post, settings):
    settings.PROMOTE_AFTER_APPROVED_COMMENTS = 1
    member = moderated_member()
    comments_set_status(Comment.objects.filter(pk=write_waiting(member, 1)[0].pk), Comment.Status.APPROVED)
    Comment.objects.update(created_at=F("created_at") - timedelta(minutes=1))
    member.refresh_from_db()
    comment = comment_create_by_member(post=post, author=member, body="Now I am trusted, it shows.")
    assert comment.is_approved
