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


PNG_COLOUR_TYPES = {"L": 0, "RGB": 2, "P": 3, "LA": 4, "RGBA": 6}


def png_of_mode_declaring(width, height, mode):
    """png_declaring() in another mode: a tiny file declaring a big picture of that mode."""
    header = struct.pack(">IIBBBBB", width, height, 8, PNG_COLOUR_TYPES[mode], 0, 0, 0)
    palette = png_chunk(b"PLTE", bytes(range(12))) if mode == "P" else b""
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + palette
        + png_chunk(b"IDAT", zlib.compress(b"\0" * 1024))
        + png_chunk(b"IEND", b"")
    )


def gif_declaring(width, height):
    """A real, decodable colour GIF of one pixel on a width x height screen: Pillow decodes the
    whole screen."""
    data = bytearray(picture_bytes("GIF", size=(2, 1), mode="RGB", color=(200, 30, 30)))
    data[6:10] = struct.pack("<HH", width, height)
    return bytes(data)


def webp_declaring(width, height):
    """A real, decodable animated WebP: one 1x1 frame on a width x height canvas, under 100 bytes.
    libwebp allocates and composites the whole canvas."""
    still = picture_bytes("WEBP", size=(1, 1), lossless=True)
    frame = still[12:]  # its VP8L chunk
    anmf = b"\0" * 6 + b"\0" * 6 + b"\xe8\x03\x00" + b"\x00" + frame  # at 0,0; 1x1; 1000 ms
    chunks = (
        _riff_chunk(b"VP8X", b"\x02\0\0\0" + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little"))
        + _riff_chunk(b"ANIM", b"\0\0\0\0\0\0")
        + _riff_chunk(b"ANMF", anmf)
    )
    return b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WEBP" + chunks


def _riff_chunk(kind, data):
    return kind + struct.pack("<I", len(data)) + data + b"\0" * (len(data) % 2)


def jpeg_declaring(width, height, progressive=True):
    """A small JPEG whose frame header is rewritten to declare width x height (its data is then
    too short: it only ever gets as far as the header)."""
    data = bytearray(picture_bytes("JPEG", size=(64, 64), progressive=progressive))
    frame = data.index(b"\xff\xc2" if progressive else b"\xff\xc0")
    data[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(data)
