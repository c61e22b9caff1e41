"""How big a picture may be: refusals judged from its header, before a pixel is decoded.

Image.open() reads only the header, and a file of 100 KB may declare a picture of 50 million
pixels: decoding it is what costs, in time and memory, so each cap below is checked before. The
area alone is not enough: a picture 1 pixel wide and 50 million high has Pillow keep a line
pointer per pixel and takes seconds and gigabytes, and the same area costs four times more in
RGBA than in greyscale. So a side is capped, the shape (a picture too long and thin to show is no
picture for a post anyway), the area, and the bytes that decoding and shrinking will hold at once
(estimated by the caller, who knows its steps).
"""

import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

# A camera's full-size photo is 5-15 MB; anything bigger is not worth a reader's download either.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# 50 million pixels: the largest phone cameras (8,660 x 5,774). A JPEG that big decodes at an
# eighth of its size, so the area cap is loose; the memory budget below is what binds the rest.
DEFAULT_MAX_PIXELS = 50_000_000
# Twice a 5K screen's width: past that a picture is a poster or a scrolled-page capture, which a
# post would show a few hundred pixels wide anyway.
DEFAULT_MAX_SIDE = 10_000
# Panoramas reach 10:1; past 20:1 a picture is a sliver at any width a page gives it.
DEFAULT_MAX_ASPECT = 20
# The full-size buffers decoding and shrinking one picture may hold at once. Two workers each
# handling an upload then stay well under a gigabyte; a 24 MP RGB PNG fits, so does any JPEG
# within the other caps.
DEFAULT_MAX_DECODED_BYTES = 128 * 1024 * 1024


def _setting(name, default):
    return getattr(settings, name, default)


def max_upload_bytes():
    return _setting("IMAGE_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_upload_pixels():
    return _setting("IMAGE_UPLOAD_MAX_PIXELS", DEFAULT_MAX_PIXELS)


def max_upload_side():
    return _setting("IMAGE_UPLOAD_MAX_SIDE", DEFAULT_MAX_SIDE)


def max_upload_aspect():
    return _setting("IMAGE_UPLOAD_MAX_ASPECT", DEFAULT_MAX_ASPECT)


def max_decoded_bytes():
    return _setting("IMAGE_UPLOAD_MAX_DECODED_BYTES", DEFAULT_MAX_DECODED_BYTES)


def check_file_size(size):
    if size > max_upload_bytes():
        raise ValidationError(
            f"That file is larger than {filesizeformat(max_upload_bytes())}, the most a picture may be. "
            "Please choose a smaller one.",
            code="too_large",
        )


def check_shape(width, height):
    """Sides, shape and area, from the header's dimensions."""
    longer, shorter = max(width, height), min(width, height)
    if longer > max_upload_side():
        raise ValidationError(
            f"That picture is {width:,} × {height:,} pixels; a side may be {max_upload_side():,} pixels at most. "
            "Please upload a smaller one.",
            code="too_long_a_side",
        )
    if longer > shorter * max_upload_aspect():
        raise ValidationError(
            f"That picture is {width:,} × {height:,} pixels, too long and thin to show: its longer side may be "
            f"{max_upload_aspect():g} times its shorter at most. Please crop it.",
            code="too_thin",
        )
    if width * height > max_upload_pixels():
        raise too_many_pixels(max_upload_pixels())


def check_cost(cost, pixels):
    """`cost`: the bytes decoding `pixels` pixels will hold at once, as the caller's steps add up."""
    budget = max_decoded_bytes()
    if cost > budget:
        # In the uploader's terms: the pictures of this kind that would fit.
        raise too_many_pixels(int(budget * pixels / cost))


def too_many_pixels(limit):
    return ValidationError(
        f"That picture has too many pixels; please upload one of {_megapixels(limit)} megapixels at most.",
        code="too_many_pixels",
    )


def _megapixels(pixels):
    return f"{math.floor(pixels / 100_000) / 10:g}"  # rounded down: the limit, not past it
