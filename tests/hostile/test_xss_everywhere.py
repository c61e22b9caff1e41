"""The XSS corpus of tests/markup through every place the site shows what someone typed.

Each vector is stored where a writer can put it (a post's title and body, a comment, a member's
about; usernames and anonymous names too, as an admin's rename or a generated name could hold
them), bodies through the real render path (set_body, set_about), and then every page, feed,
email and admin screen that shows it is fetched and read as a browser would read it
(conftest.page_problems): nothing may run but the site's own static scripts. Titles and names,
shown as text, must also come out escaped exactly once. Many vectors share a page (a list of 20
posts, a thread of 20 comments), so the corpus is covered in a few hundred requests.
"""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import Follow
from forum.anonymous.models import AnonymousIdentity
from forum.comments.models import Comment
from forum.comments.services import post_recount_comments
from forum.core.pagecache import sitewide_changed
from forum.notifications import messages
from forum.posts.models import Post
from forum.watches.models import Watch
from tests.factories import make_user

from .conftest import VECTORS, assert_page_safe, one_line, page_problems

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
COMMENTS_PER_THREAD = 20
VECTORS_PER_ABOUT = 8
# Each post's body holds this many vectors one after the other, and its title all of them on a line.
VECTORS_PER_POST = 4
# Names as they could be stored: no "/" (the profile's address could not hold it; see
# test_an_admin_cannot_rename_a_member_to_markup) and within the column's 150 characters.
HOSTILE_USERNAMES = sorted(
    {text.strip() for _, text in VECTORS if "/" not in text and "<" in text and len(text.strip()) <= 150}
)[:30]
# anon_ names are generated, but the column takes any 20 characters.
HOSTILE_ANONYMOUS_NAMES = [
    "<script>alert(1)", '"><svg onload=1>', "<img src=x onerror=", "javascript:alert(1)", "'\"><b>x</b>",
    "<iframe src=//e.x>", "&lt;script&gt;", "</textarea><b>",
]  # fmt: skip


def test_the_corpus_is_the_markup_corpus_and_large():
    assert len(VECTORS) >= 200
    assert len(HOSTILE_USERNAMES) >= 20


def test_the_judge_catches_what_runs():
    for unsafe in [
        "<script>alert(1)</script>",
        '<script src="https://evil.example/x.js"></script>',
        '<script src="//evil.example/x.js"></script>',
        '<p><img src=x onerror="alert(1)"></p>',
        '<a href=" java\tscript:alert(1)">x</a>',
        '<a href="data:text/html,<b>x</b>">x</a>',
        '<iframe src="https://evil.example/"></iframe>',
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        '<svg onload="alert(1)"></svg>',
        '<form><button formaction="javascript:alert(1)">x</button></form>',
    ]:
        assert page_problems(unsafe), unsafe
    safe = '<script src="/static/js/forum.js" defer></script><p>&lt;script&gt;</p><a href="/x">x</a>'
    assert page_problems(safe) == []


