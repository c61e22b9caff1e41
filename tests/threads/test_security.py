"""Holes an attack on the thread pages found, each pinned: views from what a page loads by
itself, quotes that turn shown text into live links, bans dodged by signing up, links from fresh
accounts, stacked combining marks, slow rendering inside the transaction."""

import pytest
from django.db import connection
from django.urls import reverse

from forum.comments import services
from forum.comments.models import Comment
from forum.comments.quoting import escape_markdown
from forum.comments.services import CommentRefused, comment_create_by_member
from forum.markup import render_markdown
from forum.posts.models import Post
from forum.posts.viewcounts import flush_pending_views
from tests.factories import make_anonymous, make_comment, make_post, make_user

pytestmark = pytest.mark.django_db

# Views: only a reader opening the page counts.


@pytest.mark.parametrize(
    "headers, counted",
    [
        ({"HTTP_SEC_FETCH_DEST": "document", "HTTP_SEC_FETCH_MODE": "navigate"}, True),
        ({"HTTP_SEC_FETCH_DEST": "image", "HTTP_SEC_FETCH_MODE": "no-cors"}, False),  # ![](/post/16)
        ({"HTTP_SEC_FETCH_DEST": "iframe", "HTTP_SEC_FETCH_MODE": "navigate"}, False),
        ({"HTTP_SEC_FETCH_DEST": "empty", "HTTP_SEC_FETCH_MODE": "cors"}, False),  # fetch()
        ({"HTTP_ACCEPT": "image/avif,image/webp,*/*"}, False),  # an old browser's <img>
        ({"HTTP_ACCEPT": "text/html,application/xhtml+xml"}, True),  # an old browser's page
        ({"HTTP_ACCEPT": "text/html", "HTTP_SEC_PURPOSE": "prefetch"}, False),
        ({"HTTP_SEC_FETCH_DEST": "document", "HTTP_SEC_FETCH_MODE": "navigate", "HTTP_SEC_PURPOSE": "prefetch"}, False),
        ({"HTTP_ACCEPT": "nottext/htmlatall"}, False),
        ({"HTTP_ACCEPT": "*/*"}, False),  # curl, a script
    ],
)
def test_only_a_page_navigation_counts_as_a_view(client, post, headers, counted):
    assert client.get(post.get_absolute_url(), **headers).status_code == 200
    flush_pending_views()
    post.refresh_from_db()
    assert post.view_count == (1 if counted else 0)


# Quotes: one rule, on the server; a selection is text, never Markdown.


def test_quoting_a_selection_escapes_markdown_so_shown_text_stays_text(client, post):
    comment = make_comment(post, body="Look: `[official source](https://evil.example)`")
    selection = "[official source](https://evil.example)"  # what the page shows inside the code span
    quote = client.post(reverse("threads:comment-quote", args=[comment.pk]), {"selection": selection})
    text = quote.content.decode()
    assert quote.status_code == 200 and quote["Content-Type"].startswith("text/plain")
    assert text.startswith(f"[{comment.writer_name} says]({comment.get_absolute_url()}):")
    assert "> \\[official source\\](https\\://evil.example)" in text
    assert render_markdown(text).html.count("<a ") == 1  # the attribution link, nothing from the selection


@pytest.mark.parametrize(
    "shown",
    [
        "*not emphasis* and _not_ either",
        "`not code` ~~not struck~~",
        "![not an image](https://example.org/x.png)",
        "<b>not bold</b> &amp; not an entity",
        "# not a heading",
        "> not a quote",
        "- not a list\n+ nor this\n1. nor this\n2) nor this",
        "a | table | row",
        "back\\slash",
        "https://example.org/x.png and www.example.org",
    ],
)
def test_an_escaped_selection_renders_as_the_text_it_was(shown):
    from forum.markup.sanitize import plain_text

    html = render_markdown(escape_markdown(shown)).html
    assert "<a" not in html and "<img" not in html and "<em" not in html and "<code" not in html
    assert "<h1" not in html and "<blockquote" not in html and "<li" not in html and "<table" not in html
    text = plain_text(html.replace("<br>\n", "\n")).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    assert text.strip() == shown


def test_quoting_without_a_selection_quotes_the_writers_markdown(client, post):
    comment = make_comment(post, body="**bold** and [a link](https://example.org)")
    text = client.post(reverse("threads:comment-quote", args=[comment.pk])).content.decode()
    assert "> **bold** and [a link](https://example.org)" in text


def test_the_quote_link_and_the_quote_button_write_the_same_quote(client, post):
    comment = make_comment(post, body="Same rule\n\nfor both paths " + "word " * 300)
    button = client.post(reverse("threads:comment-quote", args=[comment.pk])).content.decode()
    page = client.get(post.get_absolute_url(), {"quote": comment.pk}).content.decode()
    from django.utils.html import escape

    assert escape(button) in page and button.endswith(" …\n\n")


def test_quote_endpoint_refuses_get_and_hidden_posts(client, post):
    comment = make_comment(post)
    assert client.get(reverse("threads:comment-quote", args=[comment.pk])).status_code == 405
    Post.objects.filter(pk=post.pk).update(status=Post.Status.HELD)
    assert client.post(reverse("threads:comment-quote", args=[comment.pk])).status_code == 404
    assert client.post(reverse("threads:post-quote", args=[post.pk])).status_code == 404


