"""A flag sent by the page's script (the flag page's form, opened under the comment): the same
rules, answered in JSON; a refusal as JSON with its status; the plain form's answer unchanged."""

import pytest
from django.contrib.messages import get_messages

from accounts.models import TrustLevel
from forum.comments.models import Comment
from forum.flags.models import Flag
from forum.flags.services import OWN, TOO_MANY
from forum.flags.views import HELD, THANKS
from tests.factories import make_comment, make_user

from .helpers import flag_url, flags_on

pytestmark = pytest.mark.django_db
SCRIPT = {"HTTP_ACCEPT": "application/json", "HTTP_X_REQUESTED_WITH": "fetch"}


@pytest.fixture
def comment(post):
    return make_comment(post, author=make_user("writer"), body="Buy cheap watches.")


def send_flag(client, comment, reason, note="", **headers):
    return client.post(flag_url(comment), {"reason": reason, "note": note, "next": flag_url(comment)}, **headers)


def flagging(member, client):
    client.force_login(member)
    return client


def test_a_flag_is_recorded_and_answered(client, member, comment):
    response = send_flag(flagging(member, client), comment, "spam", **SCRIPT)
    assert response.status_code == 200
    assert response.json() == {"message": THANKS, "accepted": True, "held": False, "url": comment.get_absolute_url()}
    assert flags_on(comment) == [("reader", "spam", "")]
    assert not list(get_messages(response.wsgi_request))


def test_the_flag_that_holds_the_comment_says_so(client, settings, member, comment):
    settings.FLAGS_TO_HOLD = 1
    answer = send_flag(flagging(member, client), comment, "spam", **SCRIPT).json()
    assert answer["held"] is True and answer["message"] == HELD
    comment.refresh_from_db()
    assert comment.status == Comment.Status.FLAGGED


def test_no_reason_is_a_json_refusal_and_nothing_is_recorded(client, member, comment):
    response = send_flag(flagging(member, client), comment, "", **SCRIPT)
    assert response.status_code == 400 and response.json() == {"error": "Please choose a reason."}
    response = send_flag(client, comment, "other", note="  ", **SCRIPT)
    assert response.status_code == 400
    assert response.json() == {"error": "Please say in a few words why, when the reason is “other”."}
    assert not Flag.objects.exists()


def test_your_own_comment_is_a_403_refusal(client, member, post):
    own = make_comment(post, author=member)
    response = send_flag(flagging(member, client), own, "spam", **SCRIPT)
    assert response.status_code == 403 and response.json() == {"error": OWN}
    assert not Flag.objects.exists()


def test_a_member_not_yet_trusted_is_refused_in_json(client, comment):
    moderated = make_user("moderated")
    moderated.trust_level = TrustLevel.MODERATED
    moderated.save(update_fields=["trust_level"])
    response = send_flag(flagging(moderated, client), comment, "spam", **SCRIPT)
    assert response.status_code == 403 and "error" in response.json()
    assert not Flag.objects.exists()


def test_past_the_days_allowance_is_a_429_refusal(client, settings, member, post):
    settings.FLAGS_PER_DAY = 1
    first, second = make_comment(post), make_comment(post)
    client = flagging(member, client)
    assert send_flag(client, first, "spam", **SCRIPT).status_code == 200
    response = send_flag(client, second, "spam", **SCRIPT)
    assert response.status_code == 429 and response.json() == {"error": TOO_MANY}
    assert Flag.objects.count() == 1


def test_the_plain_form_still_redirects_to_the_comment_with_thanks(client, member, comment):
    response = send_flag(flagging(member, client), comment, "spam")
    assert response.status_code == 302 and response["Location"] == comment.get_absolute_url()
    assert [str(message) for message in get_messages(response.wsgi_request)] == [THANKS]
    assert Flag.objects.count() == 1


def test_the_plain_forms_refusal_is_still_the_page_with_the_form(client, member, comment):
    response = send_flag(flagging(member, client), comment, "")
    assert response.status_code == 400 and b"Please choose a reason." in response.content
    assert response["Content-Type"].startswith("text/html")


def test_a_logged_out_script_flag_is_sent_to_log_in(client, comment):
    response = send_flag(client, comment, "spam", **SCRIPT)
    assert response.status_code == 302 and "login" in response["Location"]
    assert flag_url(comment) in response["Location"]
    assert not Flag.objects.exists()
