from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.comments.editing import comment_edit_by
from forum.comments.models import Comment
from forum.comments.services import comments_set_status
from forum.posts.models import Post
from forum.posts.services import post_toggle_nsfw
from tests.factories import make_anonymous, make_comment, make_post, make_posts, make_thread, make_user

from .conftest import ATOM

pytestmark = pytest.mark.django_db
SITE = "http://testserver"  # tests/settings.py SITE_URL


def titles(items):
    return [item["title"] for item in items]


def test_the_site_feed_lists_new_posts_newest_first_with_everything_a_reader_needs(rss):
    older, newer = make_posts(2)
    channel, items = rss(reverse("syndication:posts"))
    assert channel.findtext("title") == "patrick.net: new posts"
    assert channel.findtext("link") == f"{SITE}/"
    assert titles(items) == [newer.title, older.title]
    item = items[0]
    assert item["link"] == f"{SITE}/post/{newer.pk}/{newer.slug}"
    assert item["guid"] == f"{SITE}/post/{newer.pk}"  # kept when the title (and slug) change
    assert item["{http://purl.org/dc/elements/1.1/}creator"] == newer.author.username
    assert item["description"] == newer.body_html
    assert item["pubDate"]


def test_rss_and_feed_are_the_same_feed_and_atom_has_the_same_entries(client, rss, atom):
    older, newer = make_posts(2)
    _, at_feed = rss(reverse("syndication:posts"))
    _, at_rss = rss("/rss")
    root, entries = atom(reverse("syndication:posts-atom"))
    assert at_feed == at_rss
    assert titles(entries) == [newer.title, older.title]
    assert entries[0]["id"] == f"{SITE}/post/{newer.pk}"
    assert entries[0]["author"] == newer.author.username
    assert entries[0]["summary"] == newer.body_html
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{SITE}/feed/atom"


def test_feeds_leave_out_held_removed_and_nsfw_posts(rss):
    shown = make_post(title="Shown to the world")
    make_post(title="Held for a look", status=Post.Status.HELD)
    make_post(title="Removed by staff", status=Post.Status.REMOVED)
    make_post(title="Not safe for work", is_nsfw=True)
    assert titles(rss(reverse("syndication:posts"))[1]) == [shown.title]


def test_relative_links_and_images_in_a_body_become_absolute(rss):
    author = make_user("writer")
    post = make_post(
        author=author,
        body="Ask @writer, see [the rules](/moderation), ![a chart](/media/uploads/c.png), "
        "[elsewhere](https://example.com/x?a=1&b=2) and [a note](#fn).",
    )
    description = rss(reverse("syndication:posts"))[1][0]["description"]
    assert f'href="{SITE}/user/writer"' in description
    assert f'href="{SITE}/moderation"' in description
    assert f'src="{SITE}/media/uploads/c.png"' in description
    assert 'href="https://example.com/x?a=1&amp;b=2"' in description
    assert f'href="{SITE}/post/{post.pk}/{post.slug}#fn"' in description


def test_text_that_looks_like_a_link_is_left_alone(rss):
    make_post(body='Type href="/x" and src="/y" in a sentence.')
    description = rss(reverse("syndication:posts"))[1][0]["description"]
    assert SITE not in description


def test_a_title_with_markup_characters_is_plain_text_in_the_feed(rss, atom):
    post = make_post(title="Rent < income & <b>prices</b>")
    assert titles(rss(reverse("syndication:posts"))[1]) == [post.title]
    assert titles(atom(reverse("syndication:posts-atom"))[1]) == [post.title]


def test_a_members_posts_feed_holds_only_their_public_posts(rss):
    member, other = make_user("writer"), make_user()
    theirs = make_post(author=member, title="Mine")
    make_post(author=member, title="Mine but NSFW", is_nsfw=True)
    make_post(author=member, title="Mine but held", status=Post.Status.HELD)
    make_post(author=other, title="Someone else's")
    channel, items = rss(reverse("syndication:member-posts", args=["WRITER"]))  # any case, as profiles
    assert titles(items) == [theirs.title]
    assert channel.findtext("link") == f"{SITE}/user/writer"


def test_a_members_comments_feed_shows_only_what_the_world_sees(rss, atom):
    member = make_user("talker")
    post = make_post(title="Open thread")
    nsfw = make_post(title="Racy thread", is_nsfw=True)
    held_post = make_post(title="Held thread", status=Post.Status.HELD)
    shown = make_comment(post, author=member, body="My approved words.")
    make_comment(post, author=member, body="Waiting words.", status=Comment.Status.PENDING)
    make_comment(post, author=member, body="Spammy words.", status=Comment.Status.SPAM)
    make_comment(post, author=member, body="Flagged words.", status=Comment.Status.FLAGGED)
    deleted = make_comment(post, author=member, body="Deleted words.")
    Comment.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())
    make_comment(nsfw, author=member, body="Words on a racy post.")
    make_comment(held_post, author=member, body="Words on a held post.")
    make_comment(post, body="Someone else's words.")

    channel, items = rss(reverse("syndication:member-comments", args=["talker"]))
    assert titles(items) == ["talker on Open thread"]
    assert items[0]["description"] == shown.body_html
    assert items[0]["link"] == f"{SITE}/post/{post.pk}/{post.slug}?page=1#comment-{shown.pk}"
    assert items[0]["guid"] == f"{SITE}/comment/{shown.pk}"
    _, entries = atom(reverse("syndication:member-comments-atom", args=["talker"]))
    assert titles(entries) == ["talker on Open thread"]


