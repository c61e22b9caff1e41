"""`@name` links to a member's profile (members here: tests/markup/conftest.py)."""

import pytest

from forum.markup import render_markdown
from forum.markup.mentions import MENTION_LINKS_MAX
from forum.notifications.mentions import mentioned_names


def html(text):
    return render_markdown(text).html


def link(typed, username):
    return f'<a href="/user/{username}" class="mention">@{typed}</a>'


def test_a_members_name_links_to_their_profile_as_they_spell_it():
    assert html("Hi @mallory, see this") == f"<p>Hi {link('mallory', 'Mallory')}, see this</p>"


def test_a_name_that_is_no_members_stays_text():
    assert html("Hi @zed") == "<p>Hi @zed</p>"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("@mallory.", f"<p>{link('mallory', 'Mallory')}.</p>"),
        ("(@me)", f"<p>({link('me', 'me')})</p>"),
        ("@Mike.B said", f"<p>{link('Mike.B', 'Mike.B')} said</p>"),
        ("**@mallory**", f"<p><strong>{link('mallory', 'Mallory')}</strong></p>"),
        ("# @mallory", f"<h1>{link('mallory', 'Mallory')}</h1>"),
        ("> @me\n", f"<blockquote>\n<p>{link('me', 'me')}</p>\n</blockquote>"),
    ],
)
def test_mentions_in_text(text, expected):
    assert html(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "`@mallory`",
        "```\n@mallory\n```",
        "    @mallory",
        "[ask @mallory](https://example.org/)",
        "https://example.org/@mallory",
        "write to x@mallory.example",
        "me@mallory",
        "@@mallory",
        "x.@mallory",
        "@" + "m" * 31,
        "<code>@mallory</code>",
        "<pre>a <b>@mallory</b></pre>",
    ],
)
def test_no_mention_inside_code_links_addresses_or_words(text):
    assert 'class="mention"' not in html(text)


def test_a_writer_cannot_forge_a_mention_link():
    rendered = html('<a href="/user/mallory" class="mention">@mallory</a>')
    assert 'class="mention"' not in rendered
    assert mentioned_names(rendered) == []


def test_text_after_code_and_links_is_mentioned_again():
    rendered = html("`@me` then [x](https://example.org/) and @me")
    assert rendered.count('class="mention"') == 1 and rendered.endswith(f"and {link('me', 'me')}</p>")


def test_links_per_text_are_capped():
    rendered = html(" ".join(f"@m{n}" for n in range(MENTION_LINKS_MAX + 10)))
    assert rendered.count('class="mention"') == MENTION_LINKS_MAX
    assert f"@m{MENTION_LINKS_MAX + 9}" in rendered


def test_the_names_mentioned_are_read_back_from_the_html():
    rendered = html("@Mallory and @me, again @mallory, not @zed, not `@mike.b`")
    assert mentioned_names(rendered) == ["mallory", "me"]


def test_the_excerpt_keeps_the_name():
    assert render_markdown("Thanks @mallory!").excerpt == "Thanks @mallory!"
