"""Ignore: a toggle by POST, never yourself, and the helper other pages hide content with."""

import pytest
from django.urls import reverse

from accounts.models import Ignore
from forum.comments.models import Comment
from tests.factories import make_comment, make_post, make_user

pytestmark = pytest.mark.django_db


def ignore_url(member):
    return reverse("accounts:ignore", args=[member.username])


def test_ignore_toggles_on_and_off(login, member, other_member):
    client = login(member)
    response = client.post(ignore_url(other_member))
    assert response.status_code == 302 and response["Location"] == other_member.get_absolute_url()
    assert list(Ignore.objects.values_list("ignorer", "ignored")) == [(member.pk, other_member.pk)]
    client.post(ignore_url(other_member))
    assert not Ignore.objects.exists()


def test_ignore_is_only_a_post(login, member, other_member):
    assert login(member).get(ignore_url(other_member)).status_code == 405
    assert not Ignore.objects.exists()


def test_ignore_needs_the_csrf_token(member, other_member):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(ignore_url(other_member)).status_code == 403
    assert not Ignore.objects.exists()


def test_you_cannot_ignore_yourself(login, member):
    response = login(member).post(ignore_url(member), follow=True)
    assert "You cannot ignore yourself." in response.content.decode()
    assert not Ignore.objects.exists()


def test_a_visitor_is_sent_to_log_in_and_back(client, other_member):
    response = client.post(ignore_url(other_member), {"next": other_member.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/user/{other_member.username}"
    assert not Ignore.objects.exists()


def test_staff_may_be_ignored_and_may_ignore(login, moderator, member):
    login(moderator).post(ignore_url(member))
    login(member).post(ignore_url(moderator))
    assert Ignore.objects.count() == 2


def test_ignoring_an_unknown_or_deleted_member_is_not_found(login, member):
    gone = make_user("gone", active=False)
    assert login(member).post(ignore_url(gone)).status_code == 404
    assert login(member).post("/user/nobody/ignore").status_code == 404


def test_ignore_redirects_back_only_within_the_site(login, member, other_member):
    response = login(member).post(ignore_url(other_member), {"next": "https://evil.example/"})
    assert response["Location"] == other_member.get_absolute_url()
    response = login(member).post(ignore_url(other_member), {"next": "/settings"})
    assert response["Location"] == "/settings"


def test_ignored_by_lists_whom_a_member_ignores_and_works_as_a_subquery(
    member, other_member, django_assert_num_queries
):
    third = make_user("third")
    Ignore.objects.create(ignorer=member, ignored=other_member)
    Ignore.objects.create(ignorer=third, ignored=member)  # the other way round: not member's
    assert set(Ignore.objects.ignored_by(member)) == {other_member.pk}
    assert member.ignored_ids() == {other_member.pk}
    post = make_post()
    kept = make_comment(post, author=third)
    make_comment(post, author=other_member)
    with django_assert_num_queries(1):  # the subquery costs no query of its own
        shown = list(Comment.objects.filter(post=post).exclude(author_id__in=Ignore.objects.ignored_by(member)))
    assert shown == [kept]


def test_ignored_by_is_empty_for_a_visitor(db):
    from django.contrib.auth.models import AnonymousUser

    assert list(Ignore.objects.ignored_by(AnonymousUser())) == []
