from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from forum.core.middleware import reader_timezone
from forum.core.templatetags.forum_format import ago, forum_ago, forum_date, forum_time

SEED_MOMENT = datetime(2017, 11, 9, 10, 29, tzinfo=ZoneInfo("America/Los_Angeles"))


def test_dates_read_like_the_original_with_the_zone():
    with timezone.override("America/Los_Angeles"):
        assert forum_date(SEED_MOMENT) == "2017 Nov 9, 10:29am PST"
        assert forum_date(SEED_MOMENT.replace(hour=0, minute=5)) == "2017 Nov 9, 12:05am PST"
        assert forum_date(SEED_MOMENT.replace(hour=12)) == "2017 Nov 9, 12:29pm PST"
        assert forum_date(SEED_MOMENT.replace(month=7)) == "2017 Jul 9, 10:29am PDT"


def test_dates_follow_the_readers_timezone():
    with timezone.override("Europe/Paris"):
        assert forum_date(SEED_MOMENT) == "2017 Nov 9, 7:29pm CET"


def test_a_zone_without_letters_of_its_own_is_written_from_utc():
    with timezone.override("Asia/Dubai"):
        assert forum_date(SEED_MOMENT) == "2017 Nov 9, 10:29pm UTC+04"
    with timezone.override("UTC"):
        assert forum_date(SEED_MOMENT) == "2017 Nov 9, 6:29pm UTC"


def test_time_element_gives_the_exact_time_to_programs_and_on_hover():
    with timezone.override("America/Los_Angeles"):
        assert forum_time(SEED_MOMENT) == (
            '<time datetime="2017-11-09T10:29:00-08:00" title="2017-11-09T10:29:00-08:00 (America/Los_Angeles)">'
            "2017 Nov 9, 10:29am PST</time>"
        )
    assert forum_time(None) == ""


def test_relative_time_element_shows_the_date_on_hover():
    from datetime import timedelta

    three_hours_ago = timezone.now() - timedelta(hours=3, minutes=5)
    with timezone.override("Europe/Paris"):
        html = forum_ago(three_hours_ago)
        assert f'title="{forum_date(three_hours_ago)}"' in html and ">3\xa0hours ago</time>" in html
        assert forum_date(three_hours_ago).endswith((" CET", " CEST"))


@pytest.mark.parametrize("value", ["", "Not/AZone", "../../etc/passwd", "America", "x" * 500])
def test_unknown_timezone_cookie_is_ignored(value):
    assert reader_timezone(value) is None


@pytest.mark.django_db
def test_timezone_cookie_changes_the_dates_shown(client, post):
    from forum.posts.models import Post

    Post.objects.filter(pk=post.pk).update(created_at=SEED_MOMENT)
    assert "2017 Nov 9, 10:29am PST" in client.get(post.get_absolute_url()).content.decode()
    client.cookies["tz"] = "Europe/Paris"
    assert "2017 Nov 9, 7:29pm CET" in client.get(post.get_absolute_url()).content.decode()


def test_ago_says_just_now_under_a_minute():
    from datetime import timedelta

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
