"""The caps of forum/uploads/caps.py: hostile shapes (tiny files declaring huge, thin or costly
pictures) are refused from their header, with a message and before a pixel is decoded; large but
ordinary pictures are decoded small and stored."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageFile, WebPImagePlugin

from forum.uploads.images import store_uploaded_image

from .images import (
    gif_declaring,
    jpeg_declaring,
    jpeg_with_exif,
    picture_bytes,
    png_of_mode_declaring,
    upload,
    webp_declaring,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def decoded(monkeypatch):
    """The sizes at which pictures were decoded: every decode goes through ImageFile.load(), a
    WebP's through its own load() first (libwebp decodes there)."""
    sizes = []
    for cls in (ImageFile.ImageFile, WebPImagePlugin.WebPImageFile):
        original = cls.load

        def load(self, original=original):
            # load() is called again by each later step: a no-op then. Marked on the picture
            # itself: an id() is reused once the first picture is gone, and a second store of
            # the same bytes went unrecorded now and then.
            if not getattr(self, "_decode_recorded", False):
                self._decode_recorded = True
                sizes.append(self.size)
            return original(self)

        monkeypatch.setattr(cls, "load", load)
    return sizes


def stored_files(media_root):
    return [path for path in Path(media_root).rglob("*") if path.is_file()]


def store(data, max_side=256):
    return store_uploaded_image(upload(data), folder="posts", max_side=max_side)


SIDE = "a side may be 10,000 pixels at most"
THIN = "too long and thin to show"
PIXELS = "too many pixels"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (png_of_mode_declaring(1, 50_000_000, "RGBA"), f"1 × 50,000,000 pixels; {SIDE}"),  # tall_rgba.png
        (png_of_mode_declaring(1, 50_000_000, "L"), f"1 × 50,000,000 pixels; {SIDE}"),  # tall.png
        (png_of_mode_declaring(50_000_000, 1, "RGB"), f"50,000,000 × 1 pixels; {SIDE}"),
        (png_of_mode_declaring(7071, 7071, "RGBA"), f"{PIXELS}; please upload one of 14.9 megapixels"),
        (png_of_mode_declaring(7071, 7071, "P"), f"{PIXELS}; please upload one of 22.3 megapixels"),
        (webp_declaring(7071, 7071), f"{PIXELS}; please upload one of 7.8 megapixels"),  # big.webp
        (gif_declaring(7071, 7071), f"{PIXELS}; please upload one of 22.3 megapixels"),  # big.gif
        (jpeg_declaring(8000, 6000), PIXELS),  # progressive: every coefficient kept at full size
        (png_of_mode_declaring(300, 9000, "RGB"), f"300 × 9,000 pixels, {THIN}"),  # tall and thin
        (png_of_mode_declaring(9000, 300, "RGB"), f"9,000 × 300 pixels, {THIN}"),  # wide and thin
        (png_of_mode_declaring(1, 21, "L"), THIN),
        (png_of_mode_declaring(10_001, 5_000, "L"), SIDE),
    ],
    ids=["tall-rgba", "tall-grey", "wide", "big-rgba", "big-palette", "big-webp", "big-gif", "progressive-jpeg",
         "tall-thin", "wide-thin", "small-but-thin", "a-side-too-long"],
)  # fmt: skip
def test_hostile_shapes_are_refused_from_the_header_and_nothing_is_stored(media_root, decoded, data, message):
    with pytest.raises(ValidationError) as refused:
        store(data)
    assert message in refused.value.messages[0]
    assert decoded == [] and stored_files(media_root) == []


def test_the_decoding_spy_sees_a_decode(decoded):
    store(webp_declaring(30, 20))
    store(picture_bytes("PNG", size=(30, 20)))
    assert decoded == [(30, 20), (30, 20)]


