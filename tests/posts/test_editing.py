"""Editing a post: its author and staff only; the text before is kept (PostEdit, in the admin);
latest activity does not move; the thread and the lists show the change at once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.posts.models import Post, PostEdit
from tests.factories import make_post, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return make_user("author")


@pytest.fixture
def own_post(author):
    created_at = timezone.now() - timedelta(days=2)
    return make_post(author=author, title="Old title", body="Old *words*", created_at=created_at)


def edit_url(post):
    return reverse("posts:edit", args=[post.pk])


def send(client, post, **fields):
    return client.post(edit_url(post), {"title": "New title", "body": "New *words*", "action": "save", **fields})


def test_the_edit_form_holds_the_post_as_written(login, author, own_post):
    response = login(author).get(edit_url(own_post))
    page = response.content.decode()
    assert response.status_code == 200 and 'value="Old title"' in page and "Old *words*" in page


def test_the_author_edits_and_the_text_before_is_kept(login, author, own_post):
    activity = own_post.latest_activity_at
    response = send(login(author), own_post)
    own_post.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == own_post.get_absolute_url()
    assert own_post.title == "New title" and own_post.slug == "new-title"
    assert own_post.body_html == "<p>New <em>words</em></p>" and own_post.edited_at is not None
    assert own_post.latest_activity_at == activity  # an edit is not news
    (edit,) = PostEdit.objects.all()
    assert (edit.post, edit.edited_by, edit.title, edit.body) == (own_post, author, "Old title", "Old *words*")


def test_each_edit_adds_to_the_history(login, author, own_post):
    client = login(author)
    send(client, own_post, body="Second")
    PostEdit.objects.update(edited_at=timezone.now() - timedelta(minutes=1))  # past the pause
    send(client, own_post, body="Third")
    history = PostEdit.objects.order_by("edited_at", "id").values_list("body", flat=True)
    assert list(history) == ["Old *words*", "Second"]


def test_saving_unchanged_text_writes_no_history(login, author, own_post):
    response = send(login(author), own_post, title="Old title", body="Old *words*")
    assert response.status_code == 302 and not PostEdit.objects.exists()


def test_staff_edit_any_post(login, own_post):
    boss = make_user("boss", staff=True)
    assert send(login(boss), own_post).status_code == 302
    assert PostEdit.objects.get().edited_by == boss


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_member_cannot_edit(login, own_post, method):
    client = login(make_user())
    response = getattr(client, method)(edit_url(own_post), {"title": "Hijacked", "body": "x"})
    assert response.status_code == 404
    own_post.refresh_from_db()
    assert own_post.title == "Old title" and not PostEdit.objects.exists()


def test_logged_out_visitors_are_sent_to_log_in(client, own_post):
    response = client.post(edit_url(own_post), {"title": "Hijacked", "body": "x"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login") + "?next=")
    own_post.refresh_from_db()
    assert own_post.title == "Old title"


def test_an_author_cannot_edit_a_post_staff_removed(login, author, own_post):
    Post.objects.filter(pk=own_post.pk).update(status=Post.Status.REMOVED)
    assert send(login(author), own_post).status_code == 404


def test_no_such_post_is_a_404(login, author):
    assert login(author).get("/post/999999/edit").status_code == 404


def test_preview_of_an_edit_saves_nothing(login, author, own_post):
    response = send(login(author), own_post, body="**Maybe** this", action="preview")
    own_post.refresh_from_db()
    assert response.status_code == 200 and "<strong>Maybe</strong>" in response.content.decode()
    assert own_post.body == "Old *words*" and not PostEdit.objects.exists()


def test_an_edit_to_another_posts_title_is_refused_with_the_text_kept(login, author, own_post):
    make_post(title="Taken Title")
    response = send(login(author), own_post, title="taken title", body="Kept body")
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is already a post with this title" in page and "Kept body" in page
    own_post.refresh_from_db()
    assert own_post.title == "Old title" and not PostEdit.objects.exists()


def test_changing_only_the_case_of_ones_own_title_is_fine(login, author, own_post):
    assert send(login(author), own_post, title="OLD TITLE").status_code == 302


def test_the_thread_and_the_home_page_show_the_edit_at_once(client, login, author, own_post):
    assert "Old title" in client.get(own_post.get_absolute_url()).content.decode()  # cached for everyone
    assert "Old title" in client.get(reverse("posts:home")).content.decode()
    version = own_post.thread_version
    send(login(author), own_post)
    client.logout()
    own_post.refresh_from_db()
    assert own_post.thread_version > version
    assert "New <em>words</em>" in client.get(own_post.get_absolute_url(), follow=True).content.decode()
    home = client.get(reverse("posts:home")).content.decode()
    assert "New title" in home and "Old title" not in home


def test_a_title_that_would_slug_as_edit_does_not_hide_the_post(client, db):
    post = make_post(title="Edit")
    assert post.slug != "edit"
    assert client.get(post.get_absolute_url()).status_code == 200


# The admin


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("root", superuser=True))
    return client


def test_staff_see_the_history_in_the_admin(login, admin_client, author, own_post):
    PostEdit.objects.create(post=own_post, edited_by=author, title="Very old title", body="Very old words")
    page = admin_client.get(reverse("admin:posts_post_change", args=[own_post.pk])).content.decode()
    assert "edit history" in page.lower() and "Very old title" in page and "Very old words" in page
    listing = admin_client.get(reverse("admin:posts_postedit_changelist")).content.decode()
    assert "Very old title" in listing


def test_an_edit_in_the_admin_is_history_too(admin_client, own_post):
    now = timezone.localtime(own_post.created_at)
    response = admin_client.post(
        reverse("admin:posts_post_change", args=[own_post.pk]),
        {
            "title": "Admin title",
            "author": own_post.author_id,
            "body": "Admin words",
            "status": Post.Status.PUBLISHED,
            "created_at_0": now.strftime("%Y-%m-%d"),
            "created_at_1": now.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302
    edit = PostEdit.objects.get()
    assert (edit.title, edit.body, edit.edited_by.username) == ("Old title", "Old *words*", "root")


def test_the_history_in_the_admin_is_escaped(admin_client, author, own_post):
    PostEdit.objects.create(post=own_post, edited_by=author, title="<b>t</b>", body="<script>alert(1)</script>")
    page = admin_client.get(reverse("admin:posts_post_change", args=[own_post.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_the_admin_add_page_still_opens(admin_client):
    assert admin_client.get(reverse("admin:posts_post_add")).status_code == 200
    assert admin_client.get(reverse("admin:comments_comment_add")).status_code == 200


def test_edits_need_a_pause_between_them_and_keep_the_text(login, author, own_post):
    client = login(author)
    assert send(client, own_post, body="Second").status_code == 302
    response = send(client, own_post, body="Third, kept")
    assert response.status_code == 400 and "a moment ago" in response.content.decode()
    assert "Third, kept" in response.content.decode()
    assert PostEdit.objects.count() == 1


def test_a_new_member_cannot_add_a_link_by_editing(login):
    newcomer = make_user("newcomer", new=True)
    post = make_post(author=newcomer, title="Plain", body="Plain words")
    response = send(login(newcomer), post, title="Plain", body="Now see [this](https://spam.example/)")
    assert response.status_code == 400 and "wait for a moderator" in response.content.decode()
    post.refresh_from_db()
    assert post.body == "Plain words"


def test_an_edit_cannot_add_links_past_the_most(login, author, own_post, settings):
    settings.SPAM_MAX_LINKS = 2
    body = " ".join(f"[{n}](https://site{n}.example/)" for n in range(3))
    response = send(login(author), own_post, body=body)
    assert response.status_code == 400 and "2 sites at most" in response.content.decode()
    own_post.refresh_from_db()
    assert own_post.body == "Old *words*"
