"""Like and dislike sent by the page's script (forum/core/instant.py): the same vote, answered with
the counts and the pressed button instead of a redirect; the plain form's answer is unchanged."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from forum.likes.models import Like
from forum.likes.services import vote
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.django_db
SCRIPT = {"HTTP_ACCEPT": "application/json", "HTTP_X_REQUESTED_WITH": "fetch"}


def press(client, url, choice, **headers):
    return client.post(url, {"vote": choice, "next": "/somewhere"}, **headers)


def test_each_press_answers_the_vote_in_force_and_the_counts(login, member, post):
    comment = make_comment(post)
    vote(make_user(), comment, Like.Vote.LIKE)  # someone else's, in the counts too
    client = login(member)
    url = reverse("likes:comment", args=[comment.pk])
    steps = [  # pressed, then the answer's (pressed, likes, dislikes) and the member's row
        ("like", ("like", 2, 0), Like.Vote.LIKE),
        ("dislike", ("dislike", 1, 1), Like.Vote.DISLIKE),
        ("dislike", (None, 1, 0), None),
    ]
    for pressed, (now, likes, dislikes), row in steps:
        response = press(client, url, pressed, **SCRIPT)
        assert response.status_code == 200 and response["Content-Type"] == "application/json"
        answer = response.json()
        assert (answer["pressed"], answer["likes"], answer["dislikes"]) == (now, likes, dislikes)
        assert answer["message"]
        assert Like.objects.filter(user=member, comment=comment).values_list("vote", flat=True).first() == row
    assert not list(get_messages(response.wsgi_request))  # nothing left to flash on the next page


def test_a_vote_on_the_post_answers_its_counts(login, member, post):
    response = press(login(member), reverse("likes:post", args=[post.pk]), "dislike", **SCRIPT)
    assert response.json() == {"message": "You dislike this.", "pressed": "dislike", "likes": 0, "dislikes": 1}
    post.refresh_from_db()
    assert (post.like_count, post.dislike_count) == (0, 1)


def test_the_plain_form_still_redirects_back_with_no_json(login, member, post):
    comment = make_comment(post)
    response = press(login(member), reverse("likes:comment", args=[comment.pk]), "like")
    assert response.status_code == 302 and response["Location"] == "/somewhere"
    assert Like.objects.filter(user=member, comment=comment, vote=Like.Vote.LIKE).exists()


def test_a_vote_on_your_own_words_is_a_json_refusal(login, member, post):
    comment = make_comment(post, author=member)
    response = press(login(member), reverse("likes:comment", args=[comment.pk]), "like", **SCRIPT)
    assert response.status_code == 403
    assert response.json() == {"error": "Your own words need no vote from you."}
    assert not Like.objects.exists()


def test_an_unknown_choice_is_a_json_refusal(login, member, post):
    response = press(login(member), reverse("likes:post", args=[post.pk]), "love", **SCRIPT)
    assert response.status_code == 400 and response.json() == {"error": "Choose like or dislike."}
    assert not Like.objects.exists()


def test_a_logged_out_script_press_is_sent_to_log_in_like_the_form(client, post):
    response = press(client, reverse("likes:post", args=[post.pk]), "like", **SCRIPT)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not Like.objects.exists()
