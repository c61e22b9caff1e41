"""What the raw HTML limiter (forum/markup/nesting.py) changes, and what it leaves alone."""

import re

import nh3
import pytest

from forum.markup import render_markdown
from forum.markup.nesting import MAX_DEPTH, limit_nesting


def html(text):
    return render_markdown(text).html


@pytest.mark.parametrize(
    "markup",
    [
        "<p>One <em>two</em> <strong>three</strong>.</p>\n<p>Four.</p>\n",
        '<table>\n<thead>\n<tr>\n<th align="left">a</th>\n</tr>\n</thead>\n</table>\n',
        '<ul>\n<li><a href="https://a.example" title="t">a</a></li>\n</ul>\n',
        "<blockquote>\n<p>q</p>\n</blockquote>\n",
        '<p><b>bold</b> <abbr title="x">A</abbr> <sup>2</sup><br />\n<img src="x" alt="" /></p>\n',
        "<div>\n<p>in a div</p>\n</div>\n<!-- a comment --><?pi?><!doctype html>",
        "<p title=\"a > b\" data-x='<div>'>text</p>",
    ],
)
def test_balanced_markup_passes_unchanged(markup):
    assert limit_nesting(markup) == markup


def test_bold_left_open_does_not_run_into_the_next_paragraph():
    assert html("<b>bold\n\nnext") == "<p><b>bold</b></p>\n<p>next</p>"


def test_formatting_is_closed_before_a_block_it_would_be_copied_into():
    assert html("- <b>a\n- b") == "<ul>\n<li><b>a</b></li>\n<li>b</li>\n</ul>"
    assert html("<table><tr><td><b>x</td><td>y</td></tr></table>") == (
        "<table><tbody><tr><td><b>x</b></td><td>y</td></tr></tbody></table>"
    )


def test_misnested_formatting_is_closed_in_order():
    assert html("<b>one <i>two</b> three</i>") == "<p><b>one <i>two</i></b> three</p>"


def test_a_raw_end_tag_does_not_make_markdown_emphasis_repeat():
    assert html("*a </p> b*") == "<p><em>a </em></p> b<p></p>"


def test_text_of_textarea_stays_text():
    assert html("<textarea><b>x</b></textarea>") == "&lt;b&gt;x&lt;/b&gt;"


@pytest.mark.parametrize(
    "text",
    [
        "<script><!--<script></script><b>x</b>",  # script's escape states: nothing hidden from the model
        "<svg><![CDATA[</svg><b>x</b>]]>",  # CDATA inside svg: shown as text, hides no tag
        "<style><b></style><b>x</b>",
        "<noscript><p title='</noscript><b>x</b>'>",
    ],
)
def test_text_that_only_looks_like_tags_holds_none(text):
    out = limit_nesting(text)
    raw_text = re.search(r">(.*?)</(?:script|svg|style|noscript)", out, re.DOTALL)
    assert raw_text is None or "<" not in raw_text[1]
    assert "<b>x</b>" in html(text)


def test_the_scan_stops_at_a_tag_cut_off_by_the_end():
    """html5ever drops such a tag, and takes everything after "<b" as part of it."""
    assert limit_nesting("<p>text</p><b title='x<div><div>") == "<p>text</p><b title='x<div><div>"


def _depth_as_html5ever_builds(markup, names):
    """How deeply html5ever nests these elements (nh3 keeping just them, then counting)."""
    built = nh3.clean(markup, tags=names, attributes={}, clean_content_tags=set())
    depth = deepest = 0
    for end in re.findall(r"<(/?)[^\s/>]+", built):
        depth += -1 if end else 1
        deepest = max(deepest, depth)
    return deepest


@pytest.mark.parametrize("opening", ["<div>", "<span>", "<b title=%d>", "<ul><li>", "<lin\u212a>", "<table><td>"])
def test_html5ever_never_nests_more_than_max_depth(opening):
    markup = "".join(opening.replace("%d", str(n)) for n in range(5_000)) + "x"
    names = set(re.findall(r"<([^\s/>]+)", opening)) | {"tbody", "tr"}
    assert _depth_as_html5ever_builds(markup[:8_000], names) > MAX_DEPTH  # what it does unlimited
    out = limit_nesting(markup)
    assert _depth_as_html5ever_builds(out, names) == MAX_DEPTH
    assert out.endswith("x")


@pytest.mark.parametrize("opening", ["<svg><col>", "<math><td>", "<svg><html>"])
def test_inside_svg_and_math_any_tag_opens_an_element(opening):
    """There <col> is no void element and <td> no table cell: each one nests in the last."""
    out = limit_nesting(opening * 5_000)
    assert len(re.findall(r"<[a-z]", out)) <= MAX_DEPTH


def test_end_tags_of_dropped_elements_are_dropped_with_them():
    markup = "<blockquote>" * 200 + "deep" + "</blockquote>" * 200 + "<p>after</p>"
    out = limit_nesting(markup)
    assert out == "<blockquote>" * MAX_DEPTH + "deep" + "</blockquote>" * MAX_DEPTH + "<p>after</p>"


def test_a_dropped_tag_never_joins_a_stray_less_than_sign_into_a_new_tag():
    out = limit_nesting("<div>" * MAX_DEPTH + "<<div>b>")
    assert "<b>" not in out and "< b>" in out


def test_text_straight_inside_a_table_comes_after_it_not_moved_before_it():
    """html5ever would move it out in front of the table, walking all the table's siblings to
    find where: quadratic with many of them. Closing the table first keeps it in place, after."""
    assert html("<table><tr><td>a</td></tr>x<b>y</b></table>after") == (
        "<table><tbody><tr><td>a</td></tr></tbody></table>x<b>y</b>after"
    )
