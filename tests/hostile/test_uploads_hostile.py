"""Hostile uploads through the real forms (a post's picture, a member's avatar), as a browser
sends them: refused with a message in the form, quickly, storing nothing; or, for a hostile
name, stored under a name of the site's making. tests/uploads tests store_uploaded_image() itself
(formats, caps, metadata); these are the same refusals seen from the request's end."""

import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import make_user
from tests.uploads.images import SVG_WITH_SCRIPT, picture_bytes, png_declaring

pytestmark = pytest.mark.django_db

SECONDS = 2.0  # a refusal judged from the size or the header: no decoding, no waiting


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def member():
    return make_user("uploader")


@pytest.fixture
def client_of(member):
    client = Client(raise_request_exception=False)
    client.force_login(member)
    return client


def stored_files(media_root):
    return sorted(path for path in Path(media_root).rglob("*") if path.is_file())


def _preview_with(client, upload):
    """The new-post form with a picture, previewed: the picture is stored and written into the
    text, and no post is made whatever the member's standing."""
    data = {"title": "A picture", "body": "Look.", "action": "preview", "image": upload}
    return client.post(reverse("posts:new"), data)


def _avatar(client, upload):
    return client.post(reverse("accounts:settings"), {"about": "", "timezone": "", "avatar_upload": upload})


HOSTILE_FILES = [
    pytest.param(picture_bytes("PNG") + b"\0" * (20 * 1024 * 1024), "big.png", "larger than 10.0", id="20-megabytes"),
    pytest.param(png_declaring(100_000, 100_000), "bomb.png", "too many pixels", id="bomb-past-pillows-limit"),
    pytest.param(png_declaring(7_000, 7_000), "bomb.png", "too many pixels", id="bomb-past-ours"),
    pytest.param(b"Dear diary, today I uploaded a text file.\n" * 50, "photo.png", "not an image", id="text-as-png"),
    pytest.param(b"<html><script>alert(1)</script></html>", "photo.png", "not an image", id="html-as-png"),
    pytest.param(SVG_WITH_SCRIPT, "photo.png", "not an image", id="svg-as-png"),
    pytest.param(b"", "photo.png", "empty", id="empty"),
]


@pytest.mark.parametrize(("data", "name", "message"), HOSTILE_FILES)
@pytest.mark.parametrize("form", ["post", "avatar"])
def test_a_hostile_file_is_refused_quickly_with_a_message_and_nothing_is_stored(
    client_of, media_root, member, data, name, message, form
):
    upload = SimpleUploadedFile(name, data, content_type="image/png")
    start = time.perf_counter()
    response = (_preview_with if form == "post" else _avatar)(client_of, upload)
    elapsed = time.perf_counter() - start
    page = response.content.decode()
    assert response.status_code in (200, 400), response.status_code  # the form again
    assert message in page.replace("\xa0", " ").replace("&nbsp;", " "), page[-3000:]
    assert elapsed < SECONDS + (3 if len(data) > 1_000_000 else 0), elapsed  # 20 MB must also travel
    assert stored_files(media_root) == []
    member.refresh_from_db()
    assert not member.avatar


@pytest.mark.parametrize(
    "name",
    ["../../x.png", "..\\..\\x.png", "/etc/passwd.png", "x.png\x00.html", "%2e%2e%2fx.png", "x" * 500 + ".png",
     "photo.html", "<script>.png", "CON.png"],
)  # fmt: skip
def test_a_hostile_file_name_is_replaced_by_a_safe_one(client_of, media_root, name):
    response = _preview_with(client_of, SimpleUploadedFile(name, picture_bytes("PNG"), content_type="text/html"))
    assert response.status_code == 200
    [stored] = stored_files(media_root)
    assert stored.resolve().is_relative_to((Path(media_root) / "posts").resolve())
    assert stored.suffix in (".jpg", ".png") and len(stored.stem) == 32  # secrets.token_hex(16)
    relative = stored.relative_to(media_root).as_posix()
    assert f"![](/media/{relative})" in response.content.decode()


def test_a_hostile_avatar_name_is_replaced_by_a_safe_one(client_of, media_root, member):
    response = _avatar(client_of, SimpleUploadedFile("../../../x.png\x00.php", picture_bytes("PNG")))
    assert response.status_code == 302
    [stored] = stored_files(media_root)
    assert stored.resolve().is_relative_to((Path(media_root) / "avatars").resolve())
    member.refresh_from_db()
    assert ".." not in member.avatar.name and "php" not in member.avatar.name


def test_a_logged_out_upload_stores_nothing(media_root):
    response = _preview_with(Client(), SimpleUploadedFile("x.png", picture_bytes("PNG")))
    assert response.status_code == 302
    assert stored_files(media_root) == []
    assert User.objects.count() == 0
