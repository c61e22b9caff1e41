"""Follow and ignore sent by the page's script: the same toggles, answered with the button's new
state; refusals as JSON with a 4xx; the plain form's answer unchanged."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import Follow, Ignore

pytestmark = pytest.mark.django_db
SCRIPT = {"HTTP_ACCEPT": "application/json", "HTTP_X_REQUESTED_WITH": "fetch"}
YOURSELF = [("follow", "You cannot follow yourself."), ("ignore", "You cannot ignore yourself.")]


def test_follow_then_unfollow_answers_the_buttons_state(login, member, other_member):
    client = login(member)
    url = reverse("accounts:follow", args=[other_member.username])

    response = client.post(url, {"next": "/"}, **SCRIPT)
    assert response.status_code == 200
    assert response.json() == {
        "message": "You are now following someone_else.",
        "pressed": True,
        "label": "unfollow",
        "title": "unfollow someone_else",
        "following": True,
    }
    assert Follow.objects.filter(follower=member, followed=other_member).exists()
    assert not list(get_messages(response.wsgi_request))

    answer = client.post(url, {"next": "/"}, **SCRIPT).json()
    assert (answer["pressed"], answer["label"], answer["following"]) == (False, "follow", False)
    assert not Follow.objects.exists()


def test_ignore_then_unignore_answers_the_buttons_state(login, member, other_member):
    client = login(member)
    url = reverse("accounts:ignore", args=[other_member.username])

    answer = client.post(url, **SCRIPT).json()
    assert answer == {
        "message": "You are ignoring someone_else: you will not see their posts and comments.",
        "pressed": True,
        "label": "unignore",
        "title": "see someone_else's posts and comments again",
        "ignoring": True,
    }
    assert Ignore.objects.filter(ignorer=member, ignored=other_member).exists()

    answer = client.post(url, **SCRIPT).json()
    assert (answer["pressed"], answer["label"], answer["ignoring"]) == (False, "ignore", False)
    assert answer["message"] == "You no longer ignore someone_else."
    assert not Ignore.objects.exists()


@pytest.mark.parametrize(
    ("name", "refusal"), [("follow", "You cannot follow yourself."), ("ignore", "You cannot ignore yourself.")]
)
def test_yourself_is_a_json_refusal(login, member, name, refusal):
    response = login(member).post(reverse(f"accounts:{name}", args=[member.username]), **SCRIPT)
    assert response.status_code == 400 and response.json() == {"error": refusal}
    assert not Follow.objects.exists() and not Ignore.objects.exists()


@pytest.mark.parametrize(
    ("name", "refusal"), [("follow", "You cannot follow yourself."), ("ignore", "You cannot ignore yourself.")]
)
def test_yourself_with_the_plain_form_is_still_a_message_and_a_redirect(login, member, name, refusal):
    response = login(member).post(reverse(f"accounts:{name}", args=[member.username]), {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert [str(message) for message in get_messages(response.wsgi_request)] == [refusal]


def test_the_plain_forms_still_redirect_with_a_message(login, member, other_member):
    client = login(member)
    response = client.post(reverse("accounts:follow", args=[other_member.username]), {"next": "/x"})
    assert response.status_code == 302 and response["Location"] == "/x"
    response = client.post(reverse("accounts:ignore", args=[other_member.username]))
    assert response.status_code == 302 and response["Location"] == other_member.get_absolute_url()
    assert Follow.objects.filter(follower=member).exists() and Ignore.objects.filter(ignorer=member).exists()


def test_a_logged_out_script_press_is_sent_to_log_in(client, other_member):
    response = client.post(reverse("accounts:follow", args=[other_member.username]), **SCRIPT)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not Follow.objects.exists()
