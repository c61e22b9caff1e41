"""Who is emailed about what: one queryset per kind of email, asked twice, by the job that fans
an event out into one email job per member and again by each of those jobs just before sending,
so that a member who stopped watching, switched an email off or started ignoring the writer in
between gets nothing."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower


def reachable_members():
    """Active members whose address is verified: nobody can sign up with someone else's address
    and have the forum mail them."""
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True)
    return get_user_model().objects.filter(is_active=True, email__gt="").filter(Exists(verified))


def not_ignoring(members, writer_id):
    """Without those who ignore the writer (an anonymous writer, None, is ignored by nobody)."""
    if writer_id is None:
        return members
    return members.exclude(pk=writer_id).exclude(ignoring_set__ignored_id=writer_id)


def watchers_of(comment):
    """Who hears of a new comment on a watched post."""
    members = reachable_members().filter(watches__post_id=comment.post_id)
    return not_ignoring(members.exclude(email_settings__watched_comments=False), comment.author_id)


def followers_of(post):
    """Who hears of a member's new post."""
    members = reachable_members().filter(following_set__followed_id=post.author_id)
    return not_ignoring(members.exclude(email_settings__followed_posts=False), post.author_id)


def followed_member(follower_id, followed_id):
    """The member who hears they have a new follower: while the follow lasts, they want to and
    they do not ignore the follower."""
    members = reachable_members().filter(pk=followed_id, follower_set__follower_id=follower_id)
    return not_ignoring(members.exclude(email_settings__new_follower=False), follower_id)


def mentioned_in(names, writer_id):
    """The members named (lower-cased names, mentions.py) who may be summoned."""
    members = reachable_members().filter(summonable=True)
    members = members.alias(lower_name=Lower("username")).filter(lower_name__in=names)
    return not_ignoring(members, writer_id)
