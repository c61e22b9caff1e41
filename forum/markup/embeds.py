"""A YouTube or Vimeo link alone in its paragraph becomes that site's player.

Runs on sanitized HTML: the player's markup is built here from a video id that matched a strict
pattern, so nothing a writer typed is ever placed inside an iframe attribute.
"""

import re

_LONE_LINK = re.compile(r'<p><a href="([^"]+)">([^<]*)</a></p>')
YOUTUBE = re.compile(
    r"^https?://(?:www\.|m\.)?(?:youtube\.com/(?:watch\?(?:[^\"#]*&(?:amp;)?)?v=|shorts/|embed/)|youtu\.be/)"
    r"(?P<id>[A-Za-z0-9_-]{11})(?:[?&#][^\"]*)?$"
)
VIMEO = re.compile(r"^https?://(?:www\.)?vimeo\.com/(?P<id>\d{1,12})(?:[?#][^\"]*)?$")

PLAYER = (
    '<div class="embed"><iframe src="{src}" title="{title}" loading="lazy" '
    'referrerpolicy="strict-origin-when-cross-origin" '
    'allow="encrypted-media; picture-in-picture; fullscreen"></iframe></div>'
)


def player_for(url):
    if '"' in url:
        # Neither pattern matches a quote; checked first because a failing match would try every
        # "&" before "v=" and scan the rest each time (quadratic). Sanitized hrefs have none.
        return None
    if match := YOUTUBE.match(url):
        return PLAYER.format(src=f"https://www.youtube-nocookie.com/embed/{match['id']}", title="YouTube video")
    if match := VIMEO.match(url):
        return PLAYER.format(src=f"https://player.vimeo.com/video/{match['id']}", title="Vimeo video")
    return None


def embed_players(html: str) -> str:
    def replace(match):
        return player_for(match[1]) or match[0]

    return _LONE_LINK.sub(replace, html)
