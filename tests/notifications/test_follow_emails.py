"""A member's new post is emailed to their followers; a new follower is emailed to the followed,
once however often the follow is toggled, and never to a member who ignores the follower."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Follow, Ignore
from forum.notifications import events
from forum.notifications.models import EmailSettings, FollowerEmail
from forum.notifications.tasks import send_email
from forum.posts.models import Post
from forum.watches.models import Watch
from tests.factories import PASSWORD, make_post, make_user
from tests.jobs.queue import jobs, run_worker

from .mail import html_part, link_after, only_email_to, path_of, sent_to, unsubscribe_header

pytestmark = pytest.mark.usefixtures("empty_queue")


@pytest.fixture
def author():
    return make_user("author")


def test_a_new_post_is_emailed_to_followers_and_watched_by_its_author(author):
    fan, ignoring, quiet, stranger = make_user("fan"), make_user("ignoring"), make_user("quiet"), make_user()
    for follower in (fan, ignoring, quiet):
        Follow.objects.create(follower=follower, followed=author)
    Ignore.objects.create(ignorer=ignoring, ignored=author)
    EmailSettings.switch_off(quiet, "followed_posts")
    post = make_post(author=author, title="Housing <in> 2026", body="Prices are *up* again.")
    events.post_published(post)
    assert Watch.objects.filter(user=author, post=post).exists()
    assert [job.args for job in jobs("fan_out_post")] == [{"post_id": post.pk}]
    run_worker()
    message = only_email_to(fan)
    assert sent_to(ignoring) == sent_to(quiet) == sent_to(stranger) == sent_to(author) == []
    assert message.subject.endswith('author posted "Housing <in> 2026"')
    assert "Prices are up again." in message.body and "Housing &lt;in&gt; 2026" in html_part(message)
    response = Client().get(path_of(link_after(message.body, "Read it:")))
    assert response.status_code == 200 and "Housing &lt;in&gt; 2026" in response.content.decode()
    # Its one-click unsubscribe stops new-post emails, and nothing else.
    Client(enforce_csrf_checks=True).post(path_of(unsubscribe_header(message)))
    settings = EmailSettings.objects.get(user=fan)
    assert (settings.followed_posts, settings.watched_comments, settings.new_follower) == (False, True, True)


def test_a_post_held_before_the_worker_runs_is_not_emailed(author):
    Follow.objects.create(follower=make_user(), followed=author)
    post = make_post(author=author)
    events.post_published(post)
    Post.objects.filter(pk=post.pk).update(status=Post.Status.HELD)
    run_worker()
    assert jobs("send_email") == []


def test_following_through_the_profile_emails_the_followed_member(author, login):
    fan = make_user("fan")
    response = login(fan).post(reverse("accounts:follow", args=[author.username]))
    assert response.status_code == 302
    assert [job.args for job in jobs("send_email")] == [
        {"kind": "follower", "recipient_id": author.pk, "about_id": fan.pk}
    ]
    run_worker()
    message = only_email_to(author)
    assert message.subject.endswith("fan now follows you")
    assert sent_to(fan) == []
    profile = Client().get(path_of(link_after(message.body, "Their profile:")))
    assert profile.status_code == 200 and "fan" in profile.content.decode()
    assert path_of(link_after(message.body, "Their profile:")) in html_part(message)
    Client().post(path_of(unsubscribe_header(message)))
    assert EmailSettings.objects.get(user=author).new_follower is False


def test_unfollowing_before_the_worker_runs_sends_nothing(author):
    fan = make_user("fan")
    assert Follow.toggle(follower=fan, followed=author)
    events.member_followed(fan, author)
    Follow.toggle(follower=fan, followed=author)
    run_worker()
    assert sent_to(author) == []


def test_new_follower_emails_can_be_switched_off(author):
    fan = make_user("fan")
    EmailSettings.switch_off(author, "new_follower")
    Follow.objects.create(follower=fan, followed=author)
    events.member_followed(fan, author)
    run_worker()
    assert sent_to(author) == []


def test_the_settings_page_switches_what_the_links_switch(author):
    client = Client()
    client.login(username=author.username, password=PASSWORD)
    client.post(reverse("notifications:settings"), {"watched_comments": "on", "mentions": "on"})
    fan = make_user("fan")
    Follow.objects.create(follower=fan, followed=author)
    events.member_followed(fan, author)
    run_worker()
    assert sent_to(author) == []


def follow_url(member):
    return reverse("accounts:follow", args=[member.username])


def test_toggling_follow_again_and_again_emails_once(author, login):
    """The attack: follow, unfollow, follow... with the worker keeping up."""
    client = login(make_user("commuter99"))
    for _ in range(10):
        client.post(follow_url(author))
        run_worker()
        client.post(follow_url(author))
    assert len(sent_to(author)) == 1
    assert len(jobs("send_email")) == 1  # once it went, toggling queues nothing more
    assert FollowerEmail.objects.filter(followed=author).count() == 1


def test_toggling_faster_than_the_worker_leaves_one_job_waiting(author, login):
    client = login(make_user("commuter99"))
    for _ in range(10):
        client.post(follow_url(author))
        client.post(follow_url(author))
    client.post(follow_url(author))
    assert len(jobs("send_email")) == 1
    run_worker()
    assert len(sent_to(author)) == 1


def test_two_jobs_for_one_pair_send_one_email(author):
    """Jobs the queueing lock does not stop (one already running when the next is queued)."""
    fan = make_user("fan")
    Follow.objects.create(follower=fan, followed=author)
    for _ in range(2):
        send_email.defer(kind="follower", recipient_id=author.pk, about_id=fan.pk)
    run_worker()
    assert len(sent_to(author)) == 1


def test_a_member_ignoring_the_follower_is_not_emailed(author, login):
    pest = make_user("commuter99")
    Ignore.objects.create(ignorer=author, ignored=pest)
    client = login(pest)
    for _ in range(3):
        client.post(follow_url(author))
        run_worker()
        client.post(follow_url(author))
    assert sent_to(author) == []
    assert not FollowerEmail.objects.exists()


def test_ignoring_the_follower_before_the_worker_runs_stops_the_email(author, login):
    pest = make_user("commuter99")
    login(pest).post(follow_url(author))
    Ignore.objects.create(ignorer=author, ignored=pest)
    run_worker()
    assert sent_to(author) == []


def test_a_follower_is_news_again_after_the_interval(author, login):
    fan = make_user("fan")
    client = login(fan)
    client.post(follow_url(author))
    run_worker()
    client.post(follow_url(author))
    FollowerEmail.objects.update(sent_at=timezone.now() - FollowerEmail.INTERVAL + timedelta(minutes=1))
    client.post(follow_url(author))
    run_worker()
    assert len(sent_to(author)) == 1
    client.post(follow_url(author))
    FollowerEmail.objects.update(sent_at=timezone.now() - FollowerEmail.INTERVAL - timedelta(minutes=1))
    client.post(follow_url(author))
    run_worker()
    assert len(sent_to(author)) == 2


def test_each_follower_is_news_once(author, login):
    for name in ("fan", "admirer"):
        client = Client()
        client.login(username=make_user(name).username, password=PASSWORD)
        client.post(follow_url(author))
    run_worker()
    assert sorted(message.subject.split("] ")[1] for message in sent_to(author)) == [
        "admirer now follows you",
        "fan now follows you",
    ]