def test_quoting_the_post_from_the_button(client, post):
    text = client.post(reverse("threads:post-quote", args=[post.pk])).content.decode()
    assert text == f"[{post.author.username} says]({post.get_absolute_url()}):\n\n> {post.body}\n\n"


# Bans follow the person; links from fresh accounts wait like anonymous ones.


def test_a_new_member_on_a_banned_network_cannot_comment(post):
    banned = make_anonymous(address="203.0.113.9", network_banned=True)
    with pytest.raises(CommentRefused, match="blocked"):
        comment_create_by_member(
            post=post, author=make_user(new=True), body="I'm back", network_digest=banned.network_digest
        )
    assert not Comment.objects.exists()


def test_an_established_member_on_a_banned_network_still_can(post):
    banned = make_anonymous(address="203.0.113.9", network_banned=True)
    comment = comment_create_by_member(
        post=post, author=make_user(), body="Our office shares an address", network_digest=banned.network_digest
    )
    assert comment.is_approved


def test_links_from_a_new_member_wait_for_approval(client, post):
    newcomer = make_user(new=True)
    client.force_login(newcomer)
    client.post(reverse("threads:comment-create", args=[post.pk]), {"body": "Cheap pills https://spam.example"})
    comment = Comment.objects.get()
    post.refresh_from_db()
    assert comment.is_pending and comment.number is None and post.comment_count == 0
    assert "Cheap pills" in client.get(post.get_absolute_url()).content.decode()  # the writer sees it
    client.logout()
    assert "Cheap pills" not in client.get(post.get_absolute_url()).content.decode()


def test_a_new_member_without_links_is_shown_at_once_where_new_members_start_normal(login, post, settings):
    settings.NEW_MEMBER_TRUST_LEVEL = "normal"  # by default they start moderated: tests/comments/test_trust.py
    comment = comment_create_by_member(post=post, author=make_user(new=True), body="Hello all")
    assert comment.is_approved and comment.number == 1


# Text that draws over its neighbours.


def test_stacked_combining_marks_are_refused_and_the_text_kept(client, post):
    zalgo = "H" + "\u0336\u0317\u0353" * 4000
    response = client.post(reverse("threads:comment-create", args=[post.pk]), {"body": zalgo})
    page = response.content.decode()
    assert response.status_code == 400 and "accents or marks on one letter" in page and zalgo in page
    assert not Comment.objects.exists()


def test_a_few_combining_marks_are_fine(client, post):
    client.post(reverse("threads:comment-create", args=[post.pk]), {"body": "Tiếng Việt: e\u0302\u0301"})
    assert Comment.objects.get().body == "Tiếng Việt: e\u0302\u0301"


# Rendering is the slow part: never inside the transaction, never holding a lock.


@pytest.mark.django_db(transaction=True)
def test_the_comment_is_rendered_before_the_transaction_starts(monkeypatch):
    post, writer = make_post(), make_user()
    seen = []
    real = services.render_markdown

    def render_and_note(text):
        seen.append(connection.in_atomic_block)
        return real(text)

    monkeypatch.setattr(services, "render_markdown", render_and_note)
    comment_create_by_member(post=post, author=writer, body="hello")
    assert seen == [False]


# NUL bytes in addresses: a 400, never a database error.


@pytest.mark.parametrize(
    "url",
    ["/user/%00", "/post/1/a%00b", "/?page=%00", "/admin/comments/comment/?q=%00", "/random?from=1%00"],
)
def test_nul_in_the_address_is_a_bad_request(client, url):
    client.force_login(make_user("boss", superuser=True))
    assert client.get(url).status_code == 400


@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "cp037"])
@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/post/1/comments/new"])
def test_a_form_in_another_charset_is_a_bad_request(url, charset):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(url, "a=b", content_type=f"application/x-www-form-urlencoded; charset={charset}")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "created_at__year=99999999999999999999",
        "created_at__year=2026&created_at__month=99999999999999999999",
        "created_at__year=9999&created_at__month=12&created_at__day=31",
    ],
)
def test_admin_date_filters_out_of_range_are_a_bad_request(client, query):
    client.force_login(make_user("boss", superuser=True))
    assert client.get(f"/admin/comments/comment/?{query}").status_code in (200, 302, 400)


@pytest.mark.parametrize(
    "hidden",
    [
        "`[official source](https://evil.example) " + "word " * 30 + "`",
        "<!-- ![](https://evil.example/t.png) " + "word " * 30 + "-->",
    ],
)
def test_cutting_a_long_quote_never_makes_a_link_the_comment_did_not_show(client, post, hidden):
    comment = make_comment(post, body="a " * 440 + hidden)
    assert "evil.example" not in render_markdown(comment.body).html.split("<code>")[0]
    quote = client.post(reverse("threads:comment-quote", args=[comment.pk])).content.decode()
    html = render_markdown(quote).html
    assert 'href="https://evil.example"' not in html and 'src="https://evil.example/t.png"' not in html
