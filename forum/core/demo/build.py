"""The demo forum: the seed post exactly as patrick.net shows it, and a lived-in site around it."""

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.models import TrustLevel
from forum.anonymous.models import AnonymousIdentity, candidate_names, network_digest, visitor_digest
from forum.comments.models import Comment
from forum.comments.services import post_recount_comments
from forum.posts.models import Post

from .content import MEMBERS, SENTENCES, TITLES
from .seed import SEED_AUTHOR, SEED_VIEWS, seed_body, seed_created_at, seed_title

DEMO_PASSWORD = "demo-password"
LONG_THREAD_COMMENTS = 130


def already_loaded():
    # By author and title, not time: a changed TIME_ZONE must not make it load twice.
    return Post.objects.filter(author__username=SEED_AUTHOR, title=seed_title()).exists()


@transaction.atomic
def build_demo_forum(*, rng=None):
    rng = rng or random.Random(2017)
    User = get_user_model()
    admin = User.objects.filter(username="admin").first() or User.objects.create_superuser(
        "admin", "admin@example.com", DEMO_PASSWORD, trust_level=TrustLevel.ADMIN
    )
    # Verified, as the admin logs in with mandatory verification too (production settings).
    EmailAddress.objects.get_or_create(user=admin, email=admin.email, defaults={"verified": True, "primary": True})
    zzyzzx = _member(User, SEED_AUTHOR)
    members = [_member(User, name) for name in MEMBERS]
    anonymous = [_anonymous(index) for index in range(15)]

    seed = Post(author=zzyzzx, created_at=seed_created_at(), view_count=SEED_VIEWS)
    seed.set_title(seed_title())
    seed.set_body(seed_body())
    seed.latest_activity_at = seed.created_at
    posts = [seed]

    start = datetime(2016, 3, 1, tzinfo=ZoneInfo(settings.TIME_ZONE))
    span = (timezone.now() - timedelta(days=1) - start).total_seconds()
    for index, title in enumerate(TITLES):
        created = start + timedelta(seconds=span * (index + rng.random()) / len(TITLES))
        post = Post(author=rng.choice(members + [zzyzzx]), created_at=created, view_count=rng.randint(20, 4000))
        post.set_title(title)
        post.set_body(_paragraphs(rng, rng.randint(1, 4)))
        post.latest_activity_at = created
        posts.append(post)
    _special_posts(posts[1:], rng)
    Post.objects.bulk_create(posts)

    writers = [{"author": member} for member in members + [zzyzzx, admin]] + [{"anonymous": a} for a in anonymous]
    comments = []
    for post in posts[1:]:
        count = LONG_THREAD_COMMENTS if post is posts[-3] else rng.choice([0, 0, 1, 2, 3, 5, 8, 13, 21])
        when = post.created_at
        for _ in range(count):
            when = min(when + timedelta(minutes=rng.randint(3, 600)), timezone.now())
            comment = Comment(post=post, created_at=when, **rng.choice(writers))
            comment.set_body(_paragraphs(rng, rng.choice([1, 1, 1, 2])))
            comments.append(comment)
    Comment.objects.bulk_create(comments)
    for post in posts[1:]:
        post_recount_comments(post.pk)
    return {"posts": len(posts), "comments": len(comments), "members": len(members) + 2}


def _member(User, name):
    # Members of long standing: joined before the oldest demo post.
    user = User.objects.create_user(
        name,
        f"{name}@example.com",
        DEMO_PASSWORD,
        date_joined=datetime(2015, 6, 1, tzinfo=ZoneInfo("UTC")),
        trust_level=TrustLevel.NORMAL,  # members of long standing
    )
    user.about = f"{name} has been reading the forum for years."
    user.save(update_fields=["about"])
    # Verified, so that under `make run` they get the emails they are due (printed by the worker).
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _anonymous(index):
    # Documentation addresses (RFC 5737): these visitors exist only in the demo.
    digest = visitor_digest(f"demo-visitor-{index}")
    return AnonymousIdentity.objects.create(
        name=next(candidate_names(digest)), digest=digest, network_digest=network_digest(f"198.51.100.{index + 1}")
    )


def _paragraphs(rng, count):
    return "\n\n".join(" ".join(rng.sample(SENTENCES, rng.randint(2, 5))) for _ in range(count))


def _special_posts(posts, rng):
    """A few posts that show what lists and pages must handle."""
    posts[5].status = Post.Status.HELD  # never in lists, prev/next or random
    posts[9].is_nsfw = True  # hidden from logged-out readers' lists
    posts[12].set_body(
        "Worth watching before the next council meeting:\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n"
        + _paragraphs(rng, 1)
    )
    posts[20].set_body(
        "The listing photo says it all:\n\nhttps://upload.wikimedia.org/wikipedia/commons/3/3f/Fronalpstock_big.jpg\n\n"
        "More in the [original article](https://en.wikipedia.org/wiki/Housing_affordability_index)."
    )
