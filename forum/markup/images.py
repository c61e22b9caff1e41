"""Images: a bare image URL shows the image, and an image may only load from another site or /media/.

Runs on sanitized HTML (see links.py for why its patterns are simple and linear).

An <img> makes every reader's browser request its src. Pointed at this site's own pages,
`![](/post/16)` in a comment would have each reader GET that post (and count a view), so an
image must be an absolute http(s) URL on another host, or a path under /media/ (uploads).
"""

import html as htmllib
import re
from pathlib import Path
from urllib.parse import urlsplit

from .links import as_browser_reads, own_hosts, split_authority

IMAGE_URL = re.compile(r"^https?://\S+\.(?:png|jpe?g|gif|webp)(?:\?\S*)?$", re.IGNORECASE)
_SPACE = re.compile(r"\s")
# A link whose text starts like a URL: the only ones that may be a bare image URL.
_LINK = re.compile(r'<a href="([^"]*)">((?i:https?)://[^<]*)</a>')
_IMG = re.compile(r'<img((?: [a-z]+="[^"]*")*)>')
_SRC = re.compile(r' src="([^"]*)"')
# Every segment starts with a letter, digit, _ or -: no "." or ".." (a browser would resolve
# /media/../post/16 to /post/16), no %2e, no query.
_MEDIA_PATH = re.compile(r"/media/(?:[\w-][\w.-]*/)*[\w-][\w.-]*", re.ASCII)


def is_image_url(url):
    # With no whitespace in it, IMAGE_URL cannot backtrack over the URL more than once.
    return not _SPACE.search(url) and bool(IMAGE_URL.match(url))


# Uploads whose files are opened for their size, per text: a comment of nothing but image links
# must not open a thousand files (the time a text takes to render is bounded: see README).
SIZED_UPLOADS_MAX = 20


def show_images(html: str) -> str:
    sized = iter(range(SIZED_UPLOADS_MAX))
    return _IMG.sub(lambda match: _keep_allowed_image(match, sized), _LINK.sub(_image_for_bare_link, html))


def _image_for_bare_link(match):
    """A link whose text is its own image URL (a bare URL the parser made a link) shows the image."""
    href, text = match[1], match[2]
    url = htmllib.unescape(href)
    if htmllib.unescape(text) == url and is_image_url(url) and image_source_allowed(href):
        return f'<img alt="" src="{href}">'
    return match[0]  # a URL that may not be an image stays a link


def _keep_allowed_image(match, sized):
    src = _SRC.search(match[1])
    if not (src and image_source_allowed(src[1])):
        return ""
    # Loaded as the reader scrolls to it; an upload's size is known, so nothing jumps when it comes.
    may_size = " width=" not in match[1] and _MEDIA_PATH.fullmatch(htmllib.unescape(src[1]))
    size = _upload_size(src[1]) if may_size and next(sized, None) is not None else ""
    return f'<img{match[1]}{size} loading="lazy" decoding="async">'


def _upload_size(src):
    """` width="W" height="H"` for one of our uploads (/media/...), read from its file's header."""
    path = htmllib.unescape(src)
    if not _MEDIA_PATH.fullmatch(path):
        return ""
    try:
        from django.conf import settings
        from PIL import Image

        with Image.open(Path(settings.MEDIA_ROOT) / path.removeprefix("/media/")) as image:
            width, height = image.size
    except (OSError, ValueError, Image.DecompressionBombError):
        return ""  # gone, or not a picture: the browser finds out
    return f' width="{width}" height="{height}"'


def image_source_allowed(src):
    url = as_browser_reads(src)
    parts = split_authority(url)
    if parts is None:  # a path on this site: only an upload's
        return bool(_MEDIA_PATH.fullmatch(url))
    host, authority = parts
    if not url.lower().startswith(("http://", "https://", "//")) or not host:
        return False  # "https:/x" and "https:x" are paths on this site to a browser
    if host not in own_hosts():
        return True
    try:
        on_site = urlsplit("//" + authority)
    except ValueError:
        return False
    return not on_site.query and not on_site.fragment and bool(_MEDIA_PATH.fullmatch(on_site.path))
