"""Writing comments, across the cast: anonymous visitor, member, another visitor, moderator."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from forum.anonymous.models import AnonymousIdentity
from forum.comments.models import Comment
from forum.posts.models import Post
from tests.factories import make_comment, make_post, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_visitor():
    """A second anonymous visitor: another browser, so another visitor cookie."""
    return Client()


def send(client, post, body):
    return client.post(reverse("threads:comment-create", args=[post.pk]), {"body": body})


def backdate_comments(seconds=60):
    """Move every comment back in time, past the two-second interval."""
    for comment in Comment.objects.all():
        Comment.objects.filter(pk=comment.pk).update(created_at=comment.created_at - timedelta(seconds=seconds))


def test_anonymous_comment_is_saved_under_the_name_the_form_showed(client, post):
    page = client.get(post.get_absolute_url()).content.decode()
    shown_name = re.search(r"Comment as (anon_[0-9a-f]{5})", page).group(1)
    response = send(client, post, "First!")
    comment = Comment.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"{post.get_absolute_url()}?page=1#comment-{comment.pk}"
    )
    assert comment.anonymous.name == shown_name and comment.author is None
    assert comment.is_approved and comment.body_html == "<p>First!</p>"
    post.refresh_from_db()
    assert post.comment_count == 1 and post.latest_activity_at == comment.created_at


def test_same_visitor_keeps_one_identity_across_comments(client, post):
    send(client, post, "one")
    backdate_comments()
    send(client, post, "two")
    assert AnonymousIdentity.objects.count() == 1
    assert Comment.objects.filter(anonymous__isnull=False).values("anonymous").distinct().count() == 1


def test_two_visitors_get_two_names_even_from_one_address(client, other_visitor, post):
    send(client, post, "from here")
    backdate_comments()  # the same network may not comment twice within 2 s
    send(other_visitor, post, "from there")
    names = set(AnonymousIdentity.objects.values_list("name", flat=True))
    assert len(names) == 2


def test_member_comment_is_by_the_member(login, member, post):
    response = login(member).post(reverse("threads:comment-create", args=[post.pk]), {"body": "As a member"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert comment.author == member and comment.anonymous is None
    assert AnonymousIdentity.objects.count() == 0


def test_comment_thread_page_then_permalink_redirect(client, post):
    send(client, post, "Hello there")
    comment = Comment.objects.get()
    response = client.get(comment.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}?page=1#comment-{comment.pk}"
    assert client.get(f"{post.get_absolute_url()}?c={comment.pk}")["Location"] == response["Location"]
    assert "Hello there" in client.get(post.get_absolute_url()).content.decode()


# Refusals: a clear message, the text kept, nothing saved, never a 500.


@pytest.mark.parametrize(
    "body, message",
    [
        ("", "Please write something before sending."),
        ("   \n\t  ", "Please write something before sending."),
        ("nul \x00 byte", "invisible control characters"),
        ("bell \x07 character", "invisible control characters"),
        ("x" * (Comment.BODY_MAX + 1), f"to {Comment.BODY_MAX:,} characters at most"),
    ],
    ids=["empty", "blank", "nul", "control", "too-long"],
)
def test_bad_comment_comes_back_with_the_reason_and_the_text(client, post, body, message):
    response = send(client, post, body)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    if body.strip() and "\x00" not in body:
        assert body[:100] in page
    assert Comment.objects.count() == 0
    post.refresh_from_db()
    assert post.comment_count == 0


def test_second_comment_within_two_seconds_is_refused_and_kept(client, post):
    send(client, post, "first")
    response = send(client, post, "second, too soon")
    assert response.status_code == 400
    assert "too fast" in response.content.decode() and "second, too soon" in response.content.decode()
    assert Comment.objects.count() == 1


def test_repeating_your_last_comment_in_the_thread_is_refused(client, post):
    send(client, post, "same words")
    backdate_comments()
    response = send(client, post, "same words")
    assert response.status_code == 400 and "You already said that." in response.content.decode()
    assert Comment.objects.count() == 1


def test_someone_else_may_say_the_same_thing(client, other_visitor, post):
    send(client, post, "same words")
    backdate_comments()
    assert send(other_visitor, post, "same words").status_code == 302
    assert Comment.objects.count() == 2


def test_banned_visitor_is_refused(client, post):
    send(client, post, "before the ban")
    AnonymousIdentity.objects.update(is_banned=True)
    backdate_comments()
    response = send(client, post, "after the ban")
    assert response.status_code == 400 and "blocked" in response.content.decode()
    assert Comment.objects.count() == 1


def test_comment_on_hidden_post_is_not_found(client, post):
    Post.objects.filter(pk=post.pk).update(status=Post.Status.HELD)
    assert send(client, post, "hello").status_code == 404
    assert Comment.objects.count() == 0


def test_comment_is_only_created_by_post(client, post):
    assert client.get(reverse("threads:comment-create", args=[post.pk])).status_code == 302


def test_comment_without_csrf_token_is_refused(post):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("threads:comment-create", args=[post.pk]), {"body": "forged"})
    assert response.status_code == 403
    assert Comment.objects.count() == 0


# Anonymous links wait for approval.


def test_anonymous_comment_with_link_waits_for_approval(client, other_visitor, login, other_member, moderator, post):
    response = send(client, post, "Buy now at https://spam.example/cheap")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    post.refresh_from_db()
    assert post.comment_count == 0
    follow = client.get(post.get_absolute_url())
    assert "spam.example" in follow.content.decode() and "waiting for approval" in follow.content.decode()
    assert response.status_code == 302

    seen_by_other = other_visitor.get(post.get_absolute_url()).content.decode()
    assert "spam.example" not in seen_by_other and "no comments found" in seen_by_other
    assert "spam.example" not in login(other_member).get(post.get_absolute_url()).content.decode()
    client.logout()
    assert "spam.example" in login(moderator).get(post.get_absolute_url()).content.decode()


def test_member_comment_with_link_is_shown_at_once(login, member, post):
    login(member).post(reverse("threads:comment-create", args=[post.pk]), {"body": "See https://example.org/report"})
    assert Comment.objects.get().is_approved


def test_anonymous_comment_with_a_link_to_this_site_is_not_held(client, post):
    send(client, post, f"See http://testserver{post.get_absolute_url()}")
    assert Comment.objects.get().is_approved


def test_pending_comment_permalink_is_not_found_for_others(client, other_visitor, post):
    send(client, post, "https://spam.example")
    comment = Comment.objects.get()
    url = f"{post.get_absolute_url()}?c={comment.pk}"
    assert other_visitor.get(url).status_code == 404
    assert other_visitor.get(comment.get_absolute_url()).status_code == 404
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{comment.pk}")


# Paging: 40 a page, opening on the last.


def test_thread_opens_on_its_last_page(client, post):
    comments = make_thread(post, 85)
    text = client.get(post.get_absolute_url()).content.decode()
    assert "Comments 81-85 of 85" in text
    assert f'id="comment-{comments[-1].pk}"' in text and f'id="comment-{comments[79].pk}"' not in text
    assert "« First" in text and "« Previous" in text and "Next »" not in text


def test_thread_first_page_shows_forty(client, post):
    comments = make_thread(post, 85)
    text = client.get(post.get_absolute_url(), {"page": 1}).content.decode()
    assert "Comments 1-40 of 85" in text and text.count('class="comment"') == 40
    assert f'id="comment-{comments[0].pk}"' in text
    assert "Next »" in text and "Last »" in text and "« First" not in text


def test_page_past_the_end_shows_the_last_page(client, post):
    make_thread(post, 41)
    assert "Comments 41-41 of 41" in client.get(post.get_absolute_url(), {"page": 99}).content.decode()


@pytest.mark.parametrize("index, page", [(0, 1), (39, 1), (40, 2), (84, 3)])
def test_comment_link_redirects_to_the_page_holding_it(client, post, index, page):
    comments = make_thread(post, 85)
    response = client.get(post.get_absolute_url(), {"c": comments[index].pk})
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}?page={page}#comment-{comments[index].pk}"


def test_comment_link_to_another_threads_comment_is_not_found(client, post):
    other = make_comment(make_post(title="Another thread"))
    assert client.get(post.get_absolute_url(), {"c": other.pk}).status_code == 404
    assert client.get(post.get_absolute_url(), {"c": "junk"}).status_code == 404


def test_comments_are_numbered_across_pages(client, post):
    make_thread(post, 45)
    text = client.get(post.get_absolute_url()).content.decode()
    assert "#41" in text and "#45" in text and "#40<" not in text


# Quote without JavaScript


def test_quote_link_prefills_the_box_with_the_comment_as_markdown(client, post):
    comment = make_comment(post, body="Prices only go up.\nUntil they don't.")
    page = client.get(post.get_absolute_url(), {"quote": comment.pk}).content.decode()
    expected = (
        f"[{comment.writer_name} says](/comment/{comment.pk}):\n\n&gt; Prices only go up.\n&gt; Until they don&#x27;t."
    )
    assert expected in page


def test_quote_link_for_the_post_quotes_the_post(client, post):
    page = client.get(post.get_absolute_url(), {"quote": "post"}).content.decode()
    assert f"[zzyzzx says]({post.get_absolute_url()}):\n\n&gt; The post&#x27;s *body*." in page


def test_quote_is_cut_to_about_a_thousand_characters(client, post):
    comment = make_comment(post, body="word " * 600)
    page = client.get(post.get_absolute_url(), {"quote": comment.pk}).content.decode()
    quoted = re.search(r"&gt; (word[^<]*)", page).group(1).strip()
    assert 900 < len(quoted) <= 1002 and quoted.endswith("…")


def test_permalink_of_a_comment_on_a_hidden_post_does_not_reveal_its_title(client, login, post):
    comment = make_comment(post)
    Post.objects.filter(pk=post.pk).update(status=Post.Status.HELD)
    assert client.get(comment.get_absolute_url()).status_code == 404
    assert login(post.author).get(comment.get_absolute_url()).status_code == 302


def test_reloading_a_refused_comment_page_leads_back_to_the_post(client, post):
    response = client.get(reverse("threads:comment-create", args=[post.pk]))
    assert response.status_code == 302 and response["Location"] == f"{post.get_absolute_url()}#comment-form"
    assert Comment.objects.count() == 0


def test_refused_comment_page_focuses_the_box_so_the_reason_is_in_view(client, post):
    page = send(client, post, "").content.decode()
    assert 'aria-describedby="comment-errors" autofocus' in page


@pytest.mark.parametrize("body", ["\u200b\u200b", "\ufeff \u2060"], ids=["zero-width", "bom-joiner"])
def test_invisible_only_comment_is_empty(client, post, body):
    response = send(client, post, body)
    assert response.status_code == 400 and "Please write something" in response.content.decode()


def test_text_direction_override_is_refused(client, post):
    response = send(client, post, "innocent \u202egpj.exe")
    assert response.status_code == 400 and "text-direction" in response.content.decode()
    assert Comment.objects.count() == 0


def test_right_to_left_text_is_fine(client, post):
    assert send(client, post, "שלום \u200f עולם").status_code == 302


def test_member_logged_out_since_the_page_loaded_is_not_published_anonymously(client, member, post):
    response = client.post(
        reverse("threads:comment-create", args=[post.pk]), {"body": "my words", "member": member.username}
    )
    page = response.content.decode()
    assert response.status_code == 400 and "no longer logged in as reader" in page and "my words" in page
    assert Comment.objects.count() == 0
    assert 'name="member" id="id_member"' in page and f'value="{member.username}"' not in page
    assert send(client, post, "my words").status_code == 302  # sent again: anonymous, as the message says


def test_stale_csrf_token_gives_the_text_back(post):
    client = Client(enforce_csrf_checks=True)
    url = reverse("threads:comment-create", args=[post.pk])
    response = client.post(
        url, {"body": "long careful words"}, HTTP_REFERER=f"http://testserver{post.get_absolute_url()}"
    )
    page = response.content.decode()
    assert response.status_code == 403 and "long careful words" in page and f'action="{url}"' in page
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "null", "HTTP_REFERER": "http://testserver/"},
        {"HTTP_REFERER": "https://evil.example/post/1/x"},
        {"HTTP_REFERER": "//testserver.evil.example/"},
        {},
    ],
    ids=["other-origin", "null-origin", "null-origin-our-referer", "other-referer", "lookalike", "none"],
)
def test_forged_cross_site_form_does_not_come_back_ready_to_send(post, headers):
    client = Client(enforce_csrf_checks=True)
    url = reverse("threads:comment-create", args=[post.pk])
    response = client.post(url, {"body": "spam for you"}, **headers)
    assert response.status_code == 403 and "spam for you" not in response.content.decode()


def test_a_comment_of_exactly_the_limit_is_accepted(client, post):
    assert send(client, post, "x" * Comment.BODY_MAX).status_code == 302


def test_a_script_dropping_its_visitor_cookie_is_still_too_fast(client, post):
    send(client, post, "buy now")
    client.cookies.pop("visitor")
    response = send(client, post, "buy now")
    assert response.status_code == 400 and "too fast" in response.content.decode()
    assert Comment.objects.count() == 1
