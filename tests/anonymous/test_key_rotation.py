"""ANONYMOUS_NAME_KEY can be rotated: returning visitors keep their name, banned networks stay banned."""

import pytest
from django.db import connection
from django.urls import reverse

from forum.anonymous.keys import visitor_digest
from forum.anonymous.models import AnonymousIdentity, NetworkBan
from forum.anonymous.visitor import COOKIE_NAME
from forum.comments.models import Comment
from tests.factories import make_anonymous, make_post

pytestmark = pytest.mark.django_db

TOKEN = "A" * 22  # a browser's cookie, the shape visitor.py accepts
ADDRESS = "203.0.113.7"


@pytest.fixture
def rotated(settings):
    """Rows written under the old key, then the key changed with the old one listed."""
    settings.ANONYMOUS_NAME_KEY = "the-old-key"
    settings.ANONYMOUS_NAME_OLD_KEYS = []
    identity = make_anonymous(TOKEN, address=ADDRESS)
    settings.ANONYMOUS_NAME_KEY = "the-new-key"
    settings.ANONYMOUS_NAME_OLD_KEYS = ["the-old-key"]
    return identity


def comment(client, post, body):
    client.cookies[COOKIE_NAME] = TOKEN
    return client.post(reverse("threads:comment-create", args=[post.pk]), {"body": body}, REMOTE_ADDR=ADDRESS)


def test_a_returning_visitor_keeps_their_name_after_a_rotation(client, rotated):
    post = make_post()
    client.cookies[COOKIE_NAME] = TOKEN
    page = client.get(post.get_absolute_url(), REMOTE_ADDR=ADDRESS)
    assert rotated.name in page.text

    comment(client, post, "Still me after the key changed.")

    written = Comment.objects.get(post=post)
    assert written.anonymous_id == rotated.pk
    assert AnonymousIdentity.objects.count() == 1
    assert AnonymousIdentity.objects.get().digest != rotated.digest  # moved to the new key


def test_without_the_old_key_listed_the_visitor_would_be_someone_new(client, rotated, settings):
    settings.ANONYMOUS_NAME_OLD_KEYS = []
    comment(client, make_post(), "Who am I now?")
    assert Comment.objects.get().anonymous_id != rotated.pk


def test_a_banned_network_stays_banned_after_a_rotation(client, settings):
    settings.ANONYMOUS_NAME_KEY = "the-old-key"
    make_anonymous("B" * 22, address=ADDRESS, network_banned=True)
    settings.ANONYMOUS_NAME_KEY = "the-new-key"
    settings.ANONYMOUS_NAME_OLD_KEYS = ["the-old-key"]
    post = make_post()

    response = comment(client, post, "From a banned network.")

    assert response.status_code == 403
    assert "The network you are connecting from has been banned" in response.text
    assert not Comment.objects.filter(post=post).exists()
    assert NetworkBan.objects.count() == 1


def test_without_the_old_key_listed_the_network_ban_would_lapse(client, settings):
    settings.ANONYMOUS_NAME_KEY = "the-old-key"
    make_anonymous("B" * 22, address=ADDRESS, network_banned=True)
    settings.ANONYMOUS_NAME_KEY = "the-new-key"
    settings.ANONYMOUS_NAME_OLD_KEYS = []
    comment(client, make_post(), "From a formerly banned network.")
    assert Comment.objects.count() == 1


def test_the_move_is_one_update_per_browser_not_one_per_request(client, rotated, django_assert_num_queries):
    post = make_post()
    client.cookies[COOKIE_NAME] = TOKEN
    client.get(post.get_absolute_url(), REMOTE_ADDR=ADDRESS)
    moved = AnonymousIdentity.objects.get().digest
    AnonymousIdentity.objects.update(digest=rotated.digest)  # as if moved back: a second move would show
    client.get(post.get_absolute_url(), REMOTE_ADDR=ADDRESS)
    assert AnonymousIdentity.objects.get().digest == rotated.digest != moved


def test_made_up_cookies_leave_no_marker_beside_the_rate_limits(client, rotated):
    """Any cookie of the right shape makes a marker: a script sending a new one each request must
    not fill the default cache, whose counters (logins, signups) a full table would push out."""
    from django.core.cache import caches

    post = make_post()
    for token in ("B" * 22, "C" * 22, "D" * 22):
        client.cookies[COOKIE_NAME] = token
        assert client.get(post.get_absolute_url(), REMOTE_ADDR=ADDRESS).status_code == 200

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM forum_cache WHERE cache_key LIKE %s", ["%rekeyed:%"])
        assert cursor.fetchone()[0] == 0
    assert caches["pages"].get(f"rekeyed:anonymous.anonymousidentity:{visitor_digest('B' * 22)}")
