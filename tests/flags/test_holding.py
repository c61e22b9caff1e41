"""FLAGS_TO_HOLD flags hold a comment as flagged, with the log rows that say so; FLAGS_PER_DAY
bounds what one member can flag."""

import pytest
from django.contrib.messages import get_messages
from django.core.cache import caches

from forum.comments.models import Comment
from forum.flags.models import Flag
from forum.flags.services import TOO_MANY, comment_flag
from tests.factories import make_comment, make_user
from tests.jobs.queue import jobs

from .helpers import flag_url, log_of, send_flag

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nothing_counted():
    caches["default"].clear()


def test_the_third_flag_holds_the_comment_and_the_log_says_so(client, post):
    first = make_comment(post, body="Before.")
    comment = make_comment(post, body="Spam spam spam.")
    last = make_comment(post, body="After.")
    version = post.thread_version
    flaggers = [make_user(f"flagger{index}") for index in range(3)]
    for flagger in flaggers[:2]:
        comment_flag(comment=comment, member=flagger, reason="spam")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert jobs("fan_out_flagged_comment") == []

    client.force_login(flaggers[2])
    response = send_flag(client, comment, "anti_forum")
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Thank you: with your flag the comment is held for the moderators to judge."
    ]
    comment.refresh_from_db()
    post.refresh_from_db()
    assert comment.status == Comment.Status.FLAGGED
    # Held, it keeps its place: the numbers and the count stay, and the thread's cache moves on.
    numbers = Comment.objects.filter(pk__in=[first.pk, comment.pk, last.pk]).order_by("pk").values_list("number")
    assert [number for (number,) in numbers] == [1, 2, 3] and post.comment_count == 3
    assert post.thread_version > version
    assert log_of(comment) == [
        ("flagger0", "flag", "spam", {}, {}, False),
        ("flagger1", "flag", "spam", {}, {}, False),
        ("flagger2", "flag", "anti-forum", {}, {}, False),
        (None, "hold", "3 flags", {"status": "approved"}, {"status": "flagged"}, True),
    ]
    assert [job.args for job in jobs("fan_out_flagged_comment")] == [{"comment_id": comment.pk}]
    # Readers now see the reason in its place, and no flag link.
    client.logout()
    page = client.get(post.get_absolute_url()).content.decode()
    assert "This comment is held: flagged." in page and "Spam spam spam." not in page
    assert f'href="{flag_url(comment)}"' not in page


def test_the_threshold_is_a_setting(settings, post):
    settings.FLAGS_TO_HOLD = 1
    comment = make_comment(post)
    assert comment_flag(comment=comment, member=make_user(), reason="doxing").held
    comment.refresh_from_db()
    assert comment.status == Comment.Status.FLAGGED
    assert [row[1:4] for row in log_of(comment)][-1] == ("hold", "1 flags", {"status": "approved"})


def test_flags_after_the_hold_are_refused(client, settings, post):
    settings.FLAGS_TO_HOLD = 2
    comment = make_comment(post)
    for index in range(2):
        comment_flag(comment=comment, member=make_user(f"flagger{index}"), reason="spam")
    client.force_login(make_user("late"))
    response = send_flag(client, comment)
    assert response.status_code == 403 and "held already (flagged)" in response.content.decode()
    assert Flag.objects.count() == 2
    assert [row[1] for row in log_of(comment)].count("hold") == 1


def test_the_daily_allowance(client, settings, post):
    settings.FLAGS_PER_DAY = 2
    comments = [make_comment(post) for _ in range(3)]
    member = make_user("eager")
    client.force_login(member)
    assert [send_flag(client, comment).status_code for comment in comments[:2]] == [302, 302]
    over = send_flag(client, comments[2], "other", "Also this one, I promise")
    assert over.status_code == 429
    html = over.content.decode()
    assert TOO_MANY in html and "Also this one, I promise" in html  # the message, and the text kept
    assert Flag.objects.filter(flagger=member).count() == 2
    assert log_of(comments[2]) == []
    # The allowance is the member's: another member still flags it.
    client.force_login(make_user("calm"))
    assert send_flag(client, comments[2]).status_code == 302


def test_refused_flags_use_none_of_the_allowance(client, settings, post, member):
    settings.FLAGS_PER_DAY = 1
    own = make_comment(post, author=member)
    held = make_comment(post, status=Comment.Status.SPAM)
    client.force_login(member)
    assert send_flag(client, own).status_code == 403
    assert send_flag(client, held).status_code == 403
    assert client.post(flag_url(make_comment(post)), {"reason": "nonsense"}).status_code == 400
    assert send_flag(client, make_comment(post)).status_code == 302