@pytest.mark.parametrize(
    ("data", "size"),
    [
        (png_of_mode_declaring(10_000, 500, "L"), (10_000, 500)),  # exactly 20:1 and 10,000 px: no cap
        (gif_declaring(4000, 4000), (4000, 4000)),  # a palette picture within the budget
        (webp_declaring(2000, 2000), (2000, 2000)),
    ],
)
def test_pictures_at_the_caps_get_as_far_as_decoding(decoded, data, size):
    try:
        store(data)
    except ValidationError as refused:  # the declaring PNG has too little data: refused only then
        assert "not an image" in refused.messages[0]
    assert decoded == [size]


def test_a_large_photo_is_decoded_at_a_reduced_scale_and_stored_shrunk(media_root, decoded):
    photo = picture_bytes("JPEG", size=(4000, 3000), color=(30, 120, 200))
    url = store(photo, max_side=1600)
    assert decoded == [(2000, 1500)]  # libjpeg's 1/2 scale: the smallest still larger than the result
    with Image.open(Path(media_root) / url.removeprefix("/media/")) as image:
        assert image.size == (1600, 1200) and image.format == "JPEG"
    decoded.clear()
    store(photo, max_side=256)
    assert decoded == [(500, 375)]  # 1/8


def test_a_large_transparent_screenshot_is_accepted_and_shrunk(media_root):
    url = store(picture_bytes("PNG", size=(3000, 2000), mode="RGBA", color=(0, 0, 255, 100)), max_side=1600)
    with Image.open(Path(media_root) / url.removeprefix("/media/")) as image:
        assert image.size == (1600, 1067) and image.mode == "RGBA"
        assert image.getpixel((800, 500)) == (0, 0, 255, 100)


def test_a_photo_shrunk_before_it_is_turned_is_the_same_picture(media_root):
    url = store(jpeg_with_exif(size=(400, 200), orientation=6), max_side=100)
    with Image.open(Path(media_root) / url.removeprefix("/media/")) as image:
        assert image.size == (50, 100)


def test_an_animated_picture_keeps_its_first_frame(media_root):
    frames = [Image.new("RGB", (40, 30), color) for color in ("red", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100)
    url = store(out.getvalue())
    with Image.open(Path(media_root) / url.removeprefix("/media/")) as image:
        red, green, blue = image.convert("RGB").getpixel((20, 15))
        assert red > 200 and blue < 50


def test_the_caps_are_settings(settings, media_root):
    data = picture_bytes("PNG", size=(200, 100))
    settings.IMAGE_UPLOAD_MAX_SIDE = 150
    with pytest.raises(ValidationError, match="a side may be 150 pixels at most"):
        store(data)
    settings.IMAGE_UPLOAD_MAX_SIDE = 10_000
    settings.IMAGE_UPLOAD_MAX_ASPECT = 1.5
    with pytest.raises(ValidationError, match="1.5 times its shorter at most"):
        store(data)
    settings.IMAGE_UPLOAD_MAX_ASPECT = 2
    settings.IMAGE_UPLOAD_MAX_DECODED_BYTES = 100_000  # 200 x 100 RGB: 5 bytes a pixel, 100,000
    store(data)
    settings.IMAGE_UPLOAD_MAX_DECODED_BYTES = 99_999
    with pytest.raises(ValidationError, match="one of 0 megapixels at most"):
        store(data)
    assert len(stored_files(media_root)) == 1


def test_a_jpeg_is_counted_at_its_draft_scale_and_a_progressive_one_at_full_size_too(monkeypatch):
    """Baseline: only the frame decoded at 1/8; progressive: libjpeg keeps every coefficient (2
    bytes a sample, 1.5 samples a pixel in 4:2:0 colour) at full size besides."""
    counted = []

    def check_cost(cost, pixels):
        counted.append(cost)
        raise ValidationError("refused")

    monkeypatch.setattr("forum.uploads.caps.check_cost", check_cost)
    for progressive in (False, True):
        with pytest.raises(ValidationError):
            store(jpeg_declaring(8000, 6000, progressive=progressive))
    assert counted == [1000 * 750 * 5, 1000 * 750 * 5 + 8000 * 6000 * 3]
