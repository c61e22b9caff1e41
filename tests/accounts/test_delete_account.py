"""Deleting an account: the words stay, as by a deleted member; the person's data goes."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.models import Follow, Ignore, RetiredName, User
from accounts.names import is_reserved_name, name_skeleton
from accounts.services import member_delete
from forum.comments.models import Comment
from forum.likes.models import Like
from forum.likes.services import vote
from forum.notifications.models import EmailSettings, FollowerEmail
from forum.posts.models import Post
from forum.unread.models import Read
from forum.watches.models import Watch
from tests.factories import PASSWORD, make_comment, make_post, make_user

from .hashers import CountingPasswordHasher

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


# The password asked here is a password check like the login's: throttled, hashed once.


def test_attempts_are_throttled_and_the_right_password_is_refused_while_throttled(login, leaver, rate_limits):
    rate_limits(reauthenticate="3/m/user")
    client = login(leaver)
    for _ in range(3):
        assert client.post(URL, {"password": "wrong"}).status_code == 400
    response = client.post(URL, {"password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts. Please wait a minute, then try again." in response.content.decode()
    leaver.refresh_from_db()
    assert leaver.is_active and leaver.username == "leaver" and leaver.has_usable_password()


def test_the_limit_is_per_member(login, leaver, member, rate_limits):
    rate_limits(reauthenticate="2/m/user")
    for _ in range(2):
        login(leaver).post(URL, {"password": "wrong"})
    login(member).post(URL, {"password": PASSWORD})
    assert not User.objects.get(pk=member.pk).is_active


def test_as_deployed_failures_also_count_in_the_per_account_login_limit(client, login, leaver, rate_limits):
    """With allauth's default rates, as in production: the login's limit of 5 failures per
    account stops the guessing before the reauthentication limit of 10 a minute does."""
    rate_limits()
    logged_in = login(leaver)
    for _ in range(5):
        assert logged_in.post(URL, {"password": "wrong"}).status_code == 400
    response = logged_in.post(URL, {"password": PASSWORD})
    assert response.status_code == 429 and "Too many failed login attempts" in response.content.decode()
    assert User.objects.get(pk=leaver.pk).is_active


@pytest.fixture
def counting_hashes(settings, leaver):
    settings.PASSWORD_HASHERS = ["tests.accounts.hashers.CountingPasswordHasher"]
    leaver.set_password(PASSWORD)
    leaver.save()


@pytest.mark.parametrize(("password", "hashes"), [("wrong", 1), (PASSWORD, 1)])
def test_each_attempt_hashes_one_password_as_every_login_does(login, leaver, counting_hashes, password, hashes):
    client = login(leaver)
    CountingPasswordHasher.hashes = 0
    client.post(URL, {"password": password})
    assert CountingPasswordHasher.hashes == hashes


def test_a_throttled_attempt_hashes_nothing(login, leaver, counting_hashes, rate_limits):
    rate_limits(reauthenticate="1/m/user")
    client = login(leaver)
    client.post(URL, {"password": "wrong"})
    CountingPasswordHasher.hashes = 0
    assert client.post(URL, {"password": "wrong again"}).status_code == 429
    assert CountingPasswordHasher.hashes == 0


def test_the_password_is_checked_by_the_login_backend(login, leaver, monkeypatch):
    from accounts.auth_backends import AuthenticationBackend

    client = login(leaver)
    seen = []
    check = AuthenticationBackend._check_password
    monkeypatch.setattr(
        AuthenticationBackend,
        "_check_password",
        lambda self, user, password: seen.append(user) or check(self, user, password),
    )
    client.post(URL, {"password": "wrong"})
    assert [user.pk for user in seen] == [leaver.pk]


def test_a_member_with_an_unverified_email_deletes_with_the_right_password(login):
    newcomer = make_user("newcomer", new=True)
    EmailAddress.objects.create(user=newcomer, email=newcomer.email, verified=False, primary=True)
    assert login(newcomer).post(URL, {"password": PASSWORD}).status_code == 302
    assert User.objects.get(pk=newcomer.pk).is_deleted


# What the account leaves behind: only the words written for others.


def test_deleting_takes_back_likes_and_removes_reads_email_settings_and_last_login(login, leaver, member):
    liked_post, disliked_comment = make_post(title="Liked"), make_comment(make_post(title="Commented"))
    vote(leaver, liked_post, Like.Vote.LIKE)
    vote(member, liked_post, Like.Vote.LIKE)
    vote(leaver, disliked_comment, Like.Vote.DISLIKE)
    Read.record(leaver, liked_post, 3)
    Read.record(member, liked_post, 3)
    EmailSettings.objects.create(user=leaver, new_follower=False)
    client = login(leaver)
    assert User.objects.get(pk=leaver.pk).last_login is not None

    assert client.post(URL, {"password": PASSWORD}).status_code == 302

    assert (Like.objects.filter(user=leaver).count(), Read.objects.filter(user=leaver).count()) == (0, 0)
    assert not EmailSettings.objects.filter(user=leaver).exists()
    assert User.objects.get(pk=leaver.pk).last_login is None
    # The counts still equal the rows: the member's like stays, the leaver's votes are gone.
    liked_post.refresh_from_db()
    disliked_comment.refresh_from_db()
    assert (
        (liked_post.like_count, liked_post.dislike_count) == (1, 0) == (Like.objects.filter(post=liked_post).count(), 0)
    )
    assert (disliked_comment.like_count, disliked_comment.dislike_count) == (0, 0)
    assert Read.objects.filter(user=member).count() == 1


def test_the_service_says_what_it_removed(leaver, member, other_member):
    vote(leaver, make_post(), Like.Vote.LIKE)
    Read.record(leaver, make_post(), 1)
    EmailSettings.objects.create(user=leaver)
    FollowerEmail.claim(follower_id=leaver.pk, followed_id=member.pk)
    FollowerEmail.claim(follower_id=other_member.pk, followed_id=leaver.pk)
    FollowerEmail.claim(follower_id=other_member.pk, followed_id=member.pk)
    removed = member_delete(member=leaver)
    assert (removed["likes"], removed["reads"], removed["email_settings"], removed["follower_emails"]) == (1, 1, 1, 2)
    assert removed["old_name"] == "leaver"
    assert list(FollowerEmail.objects.values_list("follower_id", "followed_id")) == [(other_member.pk, member.pk)]


# A deleted member's name is theirs for good: the @mentions others wrote still name them.


def sign_up(client, username):
    data = {
        "username": username,
        "email": "new@example.com",
        "password1": "a long passphrase",
        "password2": "a long passphrase",
    }
    return client.post(reverse("account_signup"), data)


@pytest.mark.parametrize("taker", ["victim1", "Victim1", "victim.1", "v1ctim1", "VICTIM_I"])
def test_a_deleted_name_and_its_lookalikes_cannot_be_taken_again(client, taker):
    member_delete(member=make_user("victim1"))
    response = sign_up(client, taker)
    assert response.status_code == 200 and "That name is reserved" in response.content.decode()
    assert not User.objects.filter(is_active=True).exists()
    assert client.get("/user/victim1").status_code == 404  # old mentions lead to no one


def test_other_names_stay_free_and_only_the_skeleton_is_kept(client):
    member_delete(member=make_user("victim1"))
    assert sign_up(client, "victim2").status_code == 302
    assert list(RetiredName.objects.values_list("skeleton", flat=True)) == [name_skeleton("victim1")]
    assert not User.objects.filter(username__iexact="victim1").exists()


def test_staff_see_retired_names_and_may_free_one(client):
    member_delete(member=make_user("victim1"))
    client.force_login(make_user("chief", superuser=True))
    page = client.get(reverse("admin:accounts_retiredname_changelist"))
    assert page.status_code == 200 and name_skeleton("victim1") in page.content.decode()
    assert client.get(reverse("admin:accounts_retiredname_add")).status_code == 403
    retired = RetiredName.objects.get()
    client.post(reverse("admin:accounts_retiredname_delete", args=[retired.pk]), {"post": "yes"})
    assert sign_up(Client(), "victim1").status_code == 302
