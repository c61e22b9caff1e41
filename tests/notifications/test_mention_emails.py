"""`@name` in a comment or post emails that member, if they may be summoned."""

import pytest
from django.test import Client

from accounts.models import Ignore
from forum.comments.services import comment_create_by_member
from forum.notifications import events
from forum.watches.models import Watch
from tests.factories import make_post, make_user
from tests.jobs.queue import run_worker

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
