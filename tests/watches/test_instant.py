"""Watch sent by the page's script: the same toggle, answered with the button's new state."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from forum.posts.models import Post
from forum.watches.models import Watch

pytestmark = pytest.mark.django_db
SCRIPT = {"HTTP_ACCEPT": "application/json", "HTTP_X_REQUESTED_WITH": "fetch"}


def test_watch_then_unwatch_answers_the_buttons_state(login, member, post):
    client = login(member)
    url = reverse("watches:toggle", args=[post.pk])

    response = client.post(url, {"next": post.get_absolute_url()}, **SCRIPT)
    assert response.status_code == 200
    assert response.json() == {
        "message": "You are watching this post.",
        "pressed": True,
        "label": "unwatch",
        "title": "stop watching this post",
        "watching": True,
    }
    assert Watch.objects.filter(user=member, post=post).exists()
    assert not list(get_messages(response.wsgi_request))

    answer = client.post(url, {"next": post.get_absolute_url()}, **SCRIPT).json()
    assert (answer["pressed"], answer["label"], answer["watching"]) == (False, "watch", False)
    assert answer["message"] == "You stopped watching this post."
    assert not Watch.objects.exists()


def test_the_plain_form_still_redirects_with_a_message(login, member, post):
    response = login(member).post(reverse("watches:toggle", args=[post.pk]), {"next": post.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert [str(message) for message in get_messages(response.wsgi_request)] == ["You are watching this post."]
    assert Watch.objects.filter(user=member, post=post).exists()


def test_the_answer_to_a_plain_form_is_never_json_whatever_else_it_accepts(login, member, post):
    response = login(member).post(reverse("watches:toggle", args=[post.pk]), HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert response.status_code == 302


def test_a_hidden_post_is_a_404_for_the_script_too(login, member, post):
    post.status = Post.Status.HELD
    post.save(update_fields=["status"])
    response = login(member).post(reverse("watches:toggle", args=[post.pk]), **SCRIPT)
    assert response.status_code == 404
    assert not Watch.objects.exists()
