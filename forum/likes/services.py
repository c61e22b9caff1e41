"""Voting: the Like row and the item's counts, changed together."""

from django.db import connection, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from forum.comments.models import Comment
from forum.posts.models import Post

from .models import Like


def vote(user, item, wanted):
    """The member's vote on item (a Post or a Comment) after pressing `wanted` (Like.Vote):
    pressing the vote they already gave takes it back, pressing the other changes it. Returns the
    vote now in force, or None. Safe against the same member pressing twice at once (a double
    click): the second press waits for the first, then sees what it left."""
    target = _target(item)
    with transaction.atomic():
        # Two presses queue here, not on their Like row: the first may delete it, and a press
        # that waited on a row that is gone would find nothing to change.
        _lock(f"vote:{user.pk}:{_kind(item)}:{item.pk}")
        row = Like.objects.select_for_update().filter(user=user, **target).first()
        before = row.vote if row else 0
        after = 0 if before == wanted else wanted
        if after and row:
            row.vote = after
            row.save(update_fields=["vote", "created_at"])
        elif after:
            Like.objects.create(user=user, vote=after, **target)
        elif row:
            row.delete()
        _count(item, before, after)
    return after or None


@transaction.atomic
def votes_withdraw_all(user):
    """Every vote of the member taken back (their account is going), the items' counts moved
    with the rows: one statement per kind of item however many votes. Returns how many."""
    ids = list(Like.objects.select_for_update().filter(user=user).values_list("pk", flat=True))
    if not ids:
        return 0
    theirs = Like.objects.filter(pk__in=ids)
    for model, field in ((Post, "post"), (Comment, "comment")):

        def given(vote, field=field):
            counted = theirs.filter(**{field: OuterRef("pk")}, vote=vote).values(field).annotate(n=Count("pk"))
            return Coalesce(Subquery(counted.values("n")), 0)

        model.objects.filter(pk__in=theirs.values(field)).update(
            like_count=F("like_count") - given(Like.Vote.LIKE),
            dislike_count=F("dislike_count") - given(Like.Vote.DISLIKE),
        )
    threads = Q(pk__in=theirs.values("post")) | Q(pk__in=theirs.values("comment__post"))
    Post.objects.filter(threads).mark_threads_changed()
    theirs.delete()
    return len(ids)


def _kind(item):
    return "post" if isinstance(item, Post) else "comment"


def _target(item):
    return {_kind(item): item}


def _lock(key):
    """A lock held until the transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])


def _count(item, before, after):
    """Move the item's counts from the `before` vote to the `after` one, and the thread's cached
    pages on (the only pages that show them; no list does yet, so the sitewide counters stay:
    moving them would re-render every stored page on the site at each vote)."""
    likes = (after == Like.Vote.LIKE) - (before == Like.Vote.LIKE)
    dislikes = (after == Like.Vote.DISLIKE) - (before == Like.Vote.DISLIKE)
    if not likes and not dislikes:
        return
    type(item).objects.filter(pk=item.pk).update(
        like_count=F("like_count") + likes, dislike_count=F("dislike_count") + dislikes
    )
    post_id = item.pk if isinstance(item, Post) else item.post_id
    Post.objects.filter(pk=post_id).mark_threads_changed()
