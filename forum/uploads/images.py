"""store_uploaded_image(): the one way an uploaded file becomes an image on this site.

Nothing of the uploaded file is kept but its pixels. The type is read from its content (never from
its name or the browser's Content-Type), only JPEG, PNG, GIF and WebP are even tried (so an SVG,
with its scripts, is no image here), its dimensions are checked from the header before a pixel is
decoded (forum/uploads/caps.py: a small file may declare a picture of billions of pixels, or one
pixel wide and millions high), and the picture is drawn again into a fresh file: EXIF (camera, GPS
position), comments and any bytes smuggled after the image data are left behind, the EXIF
orientation is applied so the picture stands as the camera held it. The stored name is random:
nothing the uploader chose reaches the storage (no `../`, no `.html`).

Decoding is the cost (a worker busy for seconds, gigabytes of memory), so it is done as cheaply as
the format allows: a JPEG is decoded at the smallest of 1/8, 1/4, 1/2 or full scale still larger
than the result, everything is shrunk by whole factors before it is resampled, and turned upright
and converted only once small. What remains at full size is estimated before decoding and refused
beyond a budget.
"""

import io
import math
import re
import secrets
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image, ImageOps, JpegImagePlugin, UnidentifiedImageError

from . import caps

# The decoders tried, by content. Pillow knows dozens more (and their parsers' bugs): not here.
ACCEPTED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
JPEG_QUALITY = 85
# zlib's search grows with its level: at 9 (Pillow's optimize) some pixel patterns take 10 s or
# more for one 1600 px picture. Level 3 looks at 32 candidates a byte at most, for files ~15% larger.
PNG_COMPRESS_LEVEL = 3
# Shrink by whole factors to within twice the final size, then resample: Pillow's default, and
# indistinguishable from resampling the full picture.
REDUCING_GAP = 2.0
# Modes Pillow shrinks as they are; others (palette, 1-bit, 16-bit grey) are converted first.
_SHRUNK_AS_IS = frozenset({"L", "RGB", "CMYK", "I", "F", "LA", "RGBA"})
# libwebp decodes into a canvas of its own, keeps a copy of it for the next frame, and hands the
# frame to Pillow as bytes: 12 bytes a pixel besides Pillow's own (measured: 15.6 for RGB).
_WEBP_DECODER_BYTES = 12
_FOLDER = re.compile(r"[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)*")

NOT_AN_IMAGE = "That file is not an image we can show. Please upload a JPEG, PNG, GIF or WebP picture."
EMPTY = "That file is empty. Please choose a picture to upload."


def store_uploaded_image(uploaded_file, *, folder: str, max_side: int) -> str:
    """Check, re-encode (at most max_side pixels wide and high) and store an uploaded image under
    `folder/`; return its URL (under MEDIA_URL with the file system storage). Raises
    ValidationError with a message for the uploader when the file is refused."""
    if not _FOLDER.fullmatch(folder):
        raise ValueError(f"not a folder name: {folder!r}")  # a caller's mistake, never a user's
    if not uploaded_file.size:
        raise ValidationError(EMPTY, code="empty")
    caps.check_file_size(uploaded_file.size)
    data, extension = _reencode(uploaded_file, max_side)
    name = f"{folder}/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"
    stored = default_storage.save(name, ContentFile(data))
    return default_storage.url(stored)


def _reencode(uploaded_file, max_side):
    """The picture as fresh bytes and the extension of their format."""
    # Pillow warns (DecompressionBombWarning) between MAX_IMAGE_PIXELS and twice that, and raises
    # DecompressionBombError beyond: both are a refusal here, besides our own, lower caps.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            uploaded_file.seek(0)
            with Image.open(uploaded_file, formats=ACCEPTED_FORMATS) as probe:
                _check_header(probe)
                probe.verify()  # the whole structure (chunks, checksums), without decoding pixels
            # verify() leaves the image unusable: open it again to decode.
            uploaded_file.seek(0)
            with Image.open(uploaded_file, formats=ACCEPTED_FORMATS) as image:
                _check_header(image)
                return _redraw(image, max_side)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise caps.too_many_pixels(caps.max_upload_pixels()) from None
        except ValidationError:
            raise
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError):
            # What Pillow's parsers raise on files that are not what they claim to be, cut short
            # or built to break them: all mean the same thing to the uploader.
            raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None


