"""Deleting an account: the words stay, as by a deleted member; the person's data goes."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.models import Follow, Ignore, User
from accounts.names import is_reserved_name
from accounts.services import member_delete
from forum.comments.models import Comment
from forum.posts.models import Post
from forum.watches.models import Watch
from tests.factories import PASSWORD, make_comment, make_post, make_user

pytestmark = pytest.mark.django_db
URL = "/settings/delete"


@pytest.fixture
def leaver(db):
    leaver = make_user("leaver")
    leaver.set_about("All about me")
    leaver.avatar = "avatars/me.webp"
    leaver.timezone = "Europe/Paris"
    leaver.save()
    return leaver


def test_the_page_asks_for_the_password(login, leaver):
    assert reverse("accounts:delete") == URL
    page = login(leaver).get(URL).content.decode()
    assert 'type="password"' in page and 'for="id_password"' in page and "cannot be undone" in page


def test_a_visitor_is_sent_to_log_in(client):
    assert client.post(URL, {"password": PASSWORD})["Location"].startswith(reverse("account_login"))


def test_a_wrong_password_deletes_nothing(login, leaver):
    response = login(leaver).post(URL, {"password": "wrong"})
    assert response.status_code == 400 and "That is not your password." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    leaver.refresh_from_db()
    assert leaver.is_active and leaver.username == "leaver"


@pytest.mark.parametrize("password", ["", "a\x00b", "x" * 10_000])
def test_odd_passwords_are_refused_with_a_message(login, leaver, password):
    assert login(leaver).post(URL, {"password": password}).status_code == 400
    leaver.refresh_from_db()
    assert leaver.is_active


def test_a_get_deletes_nothing(login, leaver):
    login(leaver).get(URL, {"password": PASSWORD})
    leaver.refresh_from_db()
    assert leaver.is_active


def test_deleting_keeps_posts_and_comments_and_removes_the_personal_data(
    login, leaver, member, django_capture_on_commit_callbacks
):
    post = make_post(author=leaver, title="Leaver's post")
    comment = make_comment(make_post(), author=leaver, body="Leaver's words")
    Follow.objects.create(follower=leaver, followed=member)
    Follow.objects.create(follower=member, followed=leaver)
    Ignore.objects.create(ignorer=leaver, ignored=member)
    Ignore.objects.create(ignorer=member, ignored=leaver)
    Watch.objects.create(user=leaver, post=post)
    client = login(leaver)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"

    gone = User.objects.get(pk=leaver.pk)
    assert gone.username == f"deleted_{leaver.pk}" and gone.is_deleted and not gone.is_active
    assert (gone.email, gone.about, gone.about_html, gone.avatar.name, gone.timezone) == ("", "", "", "", "")
    assert not gone.has_usable_password()
    assert not EmailAddress.objects.filter(user=gone).exists()
    assert not Follow.objects.exists() and not Ignore.objects.exists() and not Watch.objects.exists()
    assert Post.objects.get(pk=post.pk).author_id == gone.pk
    assert Comment.objects.get(pk=comment.pk).author_id == gone.pk
    # Logged out here, and the old password logs in nowhere.
    assert not client.get("/").context["user"].is_authenticated
    assert not Client().login(username="leaver", password=PASSWORD)
    assert not Client().login(username=gone.username, password=PASSWORD)


def test_the_posts_and_threads_show_the_deleted_name_at_once(login, leaver):
    post = make_post(author=leaver, title="Leaver's post")
    make_comment(post, author=leaver, body="Leaver's words")
    for url in (post.get_absolute_url(), "/"):
        assert "leaver" in Client().get(url).content.decode()  # now stored in the page caches
    login(leaver).post(URL, {"password": PASSWORD})
    for url in (post.get_absolute_url(), "/"):
        page = Client().get(url).content.decode()
        assert f"deleted_{leaver.pk}" in page and ">leaver<" not in page


def test_other_sessions_of_the_member_end_too(leaver):
    phone, laptop = Client(), Client()
    phone.login(username="leaver", password=PASSWORD)
    laptop.login(username="leaver", password=PASSWORD)
    laptop.post(URL, {"password": PASSWORD})
    assert not phone.get("/").context["user"].is_authenticated
    assert Session.objects.count() <= 1  # the phone's, ended on its next request


def test_the_deleted_name_is_reserved_and_unique(db):
    first, second = make_user("first"), make_user("second")
    member_delete(member=first)
    member_delete(member=second)
    names = set(User.objects.filter(deleted_at__isnull=False).values_list("username", flat=True))
    assert names == {f"deleted_{first.pk}", f"deleted_{second.pk}"}
    assert all(is_reserved_name(name) for name in names | {"deleted", "deleted_12", "Deleted-0l", "deletedl2"})
    assert not is_reserved_name("deleter") and not is_reserved_name("undeleted_12")


def test_an_old_member_whose_name_reads_as_the_deleted_one_gets_a_suffix(db):
    leaver = make_user()
    User.objects.create_user(f"deleted{leaver.pk}", "old@example.com", PASSWORD)  # before names were reserved
    member_delete(member=leaver)
    leaver.refresh_from_db()
    assert leaver.username == f"deleted_{leaver.pk}_1"


def test_a_member_cannot_sign_up_with_a_deleted_name(client):
    response = client.post(
        reverse("account_signup"),
        {
            "username": "deleted_99",
            "email": "d@example.com",
            "password1": "a fine long passphrase",
            "password2": "a fine long passphrase",
        },
    )
    assert response.status_code == 200 and "reserved" in response.content.decode()
