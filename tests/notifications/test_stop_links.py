"""The signed links that stop emails: what each may do, and what a forged or damaged one does."""

import pytest
from django.core import signing
from django.test import Client

from forum.notifications.links import SALT, Stop, stop_from_token
from forum.notifications.models import EmailSettings
from forum.watches.models import Watch
from tests.factories import make_post, make_user

from .mail import path_of

pytestmark = pytest.mark.django_db


def test_a_link_names_one_member_and_one_switch(member, other_member):
    url = Stop(member, switch="new_follower").url()
    Client(enforce_csrf_checks=True).post(path_of(url))
    assert EmailSettings.objects.get(user=member).new_follower is False
    assert not EmailSettings.objects.filter(user=other_member).exists()


def test_clicking_twice_is_fine(member):
    client = Client()
    path = path_of(Stop(member, switch="watched_comments").url())
    assert client.post(path).status_code == client.post(path).status_code == 200
    assert EmailSettings.objects.get(user=member).watched_comments is False


def test_the_mentions_link_makes_the_member_unsummonable(member):
    Client().post(path_of(Stop(member, switch="mentions").url()))
    member.refresh_from_db()
    assert member.summonable is False


def test_a_get_shows_one_button_and_changes_nothing(member):
    response = Client().get(path_of(Stop(member, switch="followed_posts").url()))
    page = response.content.decode()
    main = page[page.index("<main") : page.index("</main>")]  # the header has buttons of its own
    assert response.status_code == 200 and main.count("<button") == 1
    assert not EmailSettings.objects.exists()


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        "",
        "a:b:c",
        "WzEsIm5ld19mb2xsb3dlciJd:1xWLhM:forged",
        "\u202enon-ascii:é:ü",
        "x" * 5000,
    ],
)
def test_a_forged_or_damaged_link_is_not_found_and_changes_nothing(member, token):
    response = Client().post(f"/email/stop/{token}")
    assert response.status_code == 404
    assert not EmailSettings.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [["{pk}", "is_staff"], ["{pk}", "unwatch", "999999"], ["{pk}"], "{pk}", {"u": "{pk}"}, ["{pk}", "unwatch", "x"]],
)
def test_a_signed_link_for_anything_else_is_refused(member, payload):
    def fill(value):
        return member.pk if value == "{pk}" else value

    payload = [fill(item) for item in payload] if isinstance(payload, list) else payload
    token = signing.dumps(payload, salt=SALT)
    assert stop_from_token(token) is None
    assert Client().post(f"/email/stop/{token}").status_code == 404


def test_a_token_signed_for_something_else_is_refused(member):
    token = signing.dumps([member.pk, "watched_comments"])  # another salt: say, another feature's token
    assert stop_from_token(token) is None


def test_a_link_of_a_member_who_left_is_refused():
    gone = make_user(active=False)
    assert Client().post(path_of(Stop(gone, switch="new_follower").url())).status_code == 404
    assert not EmailSettings.objects.exists()


def test_stop_watching_a_post_that_is_gone(member):
    post = make_post()
    Watch.start(user=member, post=post)
    url = Stop(member, post=post).url()
    Watch.objects.all().delete()
    post.delete()
    assert Client().post(path_of(url)).status_code == 404


def test_only_get_and_post(member):
    path = path_of(Stop(member, switch="new_follower").url())
    assert Client().put(path).status_code == 405
    assert not EmailSettings.objects.exists()
