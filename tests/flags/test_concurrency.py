"""Flags sent at the same moment (real transactions, real threads): the comment is held exactly
once, and a double click records one flag."""

import pytest

from forum.comments.models import Comment
from forum.flags.models import Flag
from forum.flags.services import FlagRefused, comment_flag
from forum.moderation.models import ModerationAction
from tests.comments.test_concurrency import run_together
from tests.factories import make_comment, make_post, make_user
from tests.jobs.queue import jobs

pytestmark = pytest.mark.usefixtures("empty_queue")


def test_simultaneous_flags_hold_the_comment_once(settings):
    settings.FLAGS_TO_HOLD = 3
    comment = make_comment(make_post())
    flaggers = [make_user() for _ in range(6)]
    outcomes = run_together(
        [lambda member=member: comment_flag(comment=comment, member=member, reason="spam") for member in flaggers]
    )
    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    # The first three are recorded, one of them holds it; the rest find it held already.
    assert len(errors) == 3 and all(isinstance(error, FlagRefused) for error in errors)
    assert sum(outcome.held for outcome in outcomes if not isinstance(outcome, Exception)) == 1
    assert Flag.objects.filter(comment=comment).count() == 3
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.FLAGGED
    holds = ModerationAction.objects.filter(action="hold", target_id=comment.pk)
    assert [(row.reason, row.before, row.after) for row in holds] == [
        ("3 flags", {"status": "approved"}, {"status": "flagged"})
    ]
    assert len(jobs("fan_out_flagged_comment")) == 1


def test_a_double_click_records_one_flag():
    comment = make_comment(make_post())
    member = make_user()
    outcomes = run_together([lambda: comment_flag(comment=comment, member=member, reason="spam") for _ in range(2)])
    assert sum(isinstance(outcome, FlagRefused) for outcome in outcomes) == 1
    assert Flag.objects.count() == 1
    assert ModerationAction.objects.filter(action="flag").count() == 1
