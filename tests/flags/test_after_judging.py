"""After a moderator approves a comment, the flags made before it no longer count: FLAGS_TO_HOLD new
flags from other members are needed to hold it again (and to email the moderators again)."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from forum.comments.models import Comment
from forum.flags.models import Flag
from forum.flags.services import FlagRefused, comment_flag, flags_since_judged
from forum.moderation.actions import comments_judge
from forum.moderation.log import record
from tests.factories import make_comment, make_user
from tests.jobs.queue import jobs

from .helpers import log_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nothing_counted():
    caches["default"].clear()


def flag_by(comment, *names):
    return [comment_flag(comment=comment, member=make_user(name), reason="spam") for name in names]


def status_of(comment):
    return Comment.objects.get(pk=comment.pk).status


def holds_of(comment):
    return [row[2] for row in log_of(comment) if row[1] == "hold"]


def test_one_flag_after_an_approval_does_not_hold_the_comment_again(client, post, moderator):
    comment = make_comment(post, body="Words some members dislike.")
    assert [flagged.held for flagged in flag_by(comment, "first", "second", "third")] == [False, False, True]
    assert status_of(comment) == Comment.Status.FLAGGED
    client.force_login(moderator)
    assert client.post(reverse("moderation:comment-approve", args=[comment.pk])).status_code == 302
    assert status_of(comment) == Comment.Status.APPROVED

    (late,) = flag_by(comment, "fourth")
    assert not late.held
    assert status_of(comment) == Comment.Status.APPROVED
    assert holds_of(comment) == ["3 flags"]  # no second hold
    assert len(jobs("fan_out_flagged_comment")) == 1  # the moderators were told once
    assert flags_since_judged(comment) == 1 and Flag.objects.on(comment).count() == 4


def test_flags_to_hold_new_flags_hold_it_again_and_tell_the_moderators_again(post, moderator):
    comment = make_comment(post, body="Words some members dislike.")
    flag_by(comment, "first", "second", "third")
    comments_judge(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED, by=moderator)

    assert [flagged.held for flagged in flag_by(comment, "fourth", "fifth", "sixth")] == [False, False, True]
    assert status_of(comment) == Comment.Status.FLAGGED
    assert holds_of(comment) == ["3 flags", "3 flags"]
    assert [job.args for job in jobs("fan_out_flagged_comment")] == [{"comment_id": comment.pk}] * 2


def test_flags_before_a_moderators_hold_and_approval_no_longer_count(settings, post, moderator):
    settings.FLAGS_TO_HOLD = 2
    comment = make_comment(post, body="Words some members dislike.")
    flag_by(comment, "first")
    comments_judge(Comment.objects.filter(pk=comment.pk), Comment.Status.SPAM, by=moderator)
    comments_judge(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED, by=moderator)
    assert flags_since_judged(comment) == 0

    assert not flag_by(comment, "second")[0].held
    assert status_of(comment) == Comment.Status.APPROVED
    assert flag_by(comment, "third")[0].held
    assert status_of(comment) == Comment.Status.FLAGGED


def test_a_hold_that_is_not_an_approval_does_not_reset_the_count(settings, post, moderator):
    settings.FLAGS_TO_HOLD = 3
    comment = make_comment(post, body="Words some members dislike.")
    other = make_comment(post, body="Another comment, approved meanwhile.")
    flag_by(comment, "first", "second")
    # Another comment's approval, and an approval written for a post with this id, are not this one's.
    comments_judge(Comment.objects.filter(pk=other.pk), Comment.Status.SPAM, by=moderator)
    comments_judge(Comment.objects.filter(pk=other.pk), Comment.Status.APPROVED, by=moderator)
    record(moderator, "approve", "post", comment.pk)
    assert flags_since_judged(comment) == 2
    assert flag_by(comment, "third")[0].held


def test_members_who_flagged_before_the_approval_cannot_flag_it_again(post, moderator):
    comment = make_comment(post, body="Words some members dislike.")
    first, *_ = flag_by(comment, "first", "second", "third")
    comments_judge(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED, by=moderator)
    with pytest.raises(FlagRefused, match="You flagged this comment already"):
        comment_flag(comment=comment, member=first.flag.flagger, reason="spam")
    assert flags_since_judged(comment) == 0 and Flag.objects.on(comment).count() == 3
