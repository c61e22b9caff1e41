"""/settings: about, avatar, timezone, summonable, hide images, the ignore list, the account links."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from accounts.models import Ignore

pytestmark = pytest.mark.django_db
URL = "/settings"


def form(**changes):
    return {"about": "", "timezone": "", "summonable": "on", **changes}


def png(width=600, height=400):
    data = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(data, "PNG")
    return SimpleUploadedFile("face.png", data.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_settings_is_the_url_and_needs_a_login(client):
    assert reverse("accounts:settings") == URL
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == f"{reverse('account_login')}?next=/settings"
    assert client.post(URL, form(about="x")).status_code == 302


def test_the_page_shows_the_form_the_ignore_list_and_the_account_links(login, member, other_member):
    Ignore.objects.create(ignorer=member, ignored=other_member)
    page = login(member).get(URL).content.decode()
    for field in ("id_about", "id_avatar_upload", "id_timezone", "id_summonable", "id_hide_images_in_lists"):
        assert f'for="{field}"' in page
    assert '<option value="America/New_York">America/New York</option>' in page
    assert (
        f'action="{reverse("accounts:ignore", args=[other_member.username])}"' in page and ">unignore</button>" in page
    )
    for link in ("/settings/email", reverse("account_email"), reverse("account_change_password"), "/settings/delete"):
        assert f'href="{link}"' in page


def test_saving_settings(login, member):
    response = login(member).post(
        URL, form(about="Hello, **world**", timezone="Europe/Paris", summonable="", hide_images_in_lists="on")
    )
    assert response.status_code == 302 and response["Location"] == URL
    member.refresh_from_db()
    assert member.about == "Hello, **world**" and member.about_html == "<p>Hello, <strong>world</strong></p>"
    assert member.timezone == "Europe/Paris" and not member.summonable and member.hide_images_in_lists


def test_the_new_about_shows_on_the_shared_profile_at_once(login, member):
    assert "Brand new about" not in Client().get(member.get_absolute_url()).content.decode()
    login(member).post(URL, form(about="Brand new about"))
    assert "Brand new about" in Client().get(member.get_absolute_url()).content.decode()


def test_an_empty_timezone_is_the_sites(login, member):
    member.timezone = "Europe/Paris"
    member.save()
    login(member).post(URL, form(timezone=""))
    member.refresh_from_db()
    assert member.timezone == ""


def test_only_invisible_characters_is_no_about(login, member):
    login(member).post(URL, form(about="\u200b \n\u200b"))
    member.refresh_from_db()
    assert member.about == "" and member.about_html == ""


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"about": "a\x00b"}, "control characters"),
        ({"about": "x" * 10_000}, "5,000 characters"),
        ({"about": "\u202eevil"}, "text-direction"),
        ({"timezone": "Mars/Olympus_Mons"}, "not a timezone we know"),
        ({"timezone": "x" * 10_000}, "not a timezone we know"),
        ({"timezone": "Europe/Paris\x00"}, "not a timezone we know"),
    ],
)
def test_hostile_values_come_back_with_a_message_and_the_text(login, member, changes, message):
    response = login(member).post(URL, form(**changes))
    page = response.content.decode()
    assert response.status_code == 200 and message in page and 'aria-invalid="true"' in page
    member.refresh_from_db()
    assert member.about == "" and member.timezone == ""
    if "about" in changes and "\x00" not in changes["about"]:
        assert changes["about"][:50] in page  # the text is kept


def test_an_avatar_is_stored_resized_and_shown(login, member, media_in_tmp):
    response = login(member).post(URL, {**form(), "avatar_upload": png()})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.avatar.name.startswith("avatars/") and not member.avatar.name.startswith("/")
    stored = media_in_tmp / member.avatar.name
    with Image.open(stored) as image:
        assert max(image.size) <= 256
    assert f'src="{member.avatar_url}"' in Client().get(member.get_absolute_url()).content.decode()
    assert member.avatar_url == f"/media/{member.avatar.name}"


def test_a_new_avatar_replaces_the_old_file(login, member, media_in_tmp, django_capture_on_commit_callbacks):
    client = login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {**form(), "avatar_upload": png()})
    member.refresh_from_db()
    first = media_in_tmp / member.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {**form(), "avatar_upload": png(300, 300)})
    member.refresh_from_db()
    assert not first.exists() and (media_in_tmp / member.avatar.name).exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {**form(), "remove_avatar": "on"})
    member.refresh_from_db()
    assert member.avatar.name == "" and not any(media_in_tmp.rglob("*.*"))


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("face.png", b"not an image at all", content_type="image/png"),
        SimpleUploadedFile("../../etc/passwd.png", b"GIF89a" + b"\x00" * 20, content_type="image/gif"),
        SimpleUploadedFile(
            "x.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            content_type="image/svg+xml",
        ),
        SimpleUploadedFile("empty.png", b"", content_type="image/png"),
    ],
    ids=["not-an-image", "path-in-name", "svg-with-script", "empty"],
)
def test_a_refused_avatar_comes_back_with_a_message_and_keeps_the_rest(login, member, media_in_tmp, upload):
    response = login(member).post(URL, {**form(about="Kept text"), "avatar_upload": upload})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="id_avatar_upload_error"' in page and "Kept text" in page
    member.refresh_from_db()
    assert member.avatar.name == "" and member.about == "" and not any(media_in_tmp.rglob("*.*"))


def test_a_members_timezone_shows_their_dates(login, member):
    from datetime import UTC, datetime

    from tests.factories import make_post

    post = make_post(created_at=datetime(2020, 1, 1, 12, 0, tzinfo=UTC))
    member.timezone = "Asia/Tokyo"
    member.save()
    client = login(member)
    client.cookies["tz"] = "Europe/London"  # the member's own setting wins over the browser's
    assert "9:00pm" in client.get(post.get_absolute_url()).content.decode()
