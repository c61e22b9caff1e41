"""Each reader's own parts of a thread page whose comments are rendered once for everyone: the
edit and delete links on the comments they may change, the comments of members they ignore."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Ignore
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.django_db


def page(client, post):
    return client.get(post.get_absolute_url()).content.decode()


def edit_link(comment):
    return f'href="{reverse("comments:edit", args=[comment.pk])}"'


def test_edit_links_on_the_writers_own_comments_within_the_window(client, member, post, settings):
    recent = make_comment(post, author=member, body="mine, new")
    old = make_comment(post, author=member, body="mine, old", created_at=timezone.now() - timedelta(days=8))
    someone_elses = make_comment(post, body="theirs")
    client.force_login(member)
    html = page(client, post)
    assert edit_link(recent) in html
    assert edit_link(old) not in html and edit_link(someone_elses) not in html
    settings.COMMENT_EDIT_WINDOW = timedelta(days=30)
    assert edit_link(old) in page(client, post)


def test_staff_may_change_every_comment_others_none(client, member, moderator, post):
    comments = [make_comment(post, author=member), make_comment(post)]
    client.force_login(moderator)
    html = page(client, post)
    assert all(edit_link(comment) in html for comment in comments)
    client.force_login(make_user())
    html = page(client, post)
    assert not any(edit_link(comment) in html for comment in comments)
    client.logout()
    html = page(client, post)
    assert "/edit" not in html and "<!--controls" not in html


def test_an_ignored_members_comments_disappear_for_the_ignorer_only(client, member, other_member, post):
    make_comment(post, author=other_member, body="Words to be ignored")
    make_comment(post, body="Words everyone reads")
    Ignore.objects.create(ignorer=member, ignored=other_member)
    client.force_login(member)
    html = page(client, post)
    assert "Words everyone reads" in html and "Words to be ignored" not in html
    client.force_login(make_user())
    assert "Words to be ignored" in page(client, post)
    client.logout()
    assert "Words to be ignored" in page(client, post)


def test_the_home_list_marks_threads_with_comments_since_the_members_last_visit(client, member, post):
    make_comment(post)
    client.force_login(member)
    assert " new</a>" not in page(client, post)  # never opened: no mark, all of it is new
    home = client.get(reverse("posts:home")).content.decode()
    assert 'class="unread"' not in home
    page(client, post)  # read to #1
    newer = [make_comment(post), make_comment(post)]
    home = client.get(reverse("posts:home")).content.decode()
    assert f'href="{reverse("threads:comment", args=[newer[0].pk])}">2 new</a>' in home
    assert client.get(reverse("threads:comment", args=[newer[0].pk])).status_code == 302
    page(client, post)  # read to the end
    assert 'class="unread"' not in client.get(reverse("posts:home")).content.decode()


def test_reading_an_earlier_page_again_never_moves_the_mark_back(member, post):
    from forum.unread.models import Read

    Read.record(member, post, 40)
    Read.record(member, post, 12)
    assert Read.objects.get(user=member, post=post).seen_number == 40


def test_reading_no_further_writes_nothing_and_reading_further_moves_the_mark(member, post):
    from django.db import connection

    from forum.unread.models import Read

    def row_version():  # ctid: where the row's current version is; every write makes a new one
        with connection.cursor() as cursor:
            cursor.execute("SELECT ctid::text, seen_number FROM unread_read WHERE user_id = %s", [member.pk])
            return cursor.fetchone()

    Read.record(member, post, 40)
    written = row_version()
    Read.record(member, post, 40)
    Read.record(member, post, 3)
    assert row_version() == written
    Read.record(member, post, 41)
    assert row_version()[1] == 41 and row_version()[0] != written[0]


def test_an_ignored_members_posts_leave_the_ignorers_lists(client, member, other_member):
    from tests.factories import make_post

    make_post(author=other_member, title="A post to be ignored")
    make_post(title="A post for everyone")
    Ignore.objects.create(ignorer=member, ignored=other_member)
    client.force_login(member)
    home = client.get(reverse("posts:home")).content.decode()
    assert "A post for everyone" in home and "A post to be ignored" not in home
    client.force_login(make_user())
    assert "A post to be ignored" in client.get(reverse("posts:home")).content.decode()
