"""Each kind of notification email: who may still get it (recipients.py, asked again at sending
time) and what it says. A builder returns None when the email is no longer wanted: the comment
was held or deleted meanwhile, the member switched it off, stopped watching, or left."""

from django.contrib.auth import get_user_model

from accounts.site import on_site
from forum.comments.models import Comment
from forum.posts.models import Post

from . import recipients
from .emails import absolute_links, notification_email
from .links import MENTIONS, Stop
from .mentions import mentioned_names
from .moderators import flagged_comment_email


def _published_comment(comment_id):
    comments = Comment.objects.select_related("post", "author", "anonymous")
    return comments.filter(pk=comment_id, status=Comment.Status.APPROVED, post__status=Post.Status.PUBLISHED).first()


def _published_post(post_id):
    return Post.objects.select_related("author").filter(pk=post_id, status=Post.Status.PUBLISHED).first()


def comment_on_watched_post(recipient_id, comment_id):
    comment = _published_comment(comment_id)
    recipient = comment and recipients.watchers_of(comment).filter(pk=recipient_id).first()
    if not recipient:
        return None
    return notification_email(
        template="comment",
        recipient=recipient,
        context={
            "comment": comment,
            "body_html": absolute_links(comment.body_html),
            "post": comment.post,
            "url": on_site(comment.get_absolute_url()),
            "unwatch_url": Stop(recipient, post=comment.post).url(),
        },
        unsubscribe=Stop(recipient, switch="watched_comments"),
    )


def post_by_followed_member(recipient_id, post_id):
    post = _published_post(post_id)
    recipient = post and recipients.followers_of(post).filter(pk=recipient_id).first()
    if not recipient:
        return None
    return notification_email(
        template="post",
        recipient=recipient,
        context={"post": post, "url": on_site(post.get_absolute_url())},
        unsubscribe=Stop(recipient, switch="followed_posts"),
    )


def new_follower(recipient_id, follower_id):
    follower = get_user_model().objects.filter(pk=follower_id, is_active=True).first()
    recipient = follower and recipients.followed_member(follower_id, recipient_id).first()
    if not recipient:
        return None
    return notification_email(
        template="follower",
        recipient=recipient,
        context={"follower": follower, "url": on_site(follower.get_absolute_url())},
        unsubscribe=Stop(recipient, switch="new_follower"),
    )


def mention_in_comment(recipient_id, comment_id):
    comment = _published_comment(comment_id)
    return comment and _mention(recipient_id, comment, comment.post, comment.author_id, comment.writer_name)


def mention_in_post(recipient_id, post_id):
    post = _published_post(post_id)
    return post and _mention(recipient_id, post, post, post.author_id, post.author.username)


def _mention(recipient_id, item, post, writer_id, writer_name):
    recipient = recipients.mentioned_in(mentioned_names(item.body_html), writer_id).filter(pk=recipient_id).first()
    if not recipient:
        return None
    return notification_email(
        template="mention",
        recipient=recipient,
        context={
            "item": item,
            "body_html": absolute_links(item.body_html),
            "post": post,
            "writer_name": writer_name,
            "url": on_site(item.get_absolute_url()),
        },
        unsubscribe=Stop(recipient, switch=MENTIONS),
    )


BUILDERS = {
    "comment": comment_on_watched_post,
    "post": post_by_followed_member,
    "follower": new_follower,
    "mention_comment": mention_in_comment,
    "mention_post": mention_in_post,
    "flagged": flagged_comment_email,
}
