"""Hostile texts render fast, shallow and small, at the comment limit and at the post limit.

The bound is generous (a busy machine must not make this flaky) yet far below what a quadratic
parser needs: Python-Markdown took over a minute on 20,000 "[". benchmarks/markup.py prints the
real figures (milliseconds).
"""

import re
import subprocess
import sys
import time

import pytest

from forum.markup import nesting, render_markdown
from forum.markup.commonmark import MAX_MARKERS_PER_LINE
from forum.markup.embeds import player_for
from forum.markup.nesting import MAX_DEPTH

from .pathological import COMMENT_MAX, LENGTHS, PATHOLOGICAL, POST_MAX, REALISTIC

SECONDS = 1.0
# The largest honest growth: a player is eight times the URL it replaces, a table cell "|b" six
# times its text. An unclosed tag re-created in every paragraph would be far more.
GROWTH = 10


def _open_depth(html):
    """How deeply the output's elements nest (void ones never open)."""
    depth = deepest = 0
    for end, name in re.findall(r"<(/?)([a-z][a-z0-9]*)", html):
        if name in {"br", "hr", "img"}:
            continue
        depth += -1 if end else 1
        deepest = max(deepest, depth)
    return deepest


@pytest.mark.parametrize("length", LENGTHS, ids=["comment", "post"])
@pytest.mark.parametrize("build", [*PATHOLOGICAL.values(), *REALISTIC.values()], ids=[*PATHOLOGICAL, *REALISTIC])
def test_renders_within_the_bound(build, length):
    text = build(length)
    assert len(text) == length
    start = time.perf_counter()
    rendered = render_markdown(text)
    elapsed = time.perf_counter() - start
    assert elapsed < SECONDS, f"{elapsed:.2f} s"
    assert len(rendered.html) <= GROWTH * length


@pytest.mark.parametrize("text", ["+ " * 500, "1. " * 500, "- " * 500 + "a", "> " * 500 + "a"])
def test_list_and_quote_markers_that_recursed_in_python_markdown_render(text):
    html = render_markdown(text).html
    assert html.count("<li>") + html.count("<blockquote>") == MAX_MARKERS_PER_LINE


def test_markers_beyond_the_limit_stay_text():
    html = render_markdown("> " * 40 + "deep").html
    assert html.count("<blockquote>") == MAX_MARKERS_PER_LINE
    assert "&gt; " * 8 + "deep" in html


def test_a_long_thematic_break_stays_one():
    assert render_markdown("- " * 1000).html == "<hr>"


@pytest.mark.parametrize(
    "markup", ["<div>", "<blockquote>", "<ul><li>", "<b>", "<span>", "<table><tr><td>", "<d1>", "<em>"]
)
def test_raw_html_nesting_is_cut_at_max_depth(markup):
    html = render_markdown(markup * (POST_MAX // len(markup)) + "x").html
    assert _open_depth(html) <= MAX_DEPTH
    assert "x" in html


def test_deep_blockquotes_keep_their_first_levels_and_their_text():
    html = render_markdown("<blockquote>" * 1000 + "deep" + "</blockquote>" * 1000).html
    assert html.count("<blockquote>") == html.count("</blockquote>") == MAX_DEPTH
    assert "deep" in html


@pytest.mark.parametrize("walk_every_tag", [False, True], ids=["as this Python runs it", "every tag walked"])
def test_an_unclosed_link_is_not_copied_into_every_paragraph(monkeypatch, walk_every_tag):
    if walk_every_tag:  # what a Python whose re keeps a failed possessive iteration runs (nesting.py)
        monkeypatch.setattr(nesting, "SKIP_INERT_RUNS", False)
    text = '<a href="https://x.example/' + "x" * 30_000 + '">' + "a</p><p>" * 8_000
    rendered = render_markdown(text)
    assert rendered.html.count("https://x.example/") == 1
    assert len(rendered.html) < 2 * len(text)


def test_deep_nesting_does_not_crash_the_process():
    """A stack overflow in C or Rust would abort the worker, not raise: so try it in a child."""
    names = [name for name in PATHOLOGICAL if "nested" in name or "unclosed" in name]
    script = (
        "from django.conf import settings\n"
        "settings.configure(ALLOWED_HOSTS=[])\n"
        "from forum.markup import render_markdown\n"
        "from tests.markup.pathological import PATHOLOGICAL\n"
        f"for name in {names!r}:\n"
        f"    render_markdown(PATHOLOGICAL[name]({POST_MAX}))\n"
        "print('done')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "done"


def test_lengths_are_the_forum_limits():
    from forum.posts.models import Post

    assert (COMMENT_MAX, POST_MAX) == (20_000, Post.BODY_MAX)


def test_a_video_url_that_cannot_match_is_refused_in_linear_time():
    url = "https://youtube.com/watch?" + "&v=dQw4w9WgXcQ&" * 8_000 + '"'  # the pattern alone: 8 s
    start = time.perf_counter()
    assert player_for(url) is None
    assert time.perf_counter() - start < 0.1


def test_table_padding_cannot_turn_a_short_comment_into_megabytes():
    # A 512-cell header over lines of "x": cmark-gfm pads each line to 512 cells.
    bomb = ("|a" * 512 + "|\n" + "|-" * 512 + "|\n" + "x\n" * 1024 + "\n") * 4
    quoted_bomb = "\n".join("> " + line for line in bomb.splitlines())
    for text in (bomb, quoted_bomb):
        assert len(text) <= 20_000 * 2
        html = render_markdown(text[:20_000]).html
        assert len(html) < 10 * len(text) and "<td>" not in html


def test_an_honest_table_is_still_a_table():
    table = "| name | rent |\n|---|--:|\n" + "".join(f"| flat {n} | {n * 100} |\n" for n in range(200))
    html = render_markdown(table).html
    assert html.count("<tr>") == 201 and '<td align="right">19900</td>' in html


def test_rendering_frees_what_cmark_allocates():
    import psutil

    process = psutil.Process()
    text = "*a" * 10_000
    render_markdown(text)
    before = process.memory_info().rss
    for _ in range(30):
        render_markdown(text)
    # cmarkgfm's own wrapper leaked about 3 MB a render of this text (90 MB here).
    assert process.memory_info().rss - before < 20_000_000
