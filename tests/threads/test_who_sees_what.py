"""Who sees what of a comment, everywhere it is shown or quoted: every status x every reader x
every place. A held comment shows only its reason to everyone but staff; a comment waiting for
approval reaches only its writer and staff; a comment keeps one number for every reader."""

import pytest
from django.urls import reverse

from forum.anonymous.visitor import COOKIE_NAME
from forum.comments.models import Comment
from tests.factories import make_anonymous, make_comment, make_user

pytestmark = pytest.mark.django_db

WRITER_TOKEN = "w" * 22
TEXT = "The words only some readers may see"
HELD = [s for s in Comment.Status if s not in (Comment.Status.APPROVED, Comment.Status.PENDING)]
READERS = ["visitor", "writer", "member", "moderator", "admin"]


def expected(status, reader):
    """'text', 'reason' (the held placeholder) or 'nothing'."""
    if status == Comment.Status.APPROVED or reader in ("moderator", "admin"):
        return "text"
    if status == Comment.Status.PENDING:
        return "text" if reader == "writer" else "nothing"
    return "reason"


@pytest.fixture(params=["anonymous", "member"])
def writer_kind(request):
    return request.param


def reader_client(client, reader, writer_kind, writer_member):
    if reader == "writer":
        if writer_kind == "member":
            client.force_login(writer_member)
        else:
            client.cookies[COOKIE_NAME] = WRITER_TOKEN
    elif reader == "member":
        client.force_login(make_user("bystander"))
    elif reader == "moderator":
        client.force_login(make_user("mod", staff=True))
    elif reader == "admin":
        client.force_login(make_user("boss", superuser=True))
    return client


def comment_by(post, writer_kind, writer_member, status):
    earlier = make_comment(post, body="An earlier comment everybody sees.")
    if writer_kind == "member":
        comment = make_comment(post, author=writer_member, body=TEXT, status=status)
    else:
        comment = make_comment(post, anonymous=make_anonymous(WRITER_TOKEN), body=TEXT, status=status)
    return earlier, comment


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("status", list(Comment.Status))
def test_thread_page_quote_link_quote_endpoint_and_comment_link(client, post, writer_kind, status, reader):
    writer_member = make_user("writer")
    earlier, comment = comment_by(post, writer_kind, writer_member, status)
    client = reader_client(client, reader, writer_kind, writer_member)
    want = expected(status, reader)

    page = client.get(post.get_absolute_url()).content.decode()
    assert (TEXT in page) == (want == "text")
    assert (f"This comment is held: {comment.get_status_display()}." in page) == (want == "reason")
    assert (f'id="comment-{comment.pk}"' in page) == (want != "nothing")

    quoted = client.get(post.get_absolute_url(), {"quote": comment.pk}).content.decode()
    assert (f"&gt; {TEXT}" in quoted) == (want == "text")

    endpoint = client.post(reverse("threads:comment-quote", args=[comment.pk]))
    assert endpoint.status_code == (200 if want == "text" else 404)
    assert (TEXT in endpoint.content.decode()) == (want == "text")

    located = client.get(post.get_absolute_url(), {"c": comment.pk})
    assert located.status_code == (404 if want == "nothing" else 302)
    permalink = client.get(comment.get_absolute_url())
    assert permalink.status_code == (404 if want == "nothing" else 302)


@pytest.mark.parametrize("status", list(Comment.Status))
def test_a_comment_has_one_number_for_every_reader(client, post, writer_kind, status):
    writer_member = make_user("writer")
    earlier, comment = comment_by(post, writer_kind, writer_member, status)
    later = make_comment(post, body="A later comment everybody sees.")
    seen = set()
    for reader in READERS:
        reader_client(client, reader, writer_kind, writer_member)
        page = client.get(post.get_absolute_url()).content.decode()
        start = page.index(f'id="comment-{later.pk}"')
        seen.add(page[start : start + 200].split('class="number">', 1)[1].split("<", 1)[0])
        client.logout()
        client.cookies.pop(COOKIE_NAME, None)
    # The later comment is #3 after a numbered comment and #2 after a waiting one, for everyone.
    assert seen == {"#2" if status == Comment.Status.PENDING else "#3"}


@pytest.mark.parametrize("status", HELD)
def test_held_comments_show_their_reason_in_their_place(client, post, status):
    earlier, held = comment_by(post, "anonymous", None, status)
    page = client.get(post.get_absolute_url()).content.decode()
    assert page.index(earlier.body) < page.index(f"This comment is held: {held.get_status_display()}.")
    assert '<span class="number">#2</span>' in page
