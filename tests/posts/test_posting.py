"""Writing a new post: who may, the preview, pictures, duplicate titles and the caps, across
the cast (visitor, member, new member, staff), asserting status, redirects and database state."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.comments.models import Comment
from forum.posts.models import Post
from tests.factories import make_comment, make_post, make_user
from tests.uploads.images import SVG_WITH_SCRIPT, jpeg_with_exif, png_declaring, upload

pytestmark = pytest.mark.django_db
NEW = "/post/new"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def writer(post):
    """A member with the approved comments a first post needs."""
    member = make_user("writer")
    for _ in range(3):
        make_comment(post, author=member)
    return member


def send(client, **fields):
    data = {"title": "Rents are up again", "body": "Up *ten* percent.", "action": "publish", **fields}
    return client.post(NEW, data)


def stored_files(media_root):
    return [path for path in Path(media_root).rglob("*") if path.is_file()]


# Who may


def test_logged_out_visitors_are_sent_to_log_in_and_back(client, db):
    for method in (client.get, client.post):
        response = method(NEW)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next=/post/new"
    assert not Post.objects.exists()


def test_new_and_submit_lead_to_the_form(client, db):
    for path in ("/new", "/submit"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == NEW


def test_a_member_gets_the_form(login, writer):
    response = login(writer).get(NEW)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="title"' in body and 'name="body"' in body and 'type="file"' in body
    assert 'enctype="multipart/form-data"' in body and 'value="preview"' in body


def test_a_member_publishes_a_post(login, writer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(login(writer), title="  Rents are up again  ")
    post = Post.objects.get(title="Rents are up again")
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert post.author == writer and post.is_published
    assert post.body == "Up *ten* percent." and post.body_html == "<p>Up <em>ten</em> percent.</p>"
    assert post.latest_activity_at == post.created_at and post.comment_count == 0
    assert post.slug == "rents-are-up-again"


def test_a_new_post_shows_on_the_home_page_at_once(client, login, writer):
    client.get(reverse("posts:home"))  # a cached home page, stored for logged-out readers
    send(login(writer), title="Fresh news about rents")
    client.logout()
    assert "Fresh news about rents" in client.get(reverse("posts:home")).content.decode()


def test_a_new_post_tells_the_notifications(login, writer, monkeypatch):
    told = []
    monkeypatch.setattr("forum.notifications.events.post_published", told.append)
    send(login(writer))
    assert told == [Post.objects.get(title="Rents are up again")]


# Preview


def test_preview_shows_the_rendered_sanitized_text_and_saves_nothing(login, writer):
    body = "Some **bold** words <script>alert(1)</script>\n\nhttps://example.com/cat.jpg"
    response = send(login(writer), body=body, action="preview")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>bold</strong>" in page and "<script>alert(1)" not in page
    assert '<img alt="" src="https://example.com/cat.jpg" loading="lazy"' in page  # a bare image URL shows the image
    assert "Some **bold** words &lt;script&gt;" in page  # and the text is back in the box, as typed
    assert not Post.objects.filter(title="Rents are up again").exists()


def test_preview_shows_a_youtube_link_as_the_player(login, writer):
    page = send(login(writer), body="https://www.youtube.com/watch?v=dQw4w9WgXcQ", action="preview").content.decode()
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in page


def test_preview_warns_of_a_duplicate_title_before_posting(login, writer):
    make_post(title="Rents Are Up Again")
    page = send(login(writer), action="preview").content.decode()
    assert "There is already a post with this title" in page
    assert Post.objects.filter(title__iexact="rents are up again").count() == 1


# Refusals keep the text


def test_a_duplicate_title_in_any_case_is_refused_and_the_text_kept(login, writer):
    make_post(title="Rents Are Up Again")
    response = send(login(writer), body="My own take on it.")
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is already a post with this title" in page
    assert 'value="Rents are up again"' in page and "My own take on it." in page
    assert Post.objects.filter(title__iexact="rents are up again").count() == 1


def test_a_title_held_or_removed_posts_have_is_free(login, writer):
    make_post(title="Rents are up again", status=Post.Status.REMOVED)
    assert send(login(writer)).status_code == 302
    assert Post.objects.filter(title="Rents are up again").count() == 2


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "Please give your post a title."),
        ({"title": "\u200b \u200b"}, "Please write something"),
        ({"title": "Two\nlines"}, "one line"),
        ({"title": "x" * 201}, "200 characters at most"),
        ({"body": ""}, "Please write something"),
        ({"body": "nul\x00byte"}, "control characters"),
        ({"body": "evil \u202e text"}, "text-direction"),
        ({"body": "x" * 40_001}, "40,000 characters at most"),
    ],
    ids=["no-title", "invisible-title", "two-line-title", "long-title", "no-body", "nul", "bidi", "long-body"],
)
def test_a_refused_form_says_why_and_keeps_its_text(login, writer, fields, message):
    data = {"title": "Kept title", "body": "Kept body", **fields}
    response = send(login(writer), **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    if "title" not in fields:
        assert 'value="Kept title"' in response.content.decode()
    if "body" not in fields:
        assert "Kept body" in response.content.decode()
    assert not Post.objects.filter(author=writer).exists()


def test_an_odd_action_value_publishes_nothing_strange(login, writer):
    assert send(login(writer), action="\x00weird").status_code == 302  # anything but preview posts


# Caps


def test_a_member_without_enough_approved_comments_cannot_post_yet(login, post):
    newcomer = make_user("newcomer")
    make_comment(post, author=newcomer)
    make_comment(post, author=newcomer, status=Comment.Status.PENDING)  # waiting ones do not count
    client = login(newcomer)
    assert "3 approved comments before their first post (you have 1 so far)" in client.get(NEW).content.decode()
    response = send(client, body="Kept words")
    assert response.status_code == 400
    assert "(you have 1 so far)" in response.content.decode() and "Kept words" in response.content.decode()
    assert not Post.objects.filter(author=newcomer).exists()


def test_the_comment_minimum_is_a_setting_and_counts_only_before_the_first_post(settings, login, db):
    member = make_user()
    settings.POST_MIN_APPROVED_COMMENTS = 0
    assert send(login(member), title="First").status_code == 302
    settings.POST_MIN_APPROVED_COMMENTS = 5
    assert send(login(member), title="Second").status_code == 302  # they have posted before
    assert Post.objects.filter(author=member).count() == 2


def test_staff_need_no_comments_and_have_no_daily_cap(settings, login, db):
    settings.POSTS_PER_MEMBER_PER_DAY = 1
    client = login(make_user("boss", staff=True))
    for title in ("One", "Two"):
        assert send(client, title=title).status_code == 302
    assert Post.objects.filter(author__username="boss").count() == 2


def test_the_daily_cap_refuses_one_more_post_in_24_hours(settings, login, writer):
    settings.POSTS_PER_MEMBER_PER_DAY = 2
    make_post(author=writer, created_at=timezone.now() - timedelta(hours=25))  # a day ago: not counted
    two_hours_ago = timezone.now() - timedelta(hours=2)
    make_post(author=writer, created_at=two_hours_ago)
    client = login(writer)
    assert send(client, title="Second today").status_code == 302
    response = send(client, title="Third today", body="Kept words")
    assert response.status_code == 400
    page = response.content.decode()
    assert "2 posts in the past 24 hours" in page and "Kept words" in page
    # When: as the oldest of the day's posts turns a day old, in the reader's zone.
    assert f"post again at {timezone.localtime(two_hours_ago + timedelta(days=1)):%H:%M}" in page
    assert not Post.objects.filter(title="Third today").exists()


# Pictures


def test_an_uploaded_picture_is_stored_and_added_to_the_body(login, writer, media_root):
    response = login(writer).post(
        NEW, {"title": "With a picture", "body": "Look:", "action": "publish", "image": upload(jpeg_with_exif())}
    )
    assert response.status_code == 302
    post = Post.objects.get(title="With a picture")
    (stored,) = stored_files(media_root)
    url = "/media/" + stored.relative_to(media_root).as_posix()
    assert post.body == f"Look:\n\n![]({url})"
    # Its size, read from the stored file, keeps the page from jumping as it loads.
    assert f'<img src="{url}" alt="" width="80" height="120" loading="lazy" decoding="async">' in post.body_html
    assert stored.parent.relative_to(media_root).parts[0] == "posts" and stored.suffix == ".jpg"


def test_a_picture_alone_makes_a_post(login, writer, media_root):
    client = login(writer)
    response = client.post(NEW, {"title": "Just a picture", "body": "", "image": upload(jpeg_with_exif())})
    assert response.status_code == 302
    assert Post.objects.get(title="Just a picture").body.startswith("![](/media/posts/")


def test_a_picture_sent_with_a_preview_is_in_the_text_that_comes_back(login, writer, media_root):
    response = login(writer).post(
        NEW, {"title": "", "body": "Look:", "action": "preview", "image": upload(jpeg_with_exif(), "../../x.jpg")}
    )
    (stored,) = stored_files(media_root)
    url = "/media/" + stored.relative_to(media_root).as_posix()
    page = response.content.decode()
    assert response.status_code == 400  # no title yet, but the picture is kept
    assert f"Look:\n\n![]({url})" in page and "Please give your post a title." in page
    assert not Post.objects.filter(author=writer).exists()


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"not a picture" * 20, "x.png"), (SVG_WITH_SCRIPT, "x.svg"), (png_declaring(100_000, 100_000), "bomb.png")],
    ids=["text-named-png", "svg", "bomb"],
)
def test_a_hostile_upload_is_refused_with_the_text_kept_and_nothing_stored(login, writer, media_root, data, name):
    response = login(writer).post(NEW, {"title": "Kept title", "body": "Kept body", "image": upload(data, name)})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Please upload a JPEG, PNG, GIF or WebP picture" in page or "too many pixels" in page
    assert 'value="Kept title"' in page and "Kept body" in page
    assert stored_files(media_root) == [] and not Post.objects.filter(author=writer).exists()


def test_uploads_have_a_daily_allowance(settings, login, writer, media_root):
    settings.IMAGE_UPLOADS_PER_DAY = 1
    client = login(writer)
    client.post(NEW, {"title": "", "body": "", "action": "preview", "image": upload(jpeg_with_exif())})
    response = client.post(NEW, {"title": "T", "body": "B", "action": "preview", "image": upload(jpeg_with_exif())})
    assert "as many pictures as a day allows" in response.content.decode()
    assert len(stored_files(media_root)) == 1


# Links from new accounts


def test_a_new_members_post_with_links_waits_for_a_moderator(client, login, post, settings):
    settings.POST_MIN_APPROVED_COMMENTS = 0
    newcomer = make_user("newcomer", new=True)
    response = send(login(newcomer), title="Buy cheap pills now", body="[cheap](https://spam.example/buy)")
    held = Post.objects.get(title="Buy cheap pills now")
    assert response.status_code == 302 and held.status == Post.Status.HELD
    assert "waits for a moderator" in client.get(held.get_absolute_url()).content.decode()  # its author sees it
    client.logout()
    assert client.get(held.get_absolute_url()).status_code == 404
    assert "Buy cheap pills" not in client.get(reverse("posts:home")).content.decode()


def test_a_new_members_post_without_links_and_an_established_members_with_them_go_up(login, writer, settings):
    settings.POST_MIN_APPROVED_COMMENTS = 0
    send(login(make_user("newcomer", new=True)), title="Plain words", body="No links here.")
    send(login(writer), title="With a source", body="[the report](https://news.example/report)")
    assert set(Post.objects.filter(title__in=["Plain words", "With a source"]).values_list("status", flat=True)) == {
        Post.Status.PUBLISHED
    }
