"""store_uploaded_image(): the one way an uploaded file becomes an image on this site.

Nothing of the uploaded file is kept but its pixels. The type is read from its content (never from
its name or the browser's Content-Type), only JPEG, PNG, GIF and WebP are even tried (so an SVG,
with its scripts, is no image here), its dimensions are checked from the header before a pixel is
decoded (a small file may declare a picture of billions of pixels: a decompression bomb), and the
picture is drawn again into a fresh file: EXIF (camera, GPS position), comments and any bytes
smuggled after the image data are left behind, the EXIF orientation is applied first so the
picture stands as the camera held it. The stored name is random: nothing the uploader chose
reaches the storage (no `../`, no `.html`).
"""

import io
import re
import secrets
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError

# A camera's full-size photo is 5-15 MB; anything bigger is not worth a reader's download either.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# 50 million pixels: the largest phone cameras. Decoding one takes about 200 MB; beyond, refuse.
DEFAULT_MAX_PIXELS = 50_000_000
# The decoders tried, by content. Pillow knows dozens more (and their parsers' bugs): not here.
ACCEPTED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
JPEG_QUALITY = 85
_FOLDER = re.compile(r"[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)*")

NOT_AN_IMAGE = "That file is not an image we can show. Please upload a JPEG, PNG, GIF or WebP picture."
EMPTY = "That file is empty. Please choose a picture to upload."


def max_upload_bytes():
    return getattr(settings, "IMAGE_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_upload_pixels():
    return getattr(settings, "IMAGE_UPLOAD_MAX_PIXELS", DEFAULT_MAX_PIXELS)


def store_uploaded_image(uploaded_file, *, folder: str, max_side: int) -> str:
    """Check, re-encode (at most max_side pixels wide and high) and store an uploaded image under
    `folder/`; return its URL (under MEDIA_URL with the file system storage). Raises
    ValidationError with a message for the uploader when the file is refused."""
    if not _FOLDER.fullmatch(folder):
        raise ValueError(f"not a folder name: {folder!r}")  # a caller's mistake, never a user's
    _check_size(uploaded_file)
    data, extension = _reencode(uploaded_file, max_side)
    name = f"{folder}/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"
    stored = default_storage.save(name, ContentFile(data))
    return default_storage.url(stored)


def _check_size(uploaded_file):
    size = uploaded_file.size
    if not size:
        raise ValidationError(EMPTY, code="empty")
    limit = max_upload_bytes()
    if size > limit:
        raise ValidationError(
            f"That file is larger than {filesizeformat(limit)}, the most a picture may be. "
            "Please choose a smaller one.",
            code="too_large",
        )


def _reencode(uploaded_file, max_side):
    """The picture as fresh bytes and the extension of their format."""
    # Pillow warns (DecompressionBombWarning) between MAX_IMAGE_PIXELS and twice that, and raises
    # DecompressionBombError beyond: both are a refusal here, besides our own, lower cap.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            uploaded_file.seek(0)
            with Image.open(uploaded_file, formats=ACCEPTED_FORMATS) as probe:
                _check_pixels(probe)
                probe.verify()  # the whole structure (chunks, checksums), without decoding pixels
            # verify() leaves the image unusable: open it again to decode.
            uploaded_file.seek(0)
            with Image.open(uploaded_file, formats=ACCEPTED_FORMATS) as image:
                _check_pixels(image)
                return _redraw(image, max_side)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels() from None
        except ValidationError:
            raise
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError):
            # What Pillow's parsers raise on files that are not what they claim to be, cut short
            # or built to break them: all mean the same thing to the uploader.
            raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None


def _check_pixels(image):
    width, height = image.size
    if width < 1 or height < 1:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    if width * height > max_upload_pixels():
        raise _too_many_pixels()


def _too_many_pixels():
    limit = max_upload_pixels() / 1_000_000
    return ValidationError(
        f"That picture has too many pixels; please upload one of {limit:g} megapixels at most.", code="too_many_pixels"
    )


def _redraw(image, max_side):
    """Decode the first frame (an animated GIF becomes still: one frame is all we check and
    store), turn it upright, shrink it, and encode it into a new file with no metadata."""
    if image.format == "JPEG":
        # Decode at a reduced scale where the format allows it: a fraction of the memory.
        image.draft("RGB", (max_side, max_side))
    image.seek(0)
    upright = ImageOps.exif_transpose(image)
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    picture = upright.convert("RGBA" if has_alpha else "RGB")
    picture.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    picture.info.clear()  # whatever rode along (EXIF, ICC, XMP, comments) stays behind
    out = io.BytesIO()
    if has_alpha:
        picture.save(out, format="PNG", optimize=True)
        return out.getvalue(), "png"
    picture.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue(), "jpg"
