"""Many members liking, disliking and taking their votes back on the same post and comment at
the same moment, through the HTTP server: the counts are the rows afterwards, and the rows are
what each member pressed last."""

import random
import re

import pytest

from forum.likes.models import Like
from tests.factories import make_comment, make_post, make_user

from .conftest import all_at_once, member_browser, read

pytestmark = pytest.mark.django_db(transaction=True)

MEMBERS = 16
PRESSES = 6  # each member's, one after another, on the post and the comment in turn
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def after_pressing(before, pressed):
    """The vote in force: pressing the one you gave takes it back (forum/likes/services.py)."""
    return None if before == pressed else pressed


def test_members_voting_at_once_leave_counts_equal_to_the_rows(servers):
    server = servers.crowd
    post = make_post(title="Vote on this")
    comment = make_comment(post, body="And on this.")
    members = [make_user() for _ in range(MEMBERS)]
    chooser = random.Random(12)
    plans = [[chooser.choice(["like", "dislike"]) for _ in range(PRESSES)] for _ in members]
    browsers = [member_browser(member) for member in members]
    pages = all_at_once(lambda browser: read(browser, server, post.get_absolute_url()), browsers, threads=8)

    def press_all(n):
        token = TOKEN.search(pages[n].text).group(1)
        for press, vote in enumerate(plans[n]):
            target = f"/vote/post/{post.pk}" if press % 2 == 0 else f"/vote/comment/{comment.pk}"
            answer = browsers[n].post(server, target, {"csrfmiddlewaretoken": token, "vote": vote})
            assert answer.status == 302, f"{target}: {answer.status}\n{answer.text[:300]}\n{server.log()}"

    all_at_once(press_all, range(MEMBERS))
    expected = votes_as_planned(members, plans)
    assert_counts_are_the_rows(post, comment, expected)

    # Then every member double-clicks "like" on the post: both presses at once. Whichever comes
    # first, a like ends a like, anything else ends with no vote.
    def press(n_and_vote):
        n, vote = n_and_vote
        token = TOKEN.search(pages[n].text).group(1)
        answer = browsers[n].post(server, f"/vote/post/{post.pk}", {"csrfmiddlewaretoken": token, "vote": vote})
        assert answer.status == 302, f"{answer.status}\n{answer.text[:300]}\n{server.log()}"

    all_at_once(press, [(n, "like") for n in range(MEMBERS) for _ in range(2)])
    expected["post"] = {member: vote for member, vote in expected["post"].items() if vote == Like.Vote.LIKE}
    assert_counts_are_the_rows(post, comment, expected)


def votes_as_planned(members, plans):
    """{"post": {member: vote}, "comment": {...}}: the votes in force after each member's presses."""
    expected = {}
    for field, presses in (("post", slice(0, None, 2)), ("comment", slice(1, None, 2))):
        expected[field] = {}
        for member, plan in zip(members, plans, strict=True):
            vote = None
            for pressed in plan[presses]:
                vote = after_pressing(vote, pressed)
            if vote:
                expected[field][member.pk] = Like.Vote.LIKE if vote == "like" else Like.Vote.DISLIKE
    return expected


def assert_counts_are_the_rows(post, comment, expected):
    for item, field in ((post, "post"), (comment, "comment")):
        rows = Like.objects.filter(**{field: item})
        assert dict(rows.values_list("user_id", "vote")) == expected[field]  # no vote lost, none left at 0
        item.refresh_from_db()
        assert item.like_count == rows.filter(vote=Like.Vote.LIKE).count()
        assert item.dislike_count == rows.filter(vote=Like.Vote.DISLIKE).count()
    assert expected["post"] and expected["comment"]  # the plans leave votes standing on both