def _check_header(image):
    width, height = image.size
    if width < 1 or height < 1:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    caps.check_shape(width, height)


def _redraw(image, max_side):
    """Decode the first frame (an animated picture becomes still: one frame is all we check and
    store), shrink it, turn it upright, and encode it into a new file with no metadata."""
    image.seek(0)
    original_size = image.size
    # Only a JPEG can be decoded smaller (libjpeg scales by 1/2, 1/4 or 1/8); for the other formats
    # draft() does nothing.
    image.draft("RGB", _fitted(original_size, max_side))
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    target = "RGBA" if has_alpha else "RGB"
    convert_first = image.mode not in _SHRUNK_AS_IS or (has_alpha and image.mode not in ("RGBA", "LA"))
    cost = _full_size_bytes(image, original_size, convert_first=convert_first, has_alpha=has_alpha)
    caps.check_cost(cost, original_size[0] * original_size[1])

    picture = image.convert(target) if convert_first else image
    picture.thumbnail((max_side, max_side), Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)
    # The box is square, so shrinking before turning gives the same picture, for a fraction of the work.
    picture = ImageOps.exif_transpose(picture).convert(target)
    picture.info.clear()  # whatever rode along (EXIF, ICC, XMP, comments) stays behind
    out = io.BytesIO()
    if has_alpha:
        picture.save(out, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
        return out.getvalue(), "png"
    picture.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue(), "jpg"


def _fitted(size, max_side):
    """The size `thumbnail()` will give, rounded up: a JPEG decoded at least this big loses nothing."""
    scale = min(1, max_side / max(size))
    return math.ceil(size[0] * scale), math.ceil(size[1] * scale)


def _full_size_bytes(image, original_size, *, convert_first, has_alpha):
    """The bytes _redraw() holds at once before the picture is small: the decoded frame (at the
    JPEG's draft scale), its converted copy, the premultiplied copy Pillow resamples transparent
    pictures in, the resampler's first pass (final width x height: at most a quarter of the
    picture, 4 bytes a pixel, as it is reduced by whole factors first whenever it is 4 times larger
    or more), and what the decoder keeps of the whole picture besides. Measured within 10%."""
    per_pixel = _stored_bytes(image.mode) + 4 * convert_first + 4 * has_alpha + 1  # RGB(A) takes 4
    cost = image.width * image.height * per_pixel
    original_pixels = original_size[0] * original_size[1]
    if image.format == "WEBP":
        cost += original_pixels * _WEBP_DECODER_BYTES
    if isinstance(image, JpegImagePlugin.JpegImageFile) and image.info.get("progressive"):
        cost += original_pixels * _jpeg_coefficient_bytes(image)
    return cost


def _stored_bytes(mode):
    """Bytes a pixel takes in Pillow's memory: RGB is kept as RGBX, so 4 like most modes."""
    if mode in ("1", "L", "P"):
        return 1
    return 2 if mode.startswith("I;16") else 4


def _jpeg_coefficient_bytes(image):
    """A progressive JPEG arrives in passes over the whole picture, so libjpeg keeps every DCT
    coefficient (2 bytes a sample) at full size, whatever the draft scale: 3 bytes a pixel for
    the usual 4:2:0 colour, 6 without chroma subsampling."""
    samplings = [(h, v) for _, h, v, _ in getattr(image, "layer", ())] or [(1, 1)] * 4
    most = max(h for h, _ in samplings) * max(v for _, v in samplings)
    return 2 * sum(h * v for h, v in samplings) / most
