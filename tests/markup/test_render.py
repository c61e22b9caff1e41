"""What render_markdown() makes of what writers type: the conveniences, the players, the links,
the excerpt and the facts about the text (first image, hosts it points to)."""

import pytest

from forum.markup import render_markdown
from forum.markup.links import EXTERNAL_REL

PLAYER_ATTRIBUTES = (
    'title="{title}" loading="lazy" referrerpolicy="strict-origin-when-cross-origin" '
    'allow="encrypted-media; picture-in-picture; fullscreen"></iframe></div>'
)


def youtube_player(video_id):
    return (
        f'<div class="embed"><iframe src="https://www.youtube-nocookie.com/embed/{video_id}" '
        + PLAYER_ATTRIBUTES.format(title="YouTube video")
    )


def vimeo_player(video_id):
    return f'<div class="embed"><iframe src="https://player.vimeo.com/video/{video_id}" ' + PLAYER_ATTRIBUTES.format(
        title="Vimeo video"
    )


def html(text):
    return render_markdown(text).html


# --- Markdown ----------------------------------------------------------------------------------


def test_paragraphs_and_emphasis():
    assert html("One *two* **three**.\n\nFour.") == "<p>One <em>two</em> <strong>three</strong>.</p>\n<p>Four.</p>"


def test_newline_becomes_line_break():
    assert html("line one\nline two") == "<p>line one<br>\nline two</p>"


def test_fenced_code_is_escaped_and_kept_verbatim():
    rendered = html('```python\nif a < b:\n    print("<b>&amp;</b>")\n```')
    assert rendered == '<pre><code>if a &lt; b:\n    print("&lt;b&gt;&amp;amp;&lt;/b&gt;")\n</code></pre>'


def test_fenced_code_does_not_become_links_or_players():
    rendered = html("```\nhttps://example.com/\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n```")
    assert "<a " not in rendered and "<iframe" not in rendered


def test_inline_code():
    assert html("run `rm -rf <dir>` now") == "<p>run <code>rm -rf &lt;dir&gt;</code> now</p>"


def test_table():
    rendered = html("| Name | Price |\n|------|------:|\n| tea | 2 |")
    assert rendered.startswith("<table>\n<thead>\n<tr>\n<th>Name</th>")
    assert "<tbody>\n<tr>\n<td>tea</td>" in rendered
    assert rendered.endswith("</tbody>\n</table>")


def test_strikethrough():
    assert html("~~gone~~ here") == "<p><del>gone</del> here</p>"


def test_lists_and_blockquote():
    assert html("* a\n* b") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"
    assert html("3. c\n4. d") == '<ol start="3">\n<li>c</li>\n<li>d</li>\n</ol>'
    assert html("> quoted") == "<blockquote>\n<p>quoted</p>\n</blockquote>"


def test_disallowed_raw_html_is_dropped_and_allowed_kept():
    assert html("<b>bold</b> <span>plain</span> <script>x()</script>") == "<p><b>bold</b> plain </p>"


# --- Links ---------------------------------------------------------------------------------------


def test_bare_url_becomes_link():
    assert html("see https://example.com/page for more") == (
        f'<p>see <a href="https://example.com/page" rel="{EXTERNAL_REL}">https://example.com/page</a> for more</p>'
    )


def test_bare_www_address_becomes_http_link():
    assert html("www.example.com") == (
        f'<p><a href="http://www.example.com" rel="{EXTERNAL_REL}">www.example.com</a></p>'
    )


def test_bare_email_becomes_mailto_link_without_rel():
    assert html("mail me@example.com") == '<p>mail <a href="mailto:me@example.com">me@example.com</a></p>'


def test_external_link_gets_nofollow_ugc_noopener():
    assert html("[a site](https://example.com/)") == (
        f'<p><a href="https://example.com/" rel="{EXTERNAL_REL}">a site</a></p>'
    )
    assert EXTERNAL_REL == "nofollow ugc noopener"


def test_relative_link_gets_no_rel():
    assert html("[a post](/posts/1/a-post)") == '<p><a href="/posts/1/a-post">a post</a></p>'


@pytest.mark.parametrize("href", ["https://testserver/posts/1", "http://LOCALHOST/x", "//127.0.0.1/x"])
def test_link_to_own_host_gets_no_rel(href):
    assert html(f"[here]({href})") == f'<p><a href="{href}">here</a></p>'


