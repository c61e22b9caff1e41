import pytest

from forum.comments.models import Comment
from forum.notifications import events
from forum.notifications.models import EmailSettings
from forum.watches.models import Watch
from tests.factories import make_anonymous, make_comment, make_post

pytestmark = pytest.mark.django_db


def test_start_watching_twice_is_one_watch(member, post):
    Watch.start(user=member, post=post)
    Watch.start(user=member, post=post)
    assert Watch.objects.filter(user=member, post=post).count() == 1


def test_a_new_post_is_watched_by_its_author(member):
    post = make_post(author=member)
    events.post_published(post)
    events.post_published(post)
    assert list(Watch.objects.values_list("user", "post")) == [(member.pk, post.pk)]


@pytest.mark.parametrize("status", [Comment.Status.APPROVED, Comment.Status.PENDING])
def test_commenting_watches_the_post_even_while_waiting(member, post, status):
    comment = make_comment(post, author=member, status=status)
    events.comment_written(comment)
    assert Watch.objects.filter(user=member, post=post).exists()


def test_commenting_does_not_watch_when_switched_off(member, post):
    EmailSettings.switch_off(member, "watch_on_comment")
    events.comment_written(make_comment(post, author=member))
    assert not Watch.objects.exists()


def test_an_anonymous_comment_watches_nothing(post):
    events.comment_written(make_comment(post, anonymous=make_anonymous()))
    assert not Watch.objects.exists()
