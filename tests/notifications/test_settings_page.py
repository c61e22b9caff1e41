import pytest
from django.urls import reverse

from forum.notifications.models import EmailSettings

pytestmark = pytest.mark.django_db
URL = "/settings/email"


def test_the_address_is_settings_email():
    assert reverse("notifications:settings") == URL


def test_a_visitor_is_asked_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    client.post(URL, {})
    assert not EmailSettings.objects.exists()


def test_every_switch_is_on_by_default(login, member):
    page = login(member).get(URL).content.decode()
    for name in ("watched_comments", "followed_posts", "new_follower", "mentions", "watch_on_comment"):
        assert f'name="{name}"' in page
    assert page.count("checked") == 5
    assert not EmailSettings.objects.exists()  # defaults need no row


def test_saving_switches_them(login, member):
    client = login(member)
    response = client.post(URL, {"followed_posts": "on", "watch_on_comment": "on"})
    assert response.status_code == 302 and response["Location"] == URL
    settings = EmailSettings.objects.get(user=member)
    assert (settings.watched_comments, settings.followed_posts, settings.new_follower, settings.watch_on_comment) == (
        False,
        True,
        False,
        True,
    )
    member.refresh_from_db()
    assert member.summonable is False
    page = client.get(URL).content.decode()
    assert "Your email settings are saved." in page and page.count("checked") == 2
    client.post(URL, {"mentions": "on", "watched_comments": "on"})
    member.refresh_from_db()
    assert member.summonable is True and EmailSettings.objects.get(user=member).watched_comments is True
    assert EmailSettings.objects.count() == 1


def test_unticking_every_box_switches_everything_off(login, member, other_member):
    login(member).post(URL, {})
    settings = EmailSettings.objects.get()
    assert settings.user == member
    assert not any(
        [settings.watched_comments, settings.followed_posts, settings.new_follower, settings.watch_on_comment]
    )
    assert not EmailSettings.objects.filter(user=other_member).exists()


def test_odd_values_are_no_error(login, member):
    response = login(member).post(URL, {"watched_comments": "x" * 10_000, "user": "1"})
    assert response.status_code == 302
    assert EmailSettings.objects.get(user=member).watched_comments is True