def test_link_title_is_kept():
    assert html('[x](https://example.com/ "A title")') == (
        f'<p><a href="https://example.com/" title="A title" rel="{EXTERNAL_REL}">x</a></p>'
    )


@pytest.mark.parametrize(
    ("href", "host"),
    [
        pytest.param("/\\spam.example/", "spam.example", id="slash-backslash"),
        pytest.param("\\\\spam.example/", "spam.example", id="two-backslashes"),
        pytest.param("https:\\\\spam.example/", "spam.example", id="https-backslashes"),
        pytest.param("https:/\\spam.example/", "spam.example", id="https-slash-backslash"),
        pytest.param("https:///spam.example/", "spam.example", id="https-three-slashes"),
        pytest.param(" //spam.example/", "spam.example", id="leading-space"),
        pytest.param("/&#9;/spam.example/", "spam.example", id="tab-between-slashes"),
        pytest.param("https://spam.example\\@testserver/", "spam.example", id="backslash-before-own-host-userinfo"),
        pytest.param("HTTPS://SPAM.example/", "spam.example", id="upper-case"),
        pytest.param("//[spam", "[spam", id="unreadable-host"),
    ],
)
def test_link_a_browser_takes_off_site_is_external_however_it_is_written(href, host):
    rendered = render_markdown(f'<a href="{href}">x</a>')
    assert f'rel="{EXTERNAL_REL}"' in rendered.html
    assert rendered.external_hosts == [host]
    assert rendered.has_external_links


def test_link_after_the_words_href_in_text_is_still_external():
    rendered = render_markdown('say href="[buy](https://spam.example/) or src="https://other.example/')
    assert rendered.external_hosts == ["spam.example", "other.example"]


# --- Images --------------------------------------------------------------------------------------


def test_image_url_alone_becomes_image():
    assert (
        html("https://example.com/cat.jpg")
        == '<p><img alt="" src="https://example.com/cat.jpg" loading="lazy" decoding="async"></p>'
    )


@pytest.mark.parametrize(
    "url", ["https://example.com/a.PNG", "http://example.com/a.jpeg?w=100&h=50", "https://x.example/b.webp"]
)
def test_image_urls_of_each_kind_become_images(url):
    assert html(url) == f'<p><img alt="" src="{url.replace("&", "&amp;")}" loading="lazy" decoding="async"></p>'


def test_image_url_inside_a_sentence_also_becomes_image():
    assert html("Look: https://example.com/cat.gif here") == (
        '<p>Look: <img alt="" src="https://example.com/cat.gif" loading="lazy" decoding="async"> here</p>'
    )


def test_link_with_its_own_text_to_an_image_stays_a_link():
    assert html("[the cat](https://example.com/cat.png)") == (
        f'<p><a href="https://example.com/cat.png" rel="{EXTERNAL_REL}">the cat</a></p>'
    )


def test_non_image_url_stays_a_link():
    assert "<img" not in html("https://example.com/cat.png.html")


def test_markdown_image_keeps_alt_and_title():
    assert html('![a cat](https://example.com/cat.png "Tom")') == (
        '<p><img src="https://example.com/cat.png" alt="a cat" title="Tom" loading="lazy" decoding="async"></p>'
    )


def test_first_image_url():
    rendered = render_markdown("Text.\n\n![one](https://img.example/1.png?a=1&b=2)\n\nhttps://img.example/2.png")
    assert rendered.first_image_url == "https://img.example/1.png?a=1&b=2"


def test_first_image_url_empty_without_images():
    assert render_markdown("no pictures, https://example.com/ only").first_image_url == ""


def test_first_image_url_skips_relative_images():
    assert render_markdown("![a](/static/a.png) ![b](https://img.example/b.png)").first_image_url == (
        "https://img.example/b.png"
    )


# --- Players -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com/watch?v=dQw4w9WgXcQ&t=42",
        "https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
        "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ?t=42",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        "https://www.youtube.com/embed/dQw4w9WgXcQ",
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",
    ],
)
def test_youtube_link_alone_becomes_nocookie_player(url):
    assert html(url) == youtube_player("dQw4w9WgXcQ")


def test_youtube_markdown_link_alone_becomes_player():
    assert html("[a song](https://www.youtube.com/watch?v=dQw4w9WgXcQ)") == youtube_player("dQw4w9WgXcQ")


def test_youtube_link_inside_a_sentence_stays_a_link():
    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert html(f"watch {url} now") == f'<p>watch <a href="{url}" rel="{EXTERNAL_REL}">{url}</a> now</p>'


