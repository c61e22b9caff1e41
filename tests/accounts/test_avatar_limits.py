"""Avatars go through the upload caps and the daily upload allowance post pictures take: a refused
avatar comes back with its message and the other fields' text, and stores nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from forum.uploads.limits import take_upload_allowance
from tests.uploads.images import png_of_mode_declaring, webp_declaring

pytestmark = pytest.mark.django_db
URL = "/settings"
USED_UP = "You have uploaded as many pictures as a day allows"


def form(**changes):
    return {"about": "", "timezone": "", "summonable": "on", **changes}


def avatar(data=None):
    if data is None:
        out = io.BytesIO()
        Image.new("RGB", (300, 200), (200, 30, 30)).save(out, "PNG")
        data = out.getvalue()
    return SimpleUploadedFile("face.png", data, content_type="image/png")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(media_root):
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def test_avatars_count_against_the_daily_upload_allowance(settings, login, member, media_in_tmp):
    settings.IMAGE_UPLOADS_PER_DAY = 2
    client = login(member)
    for _ in range(2):
        assert client.post(URL, {**form(), "avatar_upload": avatar()}).status_code == 302
    member.refresh_from_db()
    kept = member.avatar.name
    files = stored(media_in_tmp)

    response = client.post(URL, {**form(about="Kept text", timezone="Europe/Paris"), "avatar_upload": avatar()})
    page = response.content.decode()
    assert response.status_code == 200 and USED_UP in page and 'id="id_avatar_upload_error"' in page
    assert "Kept text" in page and '<option value="Europe/Paris" selected>' in page
    member.refresh_from_db()
    assert member.avatar.name == kept and member.about == "" and member.timezone == ""
    assert stored(media_in_tmp) == files


def test_post_pictures_and_avatars_share_one_allowance(settings, login, member, other_member, media_in_tmp):
    settings.IMAGE_UPLOADS_PER_DAY = 1
    assert take_upload_allowance(member.pk)  # a picture added to a post
    response = login(member).post(URL, {**form(about="Kept text"), "avatar_upload": avatar()})
    assert USED_UP in response.content.decode()
    member.refresh_from_db()
    assert member.avatar.name == "" and stored(media_in_tmp) == []
    assert take_upload_allowance(other_member.pk)  # a member's count is their own


def test_settings_without_an_avatar_take_nothing_from_the_allowance(settings, login, member):
    settings.IMAGE_UPLOADS_PER_DAY = 1
    client = login(member)
    assert client.post(URL, form(about="First")).status_code == 302
    assert client.post(URL, form(about="Second")).status_code == 302
    assert take_upload_allowance(member.pk)
    member.refresh_from_db()
    assert member.about == "Second"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (png_of_mode_declaring(1, 50_000_000, "RGBA"), "a side may be 10,000 pixels at most"),
        (png_of_mode_declaring(7071, 7071, "RGBA"), "too many pixels"),
        (webp_declaring(7071, 7071), "too many pixels"),
        (png_of_mode_declaring(300, 9000, "RGB"), "too long and thin"),
    ],
    ids=["tall-rgba", "big-rgba", "big-webp", "thin"],
)
def test_a_hostile_avatar_is_refused_with_its_message_and_the_text_kept(login, member, media_in_tmp, data, message):
    response = login(member).post(URL, {**form(about="Kept text"), "avatar_upload": avatar(data)})
    page = response.content.decode()
    assert response.status_code == 200 and message in page and "Kept text" in page
    member.refresh_from_db()
    assert member.avatar.name == "" and member.about == "" and stored(media_in_tmp) == []
