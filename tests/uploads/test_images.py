"""store_uploaded_image(): real pictures come out re-encoded, upright, shrunk and stripped of
metadata under a random name; hostile files are refused with a message and store nothing."""

import io
import os
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from forum.uploads.images import store_uploaded_image

from .images import (
    GPS_INFO,
    MAKE,
    SVG_WITH_SCRIPT,
    jpeg_with_exif,
    picture_bytes,
    png_declaring,
    upload,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media_root):
    return [path for path in Path(media_root).rglob("*") if path.is_file()]


def stored_path(media_root, url):
    assert url.startswith("/media/")
    return Path(media_root) / url.removeprefix("/media/")


def test_a_photo_is_stored_reencoded_upright_and_without_exif(media_root):
    url = store_uploaded_image(upload(jpeg_with_exif(size=(120, 80)), "holiday.jpg"), folder="posts", max_side=500)
    data = stored_path(media_root, url).read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert image.size == (80, 120)  # orientation 6 (turn 90°) applied, then no longer needed
        exif = image.getexif()
        assert not exif and MAKE not in exif and not exif.get_ifd(GPS_INFO)
    assert b"Exif" not in data and b"SpyCam" not in data


def test_a_big_picture_is_shrunk_to_max_side_keeping_its_shape(media_root):
    url = store_uploaded_image(upload(picture_bytes("PNG", size=(2000, 500))), folder="posts", max_side=400)
    with Image.open(stored_path(media_root, url)) as image:
        assert image.size == (400, 100)


def test_a_small_picture_is_not_enlarged(media_root):
    url = store_uploaded_image(upload(picture_bytes("PNG", size=(30, 20))), folder="avatars", max_side=256)
    with Image.open(stored_path(media_root, url)) as image:
        assert image.size == (30, 20)


@pytest.mark.parametrize(
    ("format", "mode", "stored_as"),
    [("JPEG", "RGB", "JPEG"), ("PNG", "RGB", "JPEG"), ("PNG", "RGBA", "PNG"), ("GIF", "P", "JPEG"),
     ("WEBP", "RGB", "JPEG"), ("WEBP", "RGBA", "PNG")],
)  # fmt: skip
def test_each_accepted_format_is_stored_as_jpeg_or_as_png_when_transparent(media_root, format, mode, stored_as):
    color = (10, 200, 30, 128) if mode == "RGBA" else 3 if mode == "P" else "blue"
    url = store_uploaded_image(upload(picture_bytes(format, mode=mode, color=color)), folder="posts", max_side=64)
    assert url.endswith(".png" if stored_as == "PNG" else ".jpg")
    with Image.open(stored_path(media_root, url)) as image:
        assert image.format == stored_as


def test_the_stored_name_is_random_whatever_the_uploaded_name(media_root):
    url = store_uploaded_image(upload(picture_bytes(), "../../etc/x.png"), folder="posts", max_side=64)
    path = stored_path(media_root, url)
    assert path.resolve().is_relative_to(Path(media_root).resolve() / "posts")
    assert "etc" not in url and "x.png" not in url and ".." not in url
    assert stored_files(media_root) == [path]
    again = store_uploaded_image(upload(picture_bytes(), "../../etc/x.png"), folder="posts", max_side=64)
    assert again != url


def test_the_url_is_one_the_markup_shows_as_an_image(media_root):
    from forum.markup import render_markdown

    url = store_uploaded_image(upload(picture_bytes()), folder="posts", max_side=64)
    assert f'<img src="{url}" alt=""' in render_markdown(f"![]({url})").html


def test_bytes_after_the_picture_are_not_kept(media_root):
    polyglot = picture_bytes("JPEG") + b"<html><script>alert(1)</script></html>"
    url = store_uploaded_image(upload(polyglot, "x.jpg"), folder="posts", max_side=64)
    assert b"<script>" not in stored_path(media_root, url).read_bytes()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"this is not a picture at all, just some text" * 10, "picture.png", "not an image"),
        (b"<html><script>alert(1)</script></html>", "picture.png", "not an image"),
        (SVG_WITH_SCRIPT, "drawing.svg", "not an image"),
        (SVG_WITH_SCRIPT, "drawing.png", "not an image"),
        (picture_bytes("JPEG")[:200], "cut.jpg", "not an image"),  # cut short
        (picture_bytes("BMP"), "old.png", "not an image"),  # a real image, in a format not accepted
        (b"", "empty.png", "empty"),
        (png_declaring(100_000, 100_000), "bomb.png", "too many pixels"),  # past Pillow's own limit
        (png_declaring(8_000, 7_000), "bomb.png", "too many pixels"),  # 56 MP: past ours
        (png_declaring(0, 10), "zero.png", "not an image"),
    ],
    ids=["text", "html", "svg", "svg-named-png", "truncated", "bmp", "empty", "huge-bomb", "bomb", "zero-width"],
)
def test_hostile_or_broken_files_are_refused_and_nothing_is_stored(media_root, data, name, message):
    with pytest.raises(ValidationError) as refused:
        store_uploaded_image(upload(data, name), folder="posts", max_side=64)
    assert message in refused.value.messages[0]
    assert stored_files(media_root) == []


def test_a_bomb_under_pillows_limit_but_over_ours_is_refused_before_decoding(settings, media_root):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 1000
    with pytest.raises(ValidationError, match="too many pixels"):
        store_uploaded_image(upload(picture_bytes("PNG", size=(50, 50))), folder="posts", max_side=64)


def test_pillows_decompression_bomb_warning_is_a_refusal_too(settings, media_root, monkeypatch):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 10**12  # only Pillow's own check stands
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # 40x40 warns, 2000 and up is an error
    with pytest.raises(ValidationError, match="too many pixels"):
        store_uploaded_image(upload(picture_bytes("PNG", size=(40, 40))), folder="posts", max_side=64)
    assert stored_files(media_root) == []


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(settings, media_root):
    data = picture_bytes("PNG") + b"\0" * (10 * 1024 * 1024)  # a real picture, padded past 10 MB
    with pytest.raises(ValidationError) as refused:
        store_uploaded_image(upload(data), folder="posts", max_side=64)
    assert "larger than 10.0\xa0MB" in refused.value.messages[0]
    settings.IMAGE_UPLOAD_MAX_BYTES = 1024
    noise = Image.frombytes("RGB", (100, 100), os.urandom(30_000))
    with pytest.raises(ValidationError) as refused:
        store_uploaded_image(upload(_png(noise)), folder="posts", max_side=64)
    assert "larger than 1.0\xa0KB" in refused.value.messages[0]
    assert stored_files(media_root) == []


def test_a_folder_that_is_not_a_plain_name_is_a_programming_error(media_root):
    for folder in ["../etc", "/abs", "posts/../x", "", "Posts"]:
        with pytest.raises(ValueError):
            store_uploaded_image(upload(picture_bytes()), folder=folder, max_side=64)


def _png(image):
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
