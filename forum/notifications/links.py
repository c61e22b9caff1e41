"""Signed links in emails that stop emails without logging in: a member reads mail on a phone
where they are not logged in, and mail clients POST the List-Unsubscribe address themselves.

A link names one member and one thing to stop, signed with the site's secret (django.core.signing):
nobody can make a link for another member or another switch, and a link does nothing but stop.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

from accounts.site import on_site
from forum.posts.models import Post
from forum.watches.models import Watch

from .models import EmailSettings

SALT = "forum.notifications.stop"
MENTIONS = "mentions"  # User.summonable, not an EmailSettings switch
UNWATCH = "unwatch"
SWITCHES = {**EmailSettings.EMAIL_SWITCHES, MENTIONS: "emails when someone @mentions you"}


@dataclass(frozen=True)
class Stop:
    """What one link stops: a switch of the member's, or their watch of one post."""

    user: object
    switch: str = ""
    post: Post | None = None

    @property
    def what(self):
        if self.post is not None:
            return f"emails of new comments on “{self.post.title}”"
        return SWITCHES[self.switch]

    def url(self):
        payload = [self.user.pk, UNWATCH, self.post.pk] if self.post is not None else [self.user.pk, self.switch]
        return on_site(reverse("notifications:stop", args=[signing.dumps(payload, salt=SALT)]))

    def apply(self):
        if self.post is not None:
            Watch.objects.filter(user=self.user, post=self.post).delete()
        elif self.switch == MENTIONS:
            get_user_model().objects.filter(pk=self.user.pk).update(summonable=False)
        else:
            EmailSettings.switch_off(self.user, self.switch)


def stop_from_token(token):
    """The Stop a link's token names, or None for a forged, damaged or outdated one."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    match payload:
        case [int(user_id), str(switch)] if switch in SWITCHES:
            post_id = None
        case [int(user_id), "unwatch", int(post_id)]:
            switch = ""
        case _:
            return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    if post_id is None:
        return Stop(user, switch=switch)
    post = Post.objects.filter(pk=post_id).only("id", "title", "slug").first()
    return Stop(user, post=post) if post else None
