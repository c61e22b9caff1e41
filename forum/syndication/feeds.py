"""RSS and Atom feeds (Django's syndication framework): the site's new posts, a member's posts, a
member's comments, a thread's comments. Public: the logged-out view (public.py), the same for
every reader, so views.py serves them from the page cache. Every address in them is absolute, on
the site's configured address (SITE_URL), never the Host header of whoever asked first."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from accounts.models import User
from forum.threads.pages import comment_page_url

from .html import absolute_links
from .public import public_comments, public_posts

# Enough for a reader polling every few minutes to miss nothing on a busy day, few enough that a
# feed stays a small, quick document.
FEED_ITEMS = 30


def absolute(path):
    return settings.SITE_URL + path


def _profile(member):
    """A writer's profile, while there is one (a deleted member's is gone)."""
    return absolute(member.get_absolute_url()) if member.is_active else None


def _posts(posts):
    return list(posts.newest_first().select_related("author").defer("body", "author__about")[:FEED_ITEMS])


def _comments(comments):
    return comments.select_related("post", "author", "anonymous").defer(
        "body", "post__body", "post__body_html", "post__excerpt", "author__about"
    )


class _ForumFeed(Feed):
    """What every feed here has in common: absolute links, dates, authors, HTML bodies."""

    url_name = ""  # the feed's own URL name, in the syndication namespace

    def feed_url(self, obj):
        return absolute(reverse(f"syndication:{self.url_name}", kwargs=self.url_kwargs(obj)))

    def url_kwargs(self, obj):
        return {}

    def item_title(self, item):
        return str(item)  # text, escaped once by the feed's writer

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_description(self, item):
        return absolute_links(item.body_html, self.item_link(item))

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.edited_at or item.created_at


class _PostItems:
    def item_guid(self, item):
        # The slug follows the title: an edited title must not make the post new to readers.
        return absolute(reverse("threads:post-short", args=[item.pk]))

    def item_author_name(self, item):
        return item.author.username

    def item_author_link(self, item):
        return _profile(item.author)


class _CommentItems:
    def item_title(self, comment):
        return f"{comment.writer_name} on {comment.post.title}"

    def item_link(self, comment):
        return absolute(comment_page_url(comment.post, comment))

    def item_guid(self, comment):
        return absolute(comment.get_absolute_url())

    def item_author_name(self, comment):
        return comment.writer_name

    def item_author_link(self, comment):
        return _profile(comment.author) if comment.author_id else None


class NewPosts(_PostItems, _ForumFeed):
    url_name = "posts"

    def title(self):
        return f"{settings.SITE_NAME}: new posts"

    def link(self):
        return absolute(reverse("posts:home"))

    def description(self):
        return f"The newest posts on {settings.SITE_NAME}."

    def items(self):
        return _posts(public_posts())


class MemberPosts(_PostItems, _ForumFeed):
    url_name = "member-posts"

    def get_object(self, request, username):
        return get_object_or_404(User.objects.named(username), is_active=True)

    def url_kwargs(self, member):
        return {"username": member.username}

    def title(self, member):
        return f"{settings.SITE_NAME}: posts by {member.username}"

    def link(self, member):
        return absolute(member.get_absolute_url())

    def description(self, member):
        return f"The newest posts by {member.username} on {settings.SITE_NAME}."

    def items(self, member):
        return _posts(public_posts().filter(author=member))


class MemberComments(_CommentItems, _ForumFeed):
    url_name = "member-comments"

    def get_object(self, request, username):
        return get_object_or_404(User.objects.named(username), is_active=True)

    def url_kwargs(self, member):
        return {"username": member.username}

    def title(self, member):
        return f"{settings.SITE_NAME}: comments by {member.username}"

    def link(self, member):
        return absolute(member.get_absolute_url())

    def description(self, member):
        return f"The newest comments by {member.username} on {settings.SITE_NAME}."

    def items(self, member):
        comments = public_comments().filter(author=member).order_by("-created_at", "-id")
        return list(_comments(comments)[:FEED_ITEMS])


class ThreadComments(_CommentItems, _ForumFeed):
    url_name = "thread"

    def get_object(self, request, pk):
        return get_object_or_404(public_posts().defer("body"), pk=pk)

    def url_kwargs(self, post):
        return {"pk": post.pk}

    def title(self, post):
        return f"{settings.SITE_NAME}: comments on {post.title}"

    def link(self, post):
        return absolute(post.get_absolute_url())

    def description(self, post):
        return post.excerpt or post.title

    def items(self, post):
        # The newest through the (post, number) index; the thread's post is the one read already.
        comments = public_comments().filter(post=post).order_by("-number")
        found = list(comments.select_related("author", "anonymous").defer("body", "author__about")[:FEED_ITEMS])
        for comment in found:
            comment.post = post
        return found


def atom(feed_class):
    """The Atom twin of an RSS feed class: the same items, the description as its subtitle."""

    class AtomFeed(feed_class):
        feed_type = Atom1Feed
        url_name = f"{feed_class.url_name}-atom"

        def subtitle(self, obj=None):
            return self._get_dynamic_attr("description", obj)

    AtomFeed.__name__ = AtomFeed.__qualname__ = f"{feed_class.__name__}Atom"
    return AtomFeed
