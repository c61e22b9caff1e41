"""What other apps tell the notifications app happened. Each is called inside the transaction of
the change that causes it, so the emails it enqueues exist exactly when the change does."""


def post_published(post):
    """A member's new post is visible: its author's followers may be emailed."""


def comment_published(comment):
    """A comment became visible to everyone (posted approved, or approved later): the post's
    watchers and the members it @mentions may be emailed."""


def member_followed(follower, followed):
    """follower now follows followed: followed may be emailed."""
