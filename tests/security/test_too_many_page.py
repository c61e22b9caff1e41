"""The 429 page (templates/429.html through forum/core/ratelimits.py too_many): the site's page,
saying when to try again, with a Retry-After header, the refused form kept; and allauth's
refusals answered with it."""

import math
from datetime import UTC, datetime, timedelta

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.urls import resolve, reverse
from django.utils import timezone

from forum.core.ratelimits import MAX_RETRY_AFTER, retry_seconds, too_many, wait_text
from forum.core.views import too_many_requests
from tests.factories import make_user

pytestmark = pytest.mark.django_db


class WordsForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea)


def _request(rf, method, path):
    request = getattr(rf, method)(path)
    request.user = AnonymousUser()
    request.resolver_match = resolve(path)
    return request


def _page(rf, method="get", **kwargs):
    return too_many(_request(rf, method, "/post/new"), **kwargs)


def test_the_page_says_too_many_and_when_to_try_again(rf):
    response = _page(rf, retry_after=90)
    text = response.content.decode()
    assert response.status_code == 429 and response["Retry-After"] == "90"
    assert "Too many attempts" in text and "Please try again in 2 minutes." in text
    assert "Back to the latest posts" in text and 'class="site-header"' in text  # base.html's


def test_a_time_or_a_duration_gives_the_seconds_left(rf):
    response = _page(rf, retry_after=timezone.now() + timedelta(hours=2))
    assert int(response["Retry-After"]) in (7199, 7200)
    assert "Please try again in 2 hours (at " in response.content.decode()  # a clock for long waits
    assert _page(rf, retry_after=timedelta(seconds=30))["Retry-After"] == "30"


@pytest.mark.parametrize(
    "odd",
    [None, "", "soon", "12abc", float("nan"), float("inf"), -math.inf, -5, 0, 10**400, True, timedelta.max,
     timedelta.min, datetime(2000, 1, 1), datetime.max.replace(tzinfo=UTC), object(), [1], "\x00"],
    ids=repr,
)  # fmt: skip
def test_odd_values_give_the_page_not_an_error(rf, odd):
    response = _page(rf, retry_after=odd)
    assert response.status_code == 429 and "Too many attempts" in response.content.decode()
    if response.has_header("Retry-After"):
        assert 1 <= int(response["Retry-After"]) <= MAX_RETRY_AFTER
    else:
        assert "Please wait a few minutes, then try again." in response.content.decode()


def test_retry_seconds_rounds_up_and_keeps_in_bounds():
    assert retry_seconds(0.2) == 1 and retry_seconds(59.1) == 60 and retry_seconds(-3) == 1
    assert retry_seconds(10**9) == MAX_RETRY_AFTER and retry_seconds("30") == 30
    assert (
        retry_seconds(None) is None and retry_seconds("later") is None and retry_seconds(datetime(2030, 1, 1)) is None
    )


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(1, "1 second"), (59, "59 seconds"), (60, "1 minute"), (61, "2 minutes"), (3600, "1 hour"), (172800, "2 days")],
)
def test_wait_text_rounds_up(seconds, text):
    assert wait_text(seconds) == text


def test_a_refused_form_comes_back_with_what_was_typed(rf):
    form = WordsForm({"body": "My carefully typed words <b>kept</b>"})
    form.is_valid()
    response = _page(rf, "post", retry_after=60, context={"form": form})
    text = response.content.decode()
    assert response.status_code == 429
    assert "My carefully typed words &lt;b&gt;kept&lt;/b&gt;</textarea>" in text  # kept, and escaped
    assert 'action="/post/new"' in text and 'name="csrfmiddlewaretoken"' in text


def test_a_form_page_of_its_own_is_rendered_instead(rf):
    response = _page(rf, retry_after=5, template="400.html")
    assert response.status_code == 429 and response["Retry-After"] == "5"
    assert "Bad request" in response.content.decode()


def test_the_handler_says_how_long_allauths_limit_lasts(rf, settings):
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "20/m/ip,5/5m/key"}
    response = too_many_requests(_request(rf, "post", reverse("account_reset_password")))
    assert response.status_code == 429 and response["Retry-After"] == "300"
    assert f'href="{reverse("account_reset_password")}"' in response.content.decode()  # back to the form


def test_the_handler_says_a_minute_when_the_limit_is_unknown(rf):
    response = too_many_requests(_request(rf, "get", reverse("posts:home")))
    assert response.status_code == 429 and response["Retry-After"] == "60"


def _reset_twice(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "1/m/ip"}
    member = make_user("resetter")
    for _ in range(2):
        response = client.post(reverse("account_reset_password"), {"email": member.email})
    return response


def test_allauths_refusals_are_the_sites_page(client, settings):
    response = _reset_twice(client, settings)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode() and 'class="site-header"' in response.content.decode()


def test_allauths_refusals_say_when_through_the_handler(client, settings):
    response = _reset_twice(client, settings)
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "Please try again in 1 minute." in response.content.decode()


def test_the_project_names_the_429_handler_for_allauth(client, settings):
    response = _reset_twice(client, settings)
    assert response["Retry-After"] == "60"
