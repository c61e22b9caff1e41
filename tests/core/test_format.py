from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from forum.core.middleware import reader_timezone
from forum.core.templatetags.forum_format import forum_date

SEED_MOMENT = datetime(2017, 11, 9, 10, 29, tzinfo=ZoneInfo("America/Los_Angeles"))


def test_dates_read_like_the_original():
    with timezone.override("America/Los_Angeles"):
        assert forum_date(SEED_MOMENT) == "2017 Nov 9, 10:29am"
        assert forum_date(SEED_MOMENT.replace(hour=0, minute=5)) == "2017 Nov 9, 12:05am"
        assert forum_date(SEED_MOMENT.replace(hour=12)) == "2017 Nov 9, 12:29pm"


def test_dates_follow_the_readers_timezone():
    with timezone.override("Europe/Paris"):
        assert forum_date(SEED_MOMENT) == "2017 Nov 9, 7:29pm"


@pytest.mark.parametrize("value", ["", "Not/AZone", "../../etc/passwd", "America", "x" * 500])
def test_unknown_timezone_cookie_is_ignored(value):
    assert reader_timezone(value) is None


@pytest.mark.django_db
def test_timezone_cookie_changes_the_dates_shown(client, post):
    from forum.posts.models import Post

    Post.objects.filter(pk=post.pk).update(created_at=SEED_MOMENT)
    assert "2017 Nov 9, 10:29am" in client.get(post.get_absolute_url()).content.decode()
    client.cookies["tz"] = "Europe/Paris"
    assert "2017 Nov 9, 7:29pm" in client.get(post.get_absolute_url()).content.decode()


def test_ago_says_just_now_under_a_minute():
    from datetime import timedelta

    from forum.core.templatetags.forum_format import ago

    assert ago(timezone.now() - timedelta(seconds=20)) == "just now"
    assert ago(timezone.now() - timedelta(hours=3, minutes=5)) == "3\xa0hours ago"  # no break inside


@pytest.mark.django_db
@pytest.mark.parametrize("param", ["page", "c", "quote"])
@pytest.mark.parametrize("value", ["²", "٣", "1e3", "99999999999999999999999", "-1", "0"])
def test_odd_numbers_in_the_query_are_never_a_server_error(client, post, param, value):
    assert client.get(post.get_absolute_url(), {param: value}).status_code in (200, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "99999999999999999999999"])
def test_odd_random_origin_is_never_a_server_error(client, post, value):
    assert client.get("/random", {"from": value}).status_code == 302