def test_a_threads_feed_has_its_newest_public_comments_by_members_and_visitors(rss):
    post = make_post(title="Busy thread", created_at=timezone.now() - timedelta(days=1))
    make_thread(post, 35)  # a minute apart from the post's creation: all before the next ones
    visitor = make_anonymous()
    last = make_comment(post, anonymous=visitor, body="An anonymous last word.")
    make_comment(post, author=make_user(), body="Waiting.", status=Comment.Status.PENDING)
    held = make_comment(post, author=make_user(), body="Personal attack.")
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.PERSONAL_ATTACK)

    channel, items = rss(reverse("syndication:thread", args=[post.pk]))
    assert channel.findtext("link") == f"{SITE}/post/{post.pk}/{post.slug}"
    assert len(items) == 30
    assert items[0]["title"] == f"{visitor.name} on Busy thread"
    assert items[0]["{http://purl.org/dc/elements/1.1/}creator"] == visitor.name
    assert items[0]["guid"] == f"{SITE}/comment/{last.pk}"
    assert "Personal attack" not in str(items) and "Waiting." not in str(items)
    assert items[1]["description"] == "<p>Comment 35 in the thread.</p>"


@pytest.mark.parametrize("kind", ["held", "removed", "nsfw"])
def test_a_thread_the_world_may_not_read_has_no_feed(client, kind):
    fields = {"is_nsfw": True} if kind == "nsfw" else {"status": kind}
    post = make_post(**fields)
    make_comment(post)
    assert client.get(reverse("syndication:thread", args=[post.pk])).status_code == 404
    assert client.get(reverse("syndication:thread-atom", args=[post.pk])).status_code == 404


def test_a_deleted_or_unknown_member_has_no_feed(client):
    gone = make_user("gone", active=False)
    for name in ("gone", "nobody-at-all", "x" * 300):
        assert client.get(reverse("syndication:member-posts", args=[name])).status_code == 404
        assert client.get(reverse("syndication:member-comments", args=[name])).status_code == 404
    assert gone.is_active is False


def test_an_edited_post_says_when_it_was_updated(atom):
    post = make_post()
    edited = post.created_at + timedelta(hours=2)
    Post.objects.filter(pk=post.pk).update(edited_at=edited)
    entry = atom(reverse("syndication:posts-atom"))[1][0]
    assert entry["updated"] == edited.isoformat()
    assert entry["published"] == post.created_at.isoformat()


def test_feeds_are_cached_for_a_few_minutes_and_answer_only_get_and_head(client):
    make_post()
    response = client.get(reverse("syndication:posts"))
    assert "max-age=300" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert "Set-Cookie" not in str(response.headers) and not response.cookies
    assert client.head(reverse("syndication:posts")).status_code == 200
    assert client.post(reverse("syndication:posts")).status_code == 405


def test_a_stored_feed_shows_a_new_post_and_a_new_comment_at_once(rss):
    post = make_post(title="First")
    assert titles(rss(reverse("syndication:posts"))[1]) == ["First"]
    make_post(title="Second")
    assert titles(rss(reverse("syndication:posts"))[1]) == ["Second", "First"]
    assert rss(reverse("syndication:thread", args=[post.pk]))[1] == []
    make_comment(post, body="Fresh words.")
    assert titles(rss(reverse("syndication:thread", args=[post.pk]))[1]) == [
        f"{Comment.objects.get().writer_name} on First"
    ]


def test_a_stored_thread_feed_drops_a_comment_a_moderator_holds(rss):
    post = make_post(title="Thread")
    comment = make_comment(post, body="Soon held.")
    assert len(rss(reverse("syndication:thread", args=[post.pk]))[1]) == 1
    comments_set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.SPAM)
    assert rss(reverse("syndication:thread", args=[post.pk]))[1] == []


def test_a_stored_thread_feed_shows_an_edited_comment_at_once(rss):
    post = make_post(title="Thread")
    writer = make_user()
    comment = make_comment(post, author=writer, body="Frist words.")
    assert "Frist" in rss(reverse("syndication:thread", args=[post.pk]))[1][0]["description"]
    comment_edit_by(comment, by=writer, body="First words.", links_allowed=True)
    assert rss(reverse("syndication:thread", args=[post.pk]))[1][0]["description"] == "<p>First words.</p>"


def test_a_post_turned_nsfw_leaves_the_stored_site_feed(rss, client):
    post = make_post(title="Soon NSFW")
    assert titles(rss(reverse("syndication:posts"))[1]) == ["Soon NSFW"]
    post_toggle_nsfw(post=post, by=make_user(staff=True))
    assert rss(reverse("syndication:posts"))[1] == []
    assert client.get(reverse("syndication:thread", args=[post.pk])).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        lambda world: reverse("syndication:posts"),
        lambda world: reverse("syndication:member-posts", args=[world["member"].username]),
        lambda world: reverse("syndication:member-comments", args=[world["member"].username]),
        lambda world: reverse("syndication:thread", args=[world["post"].pk]),
        lambda world: reverse("syndication:thread-atom", args=[world["post"].pk]),
    ],
)
def test_feed_queries_do_not_grow_with_items(client, django_assert_max_num_queries, url):
    member = make_user()
    posts = [make_post(author=member) for _ in range(FEED_COUNT)]
    post = posts[0]
    for index in range(FEED_COUNT):
        make_comment(
            posts[index % 3], author=member if index % 2 else None, anonymous=None if index % 2 else make_anonymous()
        )
    address = url({"member": member, "post": post})
    with django_assert_max_num_queries(5):  # the object, the items, the page cache's read and write
        assert client.get(address).status_code == 200
    with django_assert_max_num_queries(2):  # stored: the object and the page cache
        assert client.get(address).status_code == 200


FEED_COUNT = 35