def test_youtube_link_between_paragraphs_becomes_player():
    assert html("Listen:\n\nhttps://youtu.be/dQw4w9WgXcQ\n\nGood.") == (
        f"<p>Listen:</p>\n{youtube_player('dQw4w9WgXcQ')}\n<p>Good.</p>"
    )


def test_youtube_link_with_a_malformed_id_stays_a_link():
    assert "<iframe" not in html("https://www.youtube.com/watch?v=short")
    assert "<iframe" not in html("https://www.youtube.com/watch?v=dQw4w9WgXcQQ")


def test_youtube_lookalike_host_stays_a_link():
    rendered = html("https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ")
    assert "<iframe" not in rendered
    assert f'rel="{EXTERNAL_REL}"' in rendered


def test_vimeo_player():
    assert html("https://vimeo.com/76979871") == vimeo_player("76979871")
    assert html("https://www.vimeo.com/76979871#t=10s") == vimeo_player("76979871")


def test_vimeo_link_inside_a_sentence_stays_a_link():
    assert "<iframe" not in html("see https://vimeo.com/76979871 there")


def test_player_counts_as_external_host():
    assert render_markdown("https://youtu.be/dQw4w9WgXcQ").external_hosts == ["www.youtube-nocookie.com"]


# --- Excerpt -------------------------------------------------------------------------------------


def test_excerpt_is_first_30_words_plain_text():
    words = [f"w{i}" for i in range(40)]
    assert render_markdown(" ".join(words)).excerpt == " ".join(words[:30]) + " …"


def test_excerpt_of_exactly_30_words_has_no_ellipsis():
    words = [f"w{i}" for i in range(30)]
    assert render_markdown(" ".join(words)).excerpt == " ".join(words)


def test_excerpt_strips_tags_and_unescapes_entities():
    rendered = render_markdown('**AT&amp;T** &lt;b&gt; says "hi" & [bye](https://example.com/) ~~x~~')
    assert rendered.excerpt == 'AT&T <b> says "hi" & bye x'


def test_excerpt_separates_words_across_blocks_and_line_breaks():
    assert render_markdown("# Title\nend\n\n* one\n* two\n\n| a | b |\n|---|---|\n| c | d |").excerpt == (
        "Title end one two a b c d"
    )


def test_excerpt_leaves_out_images_and_players():
    assert render_markdown("Look https://example.com/a.png\n\nhttps://youtu.be/dQw4w9WgXcQ\n\nend").excerpt == (
        "Look end"
    )


def test_excerpt_leaves_out_scripts():
    assert render_markdown("before <script>alert(1)</script> after").excerpt == "before after"


def test_excerpt_of_empty_text_is_empty():
    assert render_markdown("").excerpt == ""
    assert render_markdown("").html == ""


# --- Hosts ---------------------------------------------------------------------------------------


def test_external_hosts_lists_link_and_image_hosts():
    rendered = render_markdown(
        "text [a](https://a.example/) ![i](https://img.example/p.png) [b](https://a.example/2) "
        "<https://B.example> [home](/posts/1) [own](https://testserver/x)"
    )
    assert rendered.external_hosts == ["a.example", "img.example", "b.example"]
    assert rendered.has_external_links


def test_has_external_links_false_for_plain_text():
    rendered = render_markdown("Just *words*, a [relative](/posts/2) link and me@example.com.")
    assert rendered.external_hosts == []
    assert not rendered.has_external_links


def test_has_external_links_false_for_dropped_javascript_link():
    assert not render_markdown("[x](javascript:alert(1))").has_external_links


def test_has_external_links_true_for_bare_image():
    assert render_markdown("https://img.example/cat.png").has_external_links


def test_table_alignment_survives_the_sanitizer():
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |").html
    assert '<th align="left">a</th>' in html and '<td align="right">2</td>' in html


def test_no_attribute_is_allowed_on_every_tag():
    html = render_markdown('<p title="x" lang="en">hi</p> <abbr title="kept">A</abbr>').html
    assert "<p>hi</p>" in html and '<abbr title="kept">A</abbr>' in html


def test_a_link_hidden_behind_an_attribute_that_ends_in_href_is_still_seen():
    from forum.markup.links import external_hosts

    rendered = render_markdown('<a title="x href=" href="https://spam.example/">cheap</a>')
    assert 'rel="nofollow ugc noopener"' in rendered.html
    assert external_hosts(rendered.html) == ["spam.example"] and rendered.has_external_links