class Hostile:
    """The rows: members named with markup, each with an about of several vectors; a post for
    each vector (its title and body); 20 comments a thread, each a vector, by those members and by
    anonymous visitors named with markup."""

    def __init__(self):
        earlier = timezone.now() - timedelta(days=1)
        self.admin = make_user("hostile_admin", superuser=True)
        self.reader = make_user("hostile_reader")
        self.members = []
        for name in HOSTILE_USERNAMES:
            try:
                with transaction.atomic():  # two names may share a skeleton: keep the first
                    self.members.append(make_user(name, email=f"m{len(self.members)}@example.com"))
            except IntegrityError:
                continue
        abouts = [VECTORS[i : i + VECTORS_PER_ABOUT] for i in range(0, len(VECTORS), VECTORS_PER_ABOUT)]
        writers = self.members + [make_user() for _ in range(len(abouts) - len(self.members))]
        for member, vectors in zip(writers, abouts, strict=False):
            member.set_about("\n\n".join(text for _, text in vectors)[: get_user_model().ABOUT_MAX])
            member.save(update_fields=["about", "about_html"])
        self.writers = writers
        self.anonymous = [
            AnonymousIdentity.objects.create(name=name, digest=f"hostile-{index}")
            for index, name in enumerate(HOSTILE_ANONYMOUS_NAMES)
        ]
        self.posts = []
        for index in range(0, len(VECTORS), VECTORS_PER_POST):
            texts = [text for _, text in VECTORS[index : index + VECTORS_PER_POST]]
            post = Post(author=writers[len(self.posts) % len(writers)], created_at=earlier + timedelta(seconds=index))
            post.set_title(f"{one_line(' '.join(texts), Post.TITLE_MAX - 6)} #{index}")
            post.set_body("\n\n".join(texts))
            post.latest_activity_at = post.created_at
            self.posts.append(post)
        Post.objects.bulk_create(self.posts)
        self.threads = self.posts[: -(-len(VECTORS) // COMMENTS_PER_THREAD)]
        self.comments = []
        for index, (_, text) in enumerate(VECTORS):
            post = self.threads[index // COMMENTS_PER_THREAD]
            comment = Comment(post=post, created_at=earlier + timedelta(minutes=10, seconds=index), like_count=1)
            if index % 2:
                comment.anonymous = self.anonymous[(index // 2) % len(self.anonymous)]
            else:
                comment.author = writers[(index // 2) % len(writers)]
            comment.set_body(text)
            self.comments.append(comment)
        Comment.objects.bulk_create(self.comments)
        for post in self.threads:
            post_recount_comments(post.pk)
        sitewide_changed()

    def texts(self):
        """Titles and names: shown as text wherever they appear."""
        return [post.title for post in self.posts] + [m.username for m in self.members] + HOSTILE_ANONYMOUS_NAMES


@pytest.fixture
def hostile():
    return Hostile()


@pytest.fixture
def admin_client(hostile):
    client = Client()
    client.force_login(hostile.admin)
    return client


def _readers(hostile):
    member = Client()
    member.force_login(hostile.reader)
    return {"logged out": Client(), "member": member}


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _escaped_once(html, text, where):
    """`text` shown as text: escaped, and never as it was typed when that would be markup."""
    assert escape(text) in html, (where, text)
    if "<" in text:
        assert text not in html, (where, text)


def test_lists_of_posts(hostile):
    pages = -(-len(hostile.posts) // 20)
    for who, client in _readers(hostile).items():
        seen = ""
        for page in range(1, pages + 1):
            html = _get(client, f"{reverse('posts:home')}?page={page}")
            assert_page_safe(html, f"home page {page} ({who})")
            seen += html
        for post in hostile.posts:
            _escaped_once(seen, post.title, f"home ({who})")
        for tab in Post.TABS:
            if tab != "active":
                assert_page_safe(_get(client, reverse("posts:tab", args=[tab])), f"tab {tab} ({who})")
        assert_page_safe(_get(client, f"{reverse('posts:old')}?years_ago=0"), f"old ({who})")


def test_post_pages_and_their_head(hostile):
    logged_out = Client()
    for post in hostile.posts:
        html = _get(logged_out, post.get_absolute_url())
        assert_page_safe(html, f"post {post.title!r}")
        _escaped_once(html, post.title, "post page")
        head = html.split("</head>", 1)[0]
        assert f'<meta property="og:title" content="{escape(post.title)}">' in head
        assert post.excerpt == "" or f'content="{escape(post.excerpt)}"' in head


def test_threads_of_hostile_comments_for_each_reader(hostile):
    readers = {**_readers(hostile), "admin": Client()}
    readers["admin"].force_login(hostile.admin)
    for who, client in readers.items():
        seen = ""
        for post in hostile.threads:
            html = _get(client, post.get_absolute_url())
            assert_page_safe(html, f"thread {post.pk} ({who})")
            seen += html
        for name in [member.username for member in hostile.members] + HOSTILE_ANONYMOUS_NAMES:
            _escaped_once(seen, name, f"threads ({who})")


def test_comment_lists(hostile):
    pages = -(-len(hostile.comments) // 20)
    for who, client in _readers(hostile).items():
        for name in ("comments:list", "comments:best", "comments:best-all"):
            for page in range(1, pages + 1):
                assert_page_safe(_get(client, f"{reverse(name)}?page={page}"), f"{name} {page} ({who})")
        for name in [member.username for member in hostile.members[:5]] + HOSTILE_ANONYMOUS_NAMES[:3]:
            response = client.get(reverse("comments:list"), {"a": name})
            assert response.status_code in (200, 404), name  # 404: no writer of that name (after normalizing)
            assert_page_safe(response.content, f"comments of {name!r} ({who})")


def test_profiles(hostile):
    for who, client in _readers(hostile).items():
        for member in hostile.writers:
            html = _get(client, member.get_absolute_url())
            assert_page_safe(html, f"profile of {member.username!r} ({who})")
            if member in hostile.members:
                _escaped_once(html, member.username, "profile")


def _feed_texts(response):
    """Every text of a feed, and the HTML bodies in it as a reader would render them."""
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # well-formed, or this raises
    texts, bodies = [], []
    channel = root.find("channel")
    channel_texts = set() if channel is None else set(channel.findall("description"))
    channel_texts |= set(root.findall(f"{ATOM}subtitle"))
    for element in root.iter():
        tag = element.tag.removeprefix(ATOM)
        # The channel's own description is a line of text about it (a member's name in it, as
        # typed): only the items' bodies are HTML.
        if tag in ("description", "content", "summary") and element not in channel_texts:
            bodies.append(element.text or "")
        elif tag in ("title", "name"):
            texts.append(element.text or "")
    return texts, bodies


def test_feeds(hostile):
    client = Client()
    urls = [reverse("syndication:posts"), reverse("syndication:posts-atom"), reverse("syndication:posts-rss")]
    for member in hostile.members:
        for name in ("member-posts", "member-posts-atom", "member-comments", "member-comments-atom"):
            urls.append(reverse(f"syndication:{name}", args=[member.username]))
    for post in hostile.threads:
        urls += [reverse("syndication:thread", args=[post.pk]), reverse("syndication:thread-atom", args=[post.pk])]
    titles = set()
    for url in urls:
        texts, bodies = _feed_texts(client.get(url))
        titles.update(texts)
        for body in bodies:  # an item's HTML, as readers render it
            assert_page_safe(body, f"a body in {url}")
    # Titles are text, escaped once for XML: the parser gives back exactly what was typed.
    assert {post.title for post in hostile.posts[-30:]} <= titles
    assert {member.username for member in hostile.members} <= titles


def _emails(hostile):
    recipient = hostile.reader
    for post in hostile.threads:
        Watch.objects.create(user=recipient, post=post)
    for member in hostile.members:
        Follow.objects.create(follower=recipient, followed=member)
        Follow.objects.create(follower=member, followed=recipient)
    for comment in hostile.comments:
        yield messages.comment_on_watched_post(recipient.pk, comment.pk)
    for post in hostile.posts:
        if post.author in hostile.members:
            yield messages.post_by_followed_member(recipient.pk, post.pk)
    for member in hostile.members:
        yield messages.new_follower(recipient.pk, member.pk)


def test_notification_emails(hostile):
    sent = 0
    for email in _emails(hostile):
        assert email is not None
        assert "\n" not in email.subject and "\r" not in email.subject
        [(html, kind)] = email.alternatives
        assert kind == "text/html"
        assert_page_safe(html, f"email {email.subject!r}")
        sent += 1
    assert sent >= len(hostile.comments) + len(hostile.members)


def test_admin_changelists_and_change_pages(hostile, admin_client):
    for model in ("posts/post", "comments/comment", "accounts/user", "anonymous/anonymousidentity"):
        url = f"/admin/{model}/"
        count = 0
        page = 1
        while True:
            html = _get(admin_client, f"{url}?p={page}")
            assert_page_safe(html, f"admin {url} page {page}")
            count += html.count('class="action-select"')
            if count == 0 or f"?p={page + 1}" not in html:
                break
            page += 1
        assert count, url
    changes = [
        # A sample of each: the change forms show the same fields for every row.
        *(f"/admin/posts/post/{post.pk}/change/" for post in hostile.posts[::6]),
        *(f"/admin/comments/comment/{comment.pk}/change/" for comment in hostile.comments[::12]),
        *(f"/admin/accounts/user/{member.pk}/change/" for member in hostile.writers[::3]),
        *(f"/admin/anonymous/anonymousidentity/{identity.pk}/change/" for identity in hostile.anonymous),
    ]
    for url in changes:
        assert_page_safe(_get(admin_client, url), url)


def test_an_admin_cannot_rename_a_member_to_markup(hostile, admin_client):
    """The admin's form keeps names to letters, digits and @.+-_ (Django's username validator): a
    name with '<' or '/' never reaches a page or an address."""
    member = hostile.reader
    url = f"/admin/accounts/user/{member.pk}/change/"
    form = {
        "username": "<script>alert(1)</script>",
        "email": member.email,
        "trust_level": member.trust_level,
        "date_joined_0": "2020-01-01",
        "date_joined_1": "00:00:00",
        "is_active": "on",
    }
    response = admin_client.post(url, form)
    assert response.status_code == 200  # the form again, with its error
    member.refresh_from_db()
    assert member.username == "hostile_reader"


def test_the_search_page_echoes_the_query_as_text(hostile, settings):
    settings.SEARCHES_PER_NETWORK_PER_MINUTE = 1000  # every vector from one address (tests/search/test_limits.py)
    client = Client()
    for _, text in VECTORS:
        query = one_line(text, 200)
        response = client.get(reverse("search:search"), {"q": query})
        assert response.status_code in (200, 400), (query, response.status_code)
        html = response.content.decode()
        assert_page_safe(html, f"search for {query!r}")
        if "<" in query:
            assert query not in html, query
