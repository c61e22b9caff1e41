"""Where a form's `next` may send a reader after an action: a path on this site, nothing else."""

import pytest
from django.test import RequestFactory

from forum.core.http import redirect_back

FALLBACK = "/post/1/a-post"


@pytest.mark.parametrize("target", ["/post/7/x?page=2#comment-3", "/", "/user/name"])
def test_a_path_on_this_site_is_followed(target):
    assert redirect_back(RequestFactory().post("/", {"next": target}), FALLBACK)["Location"] == target


@pytest.mark.parametrize(
    "target",
    [
        "x",  # redirect() would take a bare word for a view's name: a NoReverseMatch, a 500
        "0" * 30,
        "posts:home",
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "/post/1\x00",
        "/post/1\nLocation: https://evil.example/",
        "",
    ],
)
def test_anything_else_falls_back(target):
    assert redirect_back(RequestFactory().post("/", {"next": target}), FALLBACK)["Location"] == FALLBACK
    assert redirect_back(RequestFactory().get("/", {"next": target}), FALLBACK)["Location"] == FALLBACK
