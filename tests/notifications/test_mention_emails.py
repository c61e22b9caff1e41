"""`@name` in a comment or post emails that member, if they may be summoned, and if the writer is
an established member, at most once an hour per writer and a few times an hour in all."""

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Ignore
from forum.comments.services import comment_create_anonymous, comment_create_by_member
from forum.core.limits import take_slot
from forum.notifications import events
from forum.watches.models import Watch
from tests.factories import make_comment, make_post, make_user, make_visitor
from tests.jobs.queue import jobs, run_worker

from .mail import html_part, link_after, only_email_to, path_of, sent_to, unsubscribe_header

pytestmark = pytest.mark.usefixtures("empty_queue")


@pytest.fixture
def cast():
    return make_post(title="Rents"), make_user("writer"), make_user("Mallory")


def test_a_mentioned_member_is_emailed_once_even_when_watching(cast):
    post, writer, mallory = cast
    Watch.start(user=mallory, post=post)
    comment = comment_create_by_member(post=post, author=writer, body="What do you think, @mallory?")
    assert 'href="/user/Mallory" class="mention"' in comment.body_html
    run_worker()
    message = only_email_to(mallory)
    assert message.subject.endswith('writer mentioned you in "Rents"')
    assert "What do you think, @mallory?" in message.body
    assert 'href="http://testserver/user/Mallory" class="mention"' in html_part(message)  # absolute in mail
    response = Client().get(path_of(link_after(message.body, "Read it:")), follow=True)
    assert response.status_code == 200 and f'id="comment-{comment.pk}"' in response.content.decode()
    Client(enforce_csrf_checks=True).post(path_of(unsubscribe_header(message)))
    mallory.refresh_from_db()
    assert mallory.summonable is False


@pytest.mark.parametrize("why", ["not summonable", "ignores the writer", "is the writer"])
def test_who_is_not_emailed(cast, why):
    post, writer, mallory = cast
    if why == "not summonable":
        mallory.summonable = False
        mallory.save()
    elif why == "ignores the writer":
        Ignore.objects.create(ignorer=mallory, ignored=writer)
    else:
        writer = mallory
    comment_create_by_member(post=post, author=writer, body="Hello @Mallory")
    run_worker()
    assert sent_to(mallory) == []


def test_mention_emails_per_comment_are_capped(cast, settings):
    post, writer, mallory = cast
    settings.MENTION_EMAILS_MAX = 2
    others = [make_user(f"member{n}x") for n in range(3)]
    comment_create_by_member(post=post, author=writer, body="@member0x @member1x @mallory @member2x")
    run_worker()
    assert [len(sent_to(member)) for member in [*others, mallory]] == [1, 1, 0, 0]


def test_a_post_mentioning_a_member_emails_them(cast):
    post, writer, mallory = cast
    post = make_post(author=writer, title="Ask", body="Over to you, @Mallory.")
    events.post_published(post)
    run_worker()
    assert only_email_to(mallory).subject.endswith('writer mentioned you in "Ask"')


SPAM = "@desertrat @quietobserver @sfmarcus @nwrenter @tehachapi @bayview @oldsalt look at this"
NAMES = ["desertrat", "quietobserver", "sfmarcus", "nwrenter", "tehachapi", "bayview", "oldsalt"]


def test_an_anonymous_visitor_mentions_email_nobody(client):
    """The attack: a logged-out script naming members in comment after comment."""
    members = [make_user(name) for name in NAMES]
    post = make_post()
    response = client.post(reverse("threads:comment-create", args=[post.pk]), {"body": SPAM})
    assert response.status_code == 302
    for address in ("203.0.113.8", "203.0.113.9"):
        comment_create_anonymous(post=post, visitor=make_visitor(address=address), body=SPAM)
    run_worker()
    assert all(sent_to(member) == [] for member in members)
    assert jobs("send_email") == []
    assert all('class="mention"' in comment.body_html for comment in post.comments.all())  # still links


def member_joined_just_now_verified():
    member = make_user()
    type(member).objects.filter(pk=member.pk).update(date_joined=timezone.now())
    member.refresh_from_db()
    return member


def member_of_old_unverified():
    member = make_user()
    EmailAddress.objects.filter(user=member).update(verified=False)
    return member


@pytest.mark.parametrize(
    "writer",
    [lambda: make_user(new=True), member_joined_just_now_verified, member_of_old_unverified],
    ids=["new and unverified", "verified but new", "old but unverified"],
)
def test_a_member_not_yet_established_mentions_email_nobody(cast, writer):
    post, _, mallory = cast
    writer = writer()
    assert not writer.is_established
    comment_create_by_member(post=post, author=writer, body="Hello @Mallory")
    events.post_published(make_post(author=writer, body="Over to you, @Mallory."))
    run_worker()
    assert sent_to(mallory) == []


def test_a_mentioned_member_who_watches_still_hears_of_an_anonymous_comment(cast):
    post, _, mallory = cast
    Watch.start(user=mallory, post=post)
    comment = comment_create_anonymous(post=post, visitor=make_visitor(), body="Hello @Mallory")
    run_worker()
    assert only_email_to(mallory).subject.endswith(f'{comment.anonymous.name} commented on "Rents"')


def published(post, writer, body):
    """A comment the writer published, as if written more than MIN_INTERVAL apart."""
    comment = make_comment(post, author=writer, body=body)
    events.comment_published(comment)
    return comment


def test_one_writer_emails_a_member_once_an_hour(cast):
    post, writer, mallory = cast
    for number in range(3):
        published(post, writer, f"Again, @Mallory ({number})")
    run_worker()
    assert len(sent_to(mallory)) == 1
    published(post, make_user("another"), "And me, @Mallory")  # another writer is another pair
    published(post, writer, "@another, you too")  # and another member
    caches["default"].delete(f"mention-email:{writer.pk}:{mallory.pk}")  # the hour is over
    published(post, writer, "An hour later, @Mallory")
    run_worker()
    assert len(sent_to(mallory)) == 3


def test_a_member_gets_at_most_so_many_mention_emails_an_hour(cast, settings):
    post, _, mallory = cast
    settings.MENTION_EMAILS_PER_HOUR = 3
    bystander = make_user("bystander")
    for number in range(5):
        published(post, make_user(f"writer{number}x"), f"@Mallory and @bystander ({number})")
    run_worker()
    assert (len(sent_to(mallory)), len(sent_to(bystander))) == (3, 3)


def test_a_post_counts_toward_the_same_limits(cast):
    post, writer, mallory = cast
    published(post, writer, "Hello @Mallory")
    events.post_published(make_post(author=writer, title="Ask", body="Over to you, @Mallory."))
    run_worker()
    assert len(sent_to(mallory)) == 1


def test_the_hourly_slots_are_a_sliding_window():
    cache = caches["default"]
    cache.clear()
    assert [take_slot(cache, "test-slots", 3, 3600) for _ in range(4)] == [True, True, True, False]
    cache.delete("test-slots:1")  # one claim is an hour old
    assert [take_slot(cache, "test-slots", 3, 3600) for _ in range(2)] == [True, False]
