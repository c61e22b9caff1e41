"""An image loads only from another site or from /media/: never one of this site's own pages,
which every reader's browser would request (a comment with ![](/post/16) added a view to post 16
for each reader)."""

import time

import pytest

from forum.markup import render_markdown
from forum.markup.images import is_image_url


def images(text):
    html = render_markdown(text).html
    return html.count("<img")


@pytest.mark.parametrize(
    "src",
    [
        pytest.param("/post/16", id="own-path"),
        pytest.param("/post/16/a-slug?c=3", id="own-path-with-query"),
        pytest.param("post/16", id="relative-path"),
        pytest.param("../post/16", id="dot-dot-path"),
        pytest.param("https://testserver/post/16", id="own-host"),
        pytest.param("HTTP://LocalHost/post/16", id="own-host-other-case"),
        pytest.param("//testserver/post/16", id="own-host-scheme-relative"),
        pytest.param("https://testserver:8000/post/16", id="own-host-with-port"),
        pytest.param("https://someone@testserver/post/16", id="own-host-after-userinfo"),
        pytest.param("https:/post/16", id="scheme-then-one-slash"),
        pytest.param("https:post/16", id="scheme-then-path"),
        pytest.param("/media/../post/16", id="media-dot-dot"),
        pytest.param("/media/%2e%2e/post/16", id="media-encoded-dot-dot"),
        pytest.param("/media/./a.png", id="media-dot"),
        pytest.param("/media/a.png?next=/post/16", id="media-with-query"),
        pytest.param("https://testserver?/media/a.png", id="own-host-media-in-query"),
        pytest.param("mailto:someone@example.com", id="mailto"),
        pytest.param("", id="empty"),
    ],
)
def test_image_on_this_sites_pages_is_dropped(src):
    for text in (f"![a]({src})", f'<img src="{src}" alt="a">', f"[![a]({src})](https://example.com/)"):
        rendered = render_markdown(text)
        assert "<img" not in rendered.html, text
        assert rendered.first_image_url == ""


@pytest.mark.parametrize(
    "src",
    [
        "https://img.example/cat.png",
        "http://img.example/photo?id=3",
        "//img.example/cat.png",
        "/media/uploads/2026/07/cat_1a2b.png",
        "https://testserver/media/uploads/cat.png",
    ],
)
def test_image_from_another_site_or_media_is_kept(src):
    assert images(f"![a]({src})") == 1
    assert images(f'<img src="{src}" alt="a">') == 1


def test_a_dropped_image_leaves_its_paragraph_and_link():
    assert render_markdown("see ![x](/post/16) here").html == "<p>see  here</p>"
    assert render_markdown("[![x](/post/16)](/post/17)").html == '<p><a href="/post/17"></a></p>'


def test_a_bare_image_url_on_this_site_stays_a_link():
    html = render_markdown("https://testserver/post/16.png").html
    assert html == '<p><a href="https://testserver/post/16.png">https://testserver/post/16.png</a></p>'


def test_a_bare_image_url_under_media_on_this_site_shows():
    assert render_markdown("https://testserver/media/a.png").html == (
        '<p><img alt="" src="https://testserver/media/a.png" loading="lazy" decoding="async"></p>'
    )


def test_first_image_url_is_the_first_a_url_field_can_hold_from_elsewhere_or_uploaded_here():
    long = "https://img.example/" + "a" * 2000 + ".png"
    rendered = render_markdown(f"![b]({long}) ![a](/media/posts/a.jpg) ![c](https://img.example/c.png)")
    assert rendered.first_image_url == "/media/posts/a.jpg"
    assert (
        render_markdown(f"![b]({long}) ![c](https://img.example/c.png)").first_image_url == "https://img.example/c.png"
    )


def test_an_image_url_with_spaces_and_many_dots_is_checked_in_linear_time():
    url = "https://x.example/" + ".png?" * 20_000 + " x"  # the pattern alone would try every ".png?"
    start = time.perf_counter()
    assert not is_image_url(url)
    assert time.perf_counter() - start < 0.1


@pytest.mark.parametrize(
    "src",
    [
        "https://local%68ost/post/1",
        "https://ｌｏｃａｌｈｏｓｔ/post/1",
        "https://localhost./post/1",
        "//LOCALHOST/post/1",
    ],
)
def test_our_own_pages_in_disguise_are_not_images(settings, src):
    settings.ALLOWED_HOSTS = ["localhost"]
    assert "<img" not in render_markdown(f"![]({src})").html


def test_uploads_get_their_size_and_every_image_loads_lazily(settings, tmp_path):
    from PIL import Image as Picture

    from forum.markup.images import SIZED_UPLOADS_MAX

    settings.MEDIA_ROOT = tmp_path
    for number in range(SIZED_UPLOADS_MAX + 5):
        Picture.new("RGB", (30 + number, 20)).save(tmp_path / f"p{number}.png")
    text = "\n\n".join(f"![](/media/p{number}.png)" for number in range(SIZED_UPLOADS_MAX + 5))

    html = render_markdown(text).html

    assert '<img src="/media/p0.png" alt="" width="30" height="20" loading="lazy" decoding="async">' in html
    assert html.count(' width="') == SIZED_UPLOADS_MAX  # the files opened per text are bounded
    assert html.count(' loading="lazy"') == SIZED_UPLOADS_MAX + 5
