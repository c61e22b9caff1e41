"""Files for upload tests, made in memory: real pictures and hostile ones."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

ORIENTATION = 0x0112
MAKE = 0x010F
GPS_INFO = 0x8825


def picture_bytes(format="JPEG", size=(120, 80), mode="RGB", color="red", exif=None, **options):
    out = io.BytesIO()
    image = Image.new(mode, size, color)
    if exif is not None:
        options["exif"] = exif
    image.save(out, format=format, **options)
    return out.getvalue()


def jpeg_with_exif(size=(120, 80), orientation=6):
    """A photo as a phone writes it: the camera, a GPS position, and 'turn me' in EXIF."""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[MAKE] = "SpyCam 3000"
    exif.get_ifd(GPS_INFO)[2] = (37.0, 46.0, 30.0)  # GPSLatitude
    return picture_bytes("JPEG", size=size, exif=exif)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_declaring(width, height):
    """A tiny PNG whose header declares width x height pixels: a decompression bomb's shape."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\0" * 1024))
        + png_chunk(b"IEND", b"")
    )


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>'
)


def upload(data, name="picture.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)
