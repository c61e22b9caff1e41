"""A comment sent by the page's script (forum/core/instant.py): the same rules as the plain form
(throttle, repeats, bans, spam holds, CSRF), answered with the comment as the thread shows it to
its writer and where it goes; a refusal as JSON with its reason, nothing saved. The plain form's
answers stay as they were (tests/threads/test_commenting.py)."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from forum.anonymous.models import AnonymousIdentity
from forum.anonymous.visitor import COOKIE_NAME
from forum.comments.models import Comment
from tests.factories import make_comment, make_thread, make_user

pytestmark = pytest.mark.django_db
SCRIPT = {"HTTP_ACCEPT": "application/json", "HTTP_X_REQUESTED_WITH": "fetch"}


def send(client, post, body, **headers):
    return client.post(reverse("threads:comment-create", args=[post.pk]), {"body": body}, **headers)


def backdate_comments(seconds=60):
    for comment in Comment.objects.all():
        Comment.objects.filter(pk=comment.pk).update(created_at=comment.created_at - timedelta(seconds=seconds))


def test_an_anonymous_comment_comes_back_rendered_with_its_place(client, post):
    response = send(client, post, "First, *and* in place.", **SCRIPT)
    comment = Comment.objects.get()
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    answer = response.json()
    assert answer["id"] == comment.pk and answer["number"] == 1 and answer["after"] == ""
    assert answer["url"] == f"{post.get_absolute_url()}?page=1#comment-{comment.pk}"
    assert (answer["count"], answer["count_text"]) == (1, "1 comment")
    assert answer["message"] == "Your comment is posted."
    html = answer["html"]
    assert html.lstrip().startswith(f'<article class="comment" id="comment-{comment.pk}">')
    assert "<em>and</em>" in html and comment.anonymous.name in html
    # Theirs to change, as the page would show it to them; the vote forms carry a real token.
    assert reverse("comments:edit", args=[comment.pk]) in html
    assert "<!--controls:" not in html and "slot-" not in html
    assert response.cookies[COOKIE_NAME].value  # the visitor keeps the name the comment went out under
    assert not list(get_messages(response.wsgi_request))


def test_the_same_visitor_keeps_one_identity_through_the_script(client, post):
    send(client, post, "one", **SCRIPT)
    backdate_comments()
    send(client, post, "two", **SCRIPT)
    assert AnonymousIdentity.objects.count() == 1 and Comment.objects.count() == 2


def test_a_members_comment_follows_the_one_before_it(login, member, post):
    earlier = make_comment(post)
    answer = send(login(member), post, "Agreed.", **SCRIPT).json()
    comment = Comment.objects.get(author=member)
    assert answer["number"] == 2 and answer["after"] == f"comment-{earlier.pk}"
    assert answer["count_text"] == "2 comments"
    # No vote on your own words: both buttons are disabled, as on the page.
    assert f'aria-pressed="false" disabled data-vote="comment{comment.pk}:like"' in answer["html"]
    assert reverse("comments:delete", args=[comment.pk]) in answer["html"]


def test_the_first_comment_of_a_new_page_follows_nothing(login, member, post):
    make_thread(post, 40)
    answer = send(login(member), post, "Onto page two.", **SCRIPT).json()
    assert answer["number"] == 41 and answer["after"] == ""
    assert answer["url"].startswith(f"{post.get_absolute_url()}?page=2#comment-")


def test_a_held_comment_comes_back_waiting_for_approval_after_the_last_numbered_one(client, post):
    last = make_comment(post)
    response = send(client, post, "Buy now at https://spam.example/cheap", **SCRIPT)
    comment = Comment.objects.get(anonymous__isnull=False)
    assert comment.is_pending
    answer = response.json()
    assert answer["number"] is None and answer["after"] == f"comment-{last.pk}"
    assert answer["message"].startswith("Thanks. Your comment waits for a moderator")
    assert "waiting for approval" in answer["html"] and "spam.example" in answer["html"]
    assert answer["count"] == 1  # only numbered comments are counted
    assert not list(get_messages(response.wsgi_request))  # said in the answer, not on the next page


def test_an_empty_comment_is_a_json_refusal(client, post):
    response = send(client, post, "   ", **SCRIPT)
    assert response.status_code == 400
    assert response.json() == {"error": "Please write something before sending."}
    assert not Comment.objects.exists()


def test_too_fast_and_repeated_are_json_refusals(client, post):
    assert send(client, post, "Same thing.", **SCRIPT).status_code == 200
    response = send(client, post, "Something else.", **SCRIPT)
    assert response.status_code == 400 and "too fast" in response.json()["error"]
    backdate_comments()
    response = send(client, post, "Same thing.", **SCRIPT)
    assert response.status_code == 400 and response.json() == {"error": "You already said that."}
    assert Comment.objects.count() == 1


def test_a_banned_visitor_is_refused_in_json(client, post):
    send(client, post, "before the ban")
    AnonymousIdentity.objects.update(is_banned=True)
    backdate_comments()
    response = send(client, post, "after the ban", **SCRIPT)
    assert response.status_code in (400, 403) and "blocked" in response.json()["error"]
    assert Comment.objects.count() == 1


def test_a_member_logged_out_since_the_page_loaded_is_refused_in_json(client, member, post):
    url = reverse("threads:comment-create", args=[post.pk])
    response = client.post(url, {"body": "my words", "member": member.username}, **SCRIPT)
    assert response.status_code == 400 and "no longer logged in as reader" in response.json()["error"]
    assert not Comment.objects.exists()


def test_a_stale_token_is_refused_before_the_view_and_never_as_json(post):
    client = Client(enforce_csrf_checks=True)
    response = send(client, post, "long careful words", **SCRIPT)
    assert response.status_code == 403 and response["Content-Type"].startswith("text/html")
    assert not Comment.objects.exists()


def test_a_hidden_post_is_a_404(client, post):
    post.status = post.Status.HELD
    post.save(update_fields=["status"])
    assert send(client, post, "hello", **SCRIPT).status_code == 404


def test_the_plain_form_still_redirects_to_the_comment(client, post):
    response = send(client, post, "Plainly.")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}?page=1#comment-{comment.pk}"


def test_the_plain_forms_refusal_is_still_the_page_with_the_text(client, post):
    response = send(client, post, "\x00bad")
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    assert re.search(r'<textarea[^>]*id="comment-body"', response.content.decode())


def test_a_moderators_comment_comes_with_their_judging_forms(login, post):
    moderator = make_user("mod", staff=True)
    answer = send(login(moderator), post, "Keep it civil.", **SCRIPT).json()
    comment = Comment.objects.get()
    assert reverse("moderation:comment-hold", args=[comment.pk]) in answer["html"]
    assert "slot-" not in answer["html"]  # the forms' token filled in
