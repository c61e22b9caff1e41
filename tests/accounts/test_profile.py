"""The profile page: who sees what, the counts, follow and ignore controls, pages of posts."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Ignore
from accounts.views import PROFILE_POSTS
from forum.comments.models import Comment
from tests.factories import make_comment, make_post, make_posts, make_user

pytestmark = pytest.mark.django_db


def text_of(response):
    return " ".join(response.content.decode().split())


@pytest.fixture
def writer(db):
    writer = make_user("writer")
    writer.set_about("I write about *housing*. <script>alert(1)</script> [x](javascript:alert(2))")
    writer.save()
    return writer


def test_about_is_rendered_once_on_save_and_sanitized(writer):
    assert "<em>housing</em>" in writer.about_html
    assert "<script" not in writer.about_html and "javascript:" not in writer.about_html


def test_the_profile_shows_avatar_about_join_date_and_counts(client, writer):
    writer.avatar = "avatars/2026/11/face.webp"
    writer.save()
    post = make_post(author=writer, title="On housing")
    make_comment(post, author=writer)
    make_comment(post, author=writer, status=Comment.Status.SPAM)  # held: not counted
    make_user("fan").following_set.create(followed=writer)
    page = text_of(client.get(writer.get_absolute_url()))
    assert '<img class="avatar" src="/media/avatars/2026/11/face.webp"' in page
    assert "<em>housing</em>" in page and "<script>alert" not in page and "javascript:" not in page
    assert "1 post, 1 follower, 1 comment" in page and "joined" in page and "On housing" in page


def test_counts_leave_out_what_the_reader_may_not_see(client, login, writer, member):
    make_post(author=writer, is_nsfw=True, title="Not for the office")
    assert "0 posts" in text_of(client.get(writer.get_absolute_url()))
    assert "1 post," in text_of(login(member).get(writer.get_absolute_url()))


def test_a_visitor_is_offered_follow_and_ignore_as_log_in_links(client, writer):
    page = client.get(writer.get_absolute_url()).content.decode()
    login_link = f'href="{reverse("account_login")}?next=/user/writer"'
    assert (
        f'{login_link} title="log in to follow writer"' in page
        and f'{login_link} title="log in to ignore writer"' in page
    )
    assert reverse("accounts:ignore", args=["writer"]) not in page


def test_a_member_sees_follow_and_ignore_buttons(login, member, writer):
    page = login(member).get(writer.get_absolute_url()).content.decode()
    assert f'action="{reverse("accounts:follow", args=["writer"])}"' in page
    assert f'action="{reverse("accounts:ignore", args=["writer"])}"' in page
    assert page.count('name="csrfmiddlewaretoken"') >= 3  # follow, ignore, log out


def test_your_own_profile_offers_settings_not_follow_or_ignore(login, writer):
    page = login(writer).get(writer.get_absolute_url()).content.decode()
    assert reverse("accounts:settings") in page
    assert reverse("accounts:ignore", args=["writer"]) not in page


def test_the_profile_of_a_member_you_ignore_says_so_and_hides_their_words(login, member, writer):
    make_post(author=writer, title="Hidden words")
    Ignore.objects.create(ignorer=member, ignored=writer)
    page = text_of(login(member).get(writer.get_absolute_url()))
    assert "You are ignoring writer" in page
    assert "Hidden words" not in page and "housing" not in page
    assert ">unignore</button>" in page


def test_posts_are_paged(client, writer):
    posts = make_posts(PROFILE_POSTS + 3, author=writer)
    first = text_of(client.get(writer.get_absolute_url()))
    assert posts[-1].title in first and posts[0].title not in first and "?page=2" in first
    second = text_of(client.get(writer.get_absolute_url(), {"page": 2}))
    assert posts[0].title in second and posts[-1].title not in second and "?page=1" in second
    assert "No more posts." in text_of(client.get(writer.get_absolute_url(), {"page": 99}))


@pytest.mark.parametrize("page", ["0", "-1", "x", "9" * 40, "1\u00b2"])
def test_odd_page_values_show_the_first_page(client, writer, page):
    assert client.get(writer.get_absolute_url(), {"page": page}).status_code == 200


@pytest.mark.parametrize("name", ["x" * 10_000, "%F0%9F%92%A9", "..", "a%2Fb"])
def test_odd_names_are_not_found(client, db, name):
    assert client.get(f"/user/{name}").status_code == 404


def test_a_deleted_member_has_no_profile(client, writer):
    writer.is_active = False
    writer.save()
    assert client.get(writer.get_absolute_url()).status_code == 404


def test_profile_query_budget_for_a_visitor_cold_and_warm(client, writer, django_assert_max_num_queries):
    for post in make_posts(PROFILE_POSTS + 5, author=writer):
        make_comment(post, author=writer)
    client.get(reverse("posts:home"))  # the sitewide counters exist, as on a running site
    # The member, the stored page looked up and missed, the stored counts looked up and missed,
    # the counts, the counts stored, the posts, the page stored.
    with django_assert_max_num_queries(7):
        assert Client().get(writer.get_absolute_url()).status_code == 200
    # Then the member and the stored page.
    with django_assert_max_num_queries(2):
        assert Client().get(writer.get_absolute_url()).status_code == 200


def test_profile_query_budget_for_a_member(login, member, writer, django_assert_max_num_queries):
    for post in make_posts(PROFILE_POSTS + 5, author=writer):
        make_comment(post, author=writer)
    client = login(member)
    # Session, reader, the member, the page members share looked up and missed, the stored counts
    # looked up and missed, the counts, the counts stored, the posts, the page stored, the reader's
    # votes, marks, follow and ignore. (In tests the caches are tables: with Redis, 6 queries.)
    with django_assert_max_num_queries(10):
        assert client.get(writer.get_absolute_url()).status_code == 200
    # Then the page comes stored: however many comments the member wrote, none is counted, and
    # nothing is rendered. Session and page from the cache, reader, member, the reader's own parts.
    with django_assert_max_num_queries(5):
        assert client.get(writer.get_absolute_url()).status_code == 200


def test_an_about_edited_in_the_admin_is_rendered_too(admin_client, writer):
    from django.contrib.auth import get_user_model

    url = reverse("admin:accounts_user_change", args=[writer.pk])
    page = admin_client.get(url)
    data = {key: value for key, value in page.context["adminform"].form.initial.items() if value is not None}
    data.update(
        {
            "about": "Now **bold**",
            "date_joined_0": writer.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": "12:00:00",
            "groups": [],
            "user_permissions": [],
            "summonable": "on",
        }
    )
    data = {key: value for key, value in data.items() if key not in ("last_login", "password", "avatar")}
    assert admin_client.post(url, data).status_code == 302
    writer = get_user_model().objects.get(pk=writer.pk)
    assert writer.about_html == "<p>Now <strong>bold</strong></p>"


@pytest.mark.parametrize("page", ["999999999999999999", "50002"])
def test_a_huge_page_number_is_a_404_not_a_500(client, login, writer, member, page):
    make_post(author=writer)
    assert client.get(writer.get_absolute_url(), {"page": page}).status_code == 404
    assert login(member).get(writer.get_absolute_url(), {"page": page}).status_code == 404


def test_the_stored_counts_move_on_with_a_new_comment(client, writer):
    from forum.comments.services import comment_create_by_member

    post = make_post()
    assert "0 comments" in client.get(writer.get_absolute_url()).content.decode()
    comment_create_by_member(post=post, author=writer, body="A first word")
    assert "1 comment" in Client().get(writer.get_absolute_url()).content.decode()
