import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db
TEMPLATES = Path(settings.BASE_DIR) / "templates"


@pytest.mark.parametrize("name", ["posts:home", "account_login", "account_signup", "posts:random"])
def test_every_response_carries_a_strict_content_security_policy(client, post, name):
    policy = client.get(reverse(name))["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "object-src 'none'" in policy


def test_error_pages_carry_the_policy_too(client, db):
    assert "script-src" in client.get("/no/such/page")["Content-Security-Policy"]


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")), ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_templates_have_no_inline_script_or_event_handlers(path):
    source = path.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", source), "inline <script> block"
    assert not re.search(r"\son[a-z]+\s*=", source), "on* event attribute"
    assert "style=" not in source, "inline style attribute"


def test_state_changing_views_refuse_get(client, login, member, post):
    client = login(member)
    assert client.get(reverse("threads:comment-create", args=[post.pk])).status_code == 302  # to the post, no comment
    for url in [
        reverse("watches:toggle", args=[post.pk]),
        reverse("posts:toggle-nsfw", args=[post.pk]),
        reverse("accounts:follow", args=[post.author.username]),
    ]:
        assert client.get(url).status_code == 405, url


def test_not_found_page_is_the_forums_own(client, db):
    response = client.get("/post/999999/nothing")
    assert response.status_code == 404 and "Back to the latest posts" in response.content.decode()
