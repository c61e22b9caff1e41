"""The 403 page a ban answers with: why, until when, in the site's words; never which network
nor the reason staff wrote; the reader's text given back."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from forum.bans.pages import banned_page
from forum.bans.rules import BanNotice

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_(rf):
    request = rf.post("/post/1/comment", REMOTE_ADDR="203.0.113.5")
    request.user = AnonymousUser()
    return request


def test_a_network_ban_on_a_comment(request_):
    until = timezone.now() + timedelta(days=1)
    response = banned_page(request_, BanNotice("network", until), refused="comment", text="my <b>words</b>")
    page = response.content.decode()
    assert response.status_code == 403
    assert "<h1>No comments from here</h1>" in page and "The network you are connecting from has been banned" in page
    assert "The ban ends on" in page and "203.0.113" not in page
    assert "my &lt;b&gt;words&lt;/b&gt;" in page and "What you wrote, kept here for you" in page


def test_a_member_ban_for_good(request_):
    page = banned_page(request_, BanNotice("member"), refused="post").content.decode()
    assert "Your account has been banned from posting and commenting" in page
    assert "The ban has no end date." in page and "kept here" not in page


def test_the_notice_says_blocked_and_until_when():
    until = timezone.now() + timedelta(hours=3)
    assert BanNotice("network", until).message.startswith("Comments and sign-ups from your network are blocked until ")
    assert BanNotice("visitor").message == "Comments from you are blocked."
    assert BanNotice("member", until).until_text.startswith(f"until {until.year} ")


def test_other_refusals_keep_the_plain_page(request_):
    """A PermissionDenied elsewhere (Django's handler403) still shows its own message."""
    from django.views.defaults import permission_denied

    page = permission_denied(request_, PermissionDenied("Nope, not you."))
    text = page.content.decode()
    assert page.status_code == 403 and "<h1>Not allowed</h1>" in text and "Nope, not you." in text
